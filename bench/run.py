"""`make bench`: build (or reuse) the corpora, run every measurement in its own process, print one table.

    python -m bench.run                          # 10,000, 100,000 and 1,000,000 events
    BENCH_SIZES=10000,100000 python -m bench.run # fewer sizes
    BENCH_ONLY=selector python -m bench.run      # only measurements whose name contains a word
    BENCH_LOAD=0 python -m bench.run             # skip the gunicorn load run (on by default at 100,000)
    DATABASE_URL=postgres://…/bench python -m bench.run  # on PostgreSQL (bench/postgres.py)

Each measurement runs in a child process pointed at the corpus through SQLITE_PATH, with production
settings (DEBUG off), so its peak memory (the child's VmHWM, bench.memory) is its own. The table is also
written to bench/data/latest.md and latest.json for docs/benchmarks.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.corpus import DATA_DIR, ROOT, ensure_corpus, ensure_empty_database
from bench.memory import own_peak_mb
from bench.postgres import POSTGRESQL_MEASUREMENTS, bench_url, load_corpus

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
# Production settings for the children: DEBUG off (no query log), a throwaway secret, the test client's host.
CHILD_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "tracker.settings",
    "DJANGO_ENV": "production",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "ERROR",
}


def parse_sizes(raw: str | None) -> list[int]:
    if not raw:
        return list(DEFAULT_SIZES)
    try:
        return [int(item.replace("_", "")) for item in raw.split(",") if item.strip()]
    except ValueError:
        raise SystemExit(f"BENCH_SIZES={raw!r}: give sizes as comma-separated integers, e.g. 10000,100000") from None


def child_environment(corpus: Path) -> dict[str, str]:
    """The corpus file as the database; or, on PostgreSQL (bench.postgres), the bench database holding it."""
    env = {**os.environ, **CHILD_ENVIRONMENT, "SQLITE_PATH": str(corpus)}
    if not bench_url():
        env.pop("DATABASE_URL", None)
    env.pop("DATABASE_REPLICA_URL", None)
    return env


def collect_static() -> None:
    """The production settings serve hashed static files through WhiteNoise, which needs collectstatic."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=child_environment(DATA_DIR / "unused.sqlite3"),
        check=True,
    )


def run_child(name: str, size: int, corpus: Path, empty: Path) -> dict:
    """One measurement in its own process; its result plus the process's peak resident memory."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.run", "--child", name, "--size", str(size), "--corpus", str(corpus)]
        + ["--empty", str(empty)],
        cwd=ROOT,
        env=child_environment(corpus),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate()
    # communicate() reaped the child; its rusage is gone, so the child reports its own peak instead.
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        tail = (stderr or stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit {process.returncode}: {tail[0]}"}
    return json.loads(lines[-1])


LOAD_SIZE = 100_000
LOAD_SECONDS_PER_URL = 15


def run_load(corpus: Path) -> dict:
    """bench/load.py against the corpus: gunicorn on loopback, concurrent clients, ~15 s per URL."""
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "bench.load", "--seconds", str(LOAD_SECONDS_PER_URL)],
        cwd=ROOT,
        env=child_environment(corpus),
        capture_output=True,
        text=True,
    )
    output = process.stdout.strip()
    if process.returncode != 0:
        output += "\n" + "\n".join(process.stderr.strip().splitlines()[-5:])
    return {"exit": process.returncode, "output": output, "seconds": time.perf_counter() - started}


def all_measurements() -> dict:
    """bench/measurements.py's rows, then the browser's (bench/browser.py)."""
    from bench.browser import BROWSER_MEASUREMENTS
    from bench.measurements import MEASUREMENTS

    return MEASUREMENTS | BROWSER_MEASUREMENTS


def child_main(name: str, size: int, corpus: Path, empty: Path) -> None:
    # Set up as a gunicorn worker is: through the WSGI module, which also freezes what start-up loaded.
    import tracker.wsgi  # noqa: F401
    from bench.harness import Context, Unavailable

    context = Context(size=size, corpus=corpus, empty_db=empty)
    try:
        result = all_measurements()[name](context)
        payload = {"result": asdict(result)}
    except Unavailable as exc:
        payload = {"unavailable": str(exc), "reference": exc.reference}
    # The peak of this process's own address space (bench.memory says why not ru_maxrss).
    payload["peak_mb"] = own_peak_mb()
    print(json.dumps(payload))


def format_table(report: dict) -> str:
    lines = [
        "| events | measurement | result | reference | ratio | peak MB | rows | load |",
        "|---:|---|---|---|---:|---:|---:|---:|",
    ]
    notes = []
    for size, entry in report["sizes"].items():
        build = entry["corpus_build_seconds"]
        built = f"built in {build:.1f} s ({int(size) / build:,.0f} events/s)" if build else "cached"
        if entry.get("postgresql_load_seconds"):
            built += f"; loaded into PostgreSQL in {entry['postgresql_load_seconds']:.1f} s"
        lines.append(f"| {int(size):,} | corpus | {built} | | | | | |")
        for name, outcome in entry["measurements"].items():
            peak = f"{outcome['peak_mb']:.0f}" if "peak_mb" in outcome else ""
            load = f"{outcome['load']:.1f}" if "load" in outcome else ""
            if "error" in outcome:
                lines.append(f"| {int(size):,} | {name} | FAILED: {outcome['error']} | | | {peak} | | {load} |")
                continue
            if "unavailable" in outcome:
                reference = outcome.get("reference", "")
                lines.append(f"| {int(size):,} | {name} | not available | {reference} | | {peak} | | {load} |")
                notes.append(f"- {int(size):,} {name}: {outcome['unavailable']}")
                continue
            result = outcome["result"]
            ratio = f"{result['ratio']:.2f}" if result["ratio"] is not None else ""
            rows = f"{result['rows']:,}" if result["rows"] is not None else ""
            lines.append(
                f"| {int(size):,} | {name} | {result['figure']} | {result['reference']} "
                f"| {ratio} | {peak} | {rows} | {load} |"
            )
            notes.extend(f"- {int(size):,} {name}: {note}" for note in result["notes"])
    ratios = {}
    for entry in report["sizes"].values():
        for name, outcome in entry["measurements"].items():
            if "result" in outcome and outcome["result"]["ratio_means"]:
                ratios[name] = outcome["result"]["ratio_means"]
    lines.append("")
    lines.append("Ratios: " + "; ".join(f"{name}: {means}" for name, means in ratios.items()) + ".")
    lines.append("")
    lines.append(growth_table(report))
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines)


def growth_table(report: dict) -> str:
    """How each timed figure moves with corpus size, beside the rows it returned."""
    sizes = list(report["sizes"])
    if len(sizes) < 2:
        return "Growth: run at least two sizes to see it."
    lines = ["| measurement | " + " | ".join(f"{int(size):,} events" for size in sizes) + " |"]
    lines.append("|---|" + "---:|" * len(sizes))
    names = report["sizes"][sizes[0]]["measurements"]
    for name in names:
        cells = []
        for size in sizes:
            outcome = report["sizes"][size]["measurements"].get(name, {})
            values = outcome.get("result", {}).get("values", {})
            rows = outcome.get("result", {}).get("rows")
            if "p95" in values:
                cell = f"p95 {values['p95'] * 1000:.1f} ms"
            elif "rows_per_second" in values:
                cell = f"{values['rows_per_second']:,.0f} rows/s"
            elif "seconds" in values:
                cell = f"{values['seconds'] * 1000:.0f} ms"
            else:
                cell = "–"
            if rows is not None and cell != "–":
                cell += f" for {rows:,} rows"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "Growth with corpus size:\n\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child")
    parser.add_argument("--size", type=int)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--empty", type=Path)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, args.size, args.corpus, args.empty)
        return

    sizes = parse_sizes(os.environ.get("BENCH_SIZES"))
    only = [word.lower() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
    url = bench_url()
    if url and not only:
        only = list(POSTGRESQL_MEASUREMENTS)
    names = [name for name in all_measurements() if not only or any(word in name.lower() for word in only)]
    started = time.perf_counter()
    engine = "PostgreSQL" if url else "SQLite"
    print(
        f"make bench on {engine}: sizes {', '.join(f'{size:,}' for size in sizes)}; {len(names)} measurements",
        flush=True,
    )
    empty = ensure_empty_database()
    collect_static()
    report = {
        "sizes": {},
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_at_start": os.getloadavg()[0],
        "cpus": os.cpu_count(),
        "engine": engine,
    }
    for size in sizes:
        corpus, build_seconds = ensure_corpus(size)
        entry = {"corpus_build_seconds": build_seconds, "measurements": {}}
        if url:
            entry["postgresql_load_seconds"] = load_corpus(corpus, url)
        report["sizes"][str(size)] = entry
        for name in names:
            print(f"  {size:,}: {name} …", flush=True)
            load_before = os.getloadavg()[0]
            entry["measurements"][name] = run_child(name, size, corpus, empty) | {"load": load_before}
            # Saved after every measurement, so an interrupted run keeps what it measured.
            (DATA_DIR / "partial.json").write_text(json.dumps(report, indent=2))
        if size == LOAD_SIZE and os.environ.get("BENCH_LOAD", "1") != "0":
            print(f"  {size:,}: load (gunicorn, bench/load.py) …", flush=True)
            report["load"] = {"size": size, **run_load(corpus)}
    report["seconds"] = time.perf_counter() - started
    report["load_average_at_end"] = os.getloadavg()[0]
    started_load, ended_load = report["load_average_at_start"], report["load_average_at_end"]
    table = (
        f"Run {report['started']} on {engine}, {report['cpus']} CPUs, "
        f"load average {started_load:.1f} at start and {ended_load:.1f} at end.\n\n" + format_table(report)
    )
    if "load" in report:
        load = report["load"]
        verdict = "no errors" if load["exit"] == 0 else f"ERRORS (exit {load['exit']})"
        table += (
            f"\n\nLoad, {load['size']:,} events (python -m bench.load --seconds {LOAD_SECONDS_PER_URL}), {verdict}:\n\n"
            + "\n".join(f"    {line}" for line in load["output"].splitlines())
        )
    print()
    print(table)
    print(f"\nWhole run: {report['seconds']:.0f} s")
    (DATA_DIR / "latest.json").write_text(json.dumps(report, indent=2))
    (DATA_DIR / "latest.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
