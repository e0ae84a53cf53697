"""Exports and the import under `make bench`: the CSV and JSON downloads beside the physical floor (the
sqlite3 shell, or psql, writing the same rows from a table that already holds them), and the import
of an export into a database without events."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from bench.harness import Context, Result, Unavailable, anonymous, bare_connection

IMPORT_ROWS = 100_000


# --- CSV export (tracker.exports) ----------------------------------------------------------------


def shell_export(ctx: Context, sql: str) -> tuple[float, float, int]:
    """The sqlite3 shell running `sql` as CSV into /dev/null: (wall s, CPU s, lines written)."""
    if shutil.which("sqlite3") is None:
        raise Unavailable("the sqlite3 shell is not installed (make bench installs it with apt-get)")
    started = time.perf_counter()
    shell = subprocess.Popen(
        ["sqlite3", "-readonly", "-csv", str(ctx.corpus)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    shell.stdin.write(sql.rstrip().rstrip(";").encode() + b";\n")
    shell.stdin.close()
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: shell.stdout.read(1 << 20), b""))
    _, status, usage = os.wait4(shell.pid, 0)
    seconds = time.perf_counter() - started
    shell.returncode = os.waitstatus_to_exitcode(status)
    if shell.returncode != 0:
        raise RuntimeError(f"sqlite3 shell exited with {shell.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, lines


def floor_table(ctx: Context, sql: str) -> Path:
    """A SQLite file beside the corpus holding the export's rows as a flat table, built once per corpus."""
    path = ctx.corpus.with_name(f"floor-{ctx.corpus.stem}.sqlite3")
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        script = f"ATTACH '{ctx.corpus}' AS corpus;\nCREATE TABLE flat AS {sql.rstrip().rstrip(';')};\n"
        subprocess.run(["sqlite3", str(partial)], input=script.encode(), check=True)
        partial.rename(path)
    return path


def floor_export(ctx: Context, sql: str) -> tuple[float, float, int]:
    """The physical floor: the sqlite3 shell writing the export's rows from a table that already holds them
    (on PostgreSQL, psql copying out such a table)."""
    from bench.postgres import bench_url, psql_floor

    if bench_url():
        return psql_floor(bench_url(), sql)
    if shutil.which("sqlite3") is None:
        raise Unavailable("the sqlite3 shell is not installed (make bench installs it with apt-get)")
    flat = floor_table(ctx, sql)
    return shell_export(Context(size=ctx.size, corpus=flat, empty_db=ctx.empty_db), "SELECT * FROM flat")


def _streamed(chunks) -> tuple[float, float, int, int]:
    """Drain an export's chunks into /dev/null as the HTTP response sends them (bytes as they come,
    text encoded to UTF-8, as Django's streaming response does): (wall s, CPU s, bytes, CRLF line ends).
    Decoding bytes to text here charged the JSON export ~4 s at 1M for work no response does, and
    leaving text unencoded spared the CSV export the encoding every response does."""
    started, started_cpu = time.perf_counter(), time.process_time()
    written = lines = 0
    with open("/dev/null", "wb") as sink:
        for chunk in chunks:
            data = chunk if isinstance(chunk, bytes) else chunk.encode()
            sink.write(data)
            written += len(data)
            lines += data.count(b"\r\n")
    return time.perf_counter() - started, time.process_time() - started_cpu, written, lines


def csv_export(ctx: Context) -> Result:
    """Every published event as the CSV download streams it (iter_csv_lines), beside the sqlite3 shell
    writing the same rows from a flat table (the floor) and running the export's SELECT; peak memory
    is this process's."""
    from bench.postgres import bench_url, psql_export
    from tracker.exports import export_request, export_sql_for_shell, iter_csv_lines

    user = anonymous()
    shell_sql = export_sql_for_shell(export_request({}, user).events)
    floor_seconds, floor_cpu, floor_lines = floor_export(ctx, shell_sql)
    if bench_url():
        shell_seconds, shell_cpu, shell_lines = psql_export(bench_url(), shell_sql)
    else:
        shell_seconds, shell_cpu, shell_lines = shell_export(ctx, shell_sql)
    seconds, cpu, written, rows = _streamed(iter_csv_lines({}, user))
    rows -= 1  # the header line
    ours_rate, floor_rate, shell_rate = rows / seconds, rows / floor_seconds, rows / shell_seconds
    notes = [
        f"our CPU {cpu:.2f} s, the floor's {floor_cpu:.2f} s ({floor_cpu / cpu:.2f}×); the shell on the export's"
        f" SELECT {shell_rate:,.0f} rows/s ({shell_seconds:.2f} s, CPU {shell_cpu:.2f} s; ours"
        f" {ours_rate / shell_rate:.2f}× it); {written / 1e6:.0f} MB of CSV; peak MB is this child process"
        " (Django loaded), the shell is a separate process",
    ]
    if min(shell_lines, floor_lines) < rows:
        notes.append(f"SHELL WROTE {min(shell_lines, floor_lines):,} LINES FOR {rows:,} ROWS")
    return Result(
        figure=f"{ours_rate:,.0f} rows/s ({seconds:.2f} s, CPU {cpu:.2f} s)",
        reference=f"floor: {'psql' if bench_url() else 'sqlite3 shell'} from a flat table {floor_rate:,.0f} rows/s"
        f" ({floor_seconds:.2f} s)",
        ratio=ours_rate / floor_rate,
        ratio_means="our rows/s ÷ the shell's from a flat table of the same rows (target ≥ 0.25; peak < 150 MB)",
        rows=rows,
        notes=notes,
        values={
            "rows_per_second": ours_rate,
            "reference_rows_per_second": floor_rate,
            "select_rows_per_second": shell_rate,
            "cpu_ratio": floor_cpu / cpu,
        },
    )


def json_export(ctx: Context) -> Result:
    """Every published event as the JSON download streams it (iter_json_chunks), beside the same floor."""
    from tracker.exports import export_request, export_sql_for_shell, iter_json_chunks

    user = anonymous()
    floor_seconds, _, _ = floor_export(ctx, export_sql_for_shell(export_request({}, user).events))
    seconds, cpu, written, _ = _streamed(iter_json_chunks(export_request({}, user)))
    rows = bare_connection(ctx).execute("SELECT COUNT(*) FROM tracker_event WHERE is_published").fetchone()[0]
    ours_rate, floor_rate = rows / seconds, rows / floor_seconds
    return Result(
        figure=f"{ours_rate:,.0f} rows/s ({seconds:.2f} s, CPU {cpu:.2f} s); {written / 1e6:.0f} MB",
        reference=f"floor (CSV from a flat table) {floor_rate:,.0f} rows/s ({floor_seconds:.2f} s)",
        ratio=ours_rate / floor_rate,
        ratio_means="our JSON rows/s ÷ the flat table's CSV rows/s (nested rows: expect below the CSV's ratio)",
        rows=rows,
        values={"rows_per_second": ours_rate, "reference_rows_per_second": floor_rate},
    )


# --- Import (tracker.imports) --------------------------------------------------------------------

# What a site that imports a file already has: the people, offices and topics the rows name; no events.
REFERENCE_TABLES = ("organization", "topic", "series", "person", "office", "position")


def csv_import(ctx: Context) -> Result:
    """Up to 100,000 exported rows (write_csv) imported with import_events into a scratch database without events."""
    from django.db import connections

    from tracker.exports import write_csv
    from tracker.imports import import_events
    from tracker.queries.selectors import events_matching

    limit = min(ctx.size, IMPORT_ROWS)
    events = events_matching({}, anonymous()).events
    pks = list(events.values_list("pk", flat=True)[:limit])
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "events.csv"
        with open(source, "w", encoding="utf-8", newline="") as sink:
            exported = write_csv(sink, events.filter(pk__in=pks))
        target = Path(scratch) / "target.sqlite3"
        shutil.copy(ctx.empty_db, target)
        with sqlite3.connect(target) as scratch_db:
            scratch_db.execute("ATTACH DATABASE ? AS corpus", (str(ctx.corpus),))
            for table in REFERENCE_TABLES:
                scratch_db.execute(f"INSERT INTO tracker_{table} SELECT * FROM corpus.tracker_{table}")
        default = connections["default"]
        corpus_name = default.settings_dict["NAME"]
        default.close()
        default.settings_dict["NAME"] = str(target)
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            report = import_events(source, create_people=True)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        finally:
            default.close()
            default.settings_dict["NAME"] = corpus_name
    if not report.ok:
        raise RuntimeError(f"import rejected the export: {report.summary()} first: {report.errors[0]}")
    rate, cpu_rate = exported / seconds, exported / cpu
    return Result(
        figure=f"{rate:,.0f} rows/s ({seconds:.1f} s; CPU {cpu:.1f} s, {cpu_rate:,.0f} rows/s)",
        reference="target ≥ 5,000 rows/s",
        ratio=rate / 5000,
        ratio_means="rows/s (wall) ÷ 5,000; the CPU figure leaves out waiting for a shared core",
        rows=exported,
        notes=[report.summary()],
        values={"rows_per_second": rate, "cpu_rows_per_second": cpu_rate},
    )
