"""The named measurements of `make bench`, each run in its own child process against one corpus file.

A measurement is a function of a `Context` that returns a `Result`: its own figure, a reference
measured in the same run on the same rows (bare SQL, the sqlite3 shell, plotly.express), and the
ratio between them, because this machine is shared and noisy and only ratios travel well.

Measurements of code other issues add (tracker.charts, tracker.exports, tracker.imports,
tracker.api) raise `Unavailable` when that code is not in this build; the table says so and the
run goes on. The interfaces they expect are listed in docs/benchmarks.md.
"""

import importlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

WINDOW_YEAR = 2019
LIST_PAGE_SIZE = 50
TIMELINE_ROWS = 100_000
IMPORT_ROWS = 100_000
REPEATS = 30


class Unavailable(Exception):
    """The code this measurement exercises is not part of this build; the reference may still be measured."""

    def __init__(self, reason: str, reference: str = "") -> None:
        super().__init__(reason)
        self.reference = reference


@dataclass
class Context:
    size: int
    corpus: Path
    empty_db: Path


@dataclass
class Result:
    figure: str
    reference: str = ""
    ratio: float | None = None
    ratio_means: str = ""
    rows: int | None = None
    notes: list[str] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Samples:
    """Wall-clock and CPU seconds of repeated runs. CPU time leaves out waiting for a core, so it
    is the steadier figure on a shared machine; wall time is what a reader waits."""

    wall: list[float]
    cpu: list[float]
    outcome: object = None


def timed(action: Callable[[], object], repeats: int = REPEATS, warmup: int = 3) -> Samples:
    """Run `action` warmup + repeats times; the timings of the timed runs and the last outcome."""
    outcome = None
    for _ in range(warmup):
        outcome = action()
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        outcome = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Samples(wall, cpu, outcome)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bare_connection(ctx: Context) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{ctx.corpus}?mode=ro", uri=True)


def longest_duration(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COALESCE(MAX(duration_days), 0) FROM tracker_event").fetchone()[0]


def window_bounds(db: sqlite3.Connection) -> tuple[str, str, str]:
    """(lowest start_date, window start, window end) for WINDOW_YEAR, as the selector bounds it."""
    window_start = date(WINDOW_YEAR, 1, 1)
    lowest = window_start - timedelta(days=longest_duration(db))
    return lowest.isoformat(), window_start.isoformat(), f"{WINDOW_YEAR}-12-31"


def countries_by_activity(db: sqlite3.Connection) -> list[str]:
    return [
        code
        for (code,) in db.execute(
            "SELECT country_id FROM tracker_eventcountry GROUP BY country_id ORDER BY COUNT(*) DESC, country_id"
        )
    ]


def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# --- Selector: one country, one year -------------------------------------------------------------

BARE_WINDOW_SQL = """
SELECT e.* FROM tracker_event e
WHERE e.is_published AND e.id IN (
    SELECT event_id FROM tracker_eventcountry
    WHERE country_id = ? AND start_date >= ? AND start_date <= ? AND end_date >= ?
)
ORDER BY e.start_date, e.id
"""


def _window_selector(ctx: Context, pick: Callable[[list[str]], str], label: str) -> Result:
    from django.db import connection

    from tracker.selectors import events_matching

    db = bare_connection(ctx)
    code = pick(countries_by_activity(db))
    params = {"country": [code], "start": str(WINDOW_YEAR), "end": str(WINDOW_YEAR)}
    user = anonymous()

    def through_selector() -> list:
        return list(events_matching(params, user).events)

    ours = timed(through_selector)
    rows = ours.outcome
    # The same queryset, already bound: what the database and the ORM's row building cost alone.
    bound = events_matching(params, user).events
    query_only = timed(lambda: list(bound.all()))
    lowest, window_start, window_end = window_bounds(db)

    def bare() -> list:
        return db.execute(BARE_WINDOW_SQL, (code, lowest, window_end, window_start)).fetchall()

    reference = timed(bare)
    bare_rows = reference.outcome
    sql, sql_params = bound.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, sql_params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    p50, p95, ref95 = percentile(ours.wall, 0.5), percentile(ours.wall, 0.95), percentile(reference.wall, 0.95)
    query95 = percentile(query_only.wall, 0.95)
    cpu_ratio = statistics.median(query_only.cpu) / statistics.median(reference.cpu)
    notes = [
        f"{label} country {code}, {WINDOW_YEAR}; query alone (bound queryset, rows as models) p95 {ms(query95)}"
        f" = {query95 / ref95:.1f}× bare SQL p95; median CPU time {cpu_ratio:.1f}× bare SQL",
        f"plan: {plan}",
    ]
    if len(rows) != len(bare_rows):
        notes.append(f"ROW COUNT DIFFERS: selector {len(rows)}, bare SQL {len(bare_rows)}")
    if "event_country_window" not in plan:
        notes.append("PLAN DOES NOT USE event_country_window")
    return Result(
        figure=f"p50 {ms(p50)}, p95 {ms(p95)}; CPU p95 {ms(percentile(ours.cpu, 0.95))}; query alone p95 {ms(query95)}",
        reference=f"bare SQL p95 {ms(ref95)}",
        ratio=p95 / ref95,
        ratio_means="selector p95 (filter binding + query + model rows) ÷ bare SQL p95; target ≤ 25 ms p95 at 1M",
        rows=len(rows),
        notes=notes,
        values={
            "p50": p50,
            "p95": p95,
            "cpu_p95": percentile(ours.cpu, 0.95),
            "query_p95": query95,
            "reference_p95": ref95,
            "query_cpu_ratio": cpu_ratio,
        },
    )


def window_selector_typical(ctx: Context) -> Result:
    """events_matching for the median-activity country in one year, rows fully fetched."""
    return _window_selector(ctx, lambda codes: codes[len(codes) // 2], "median-activity")


def window_selector_busiest(ctx: Context) -> Result:
    """The same for the busiest country: cost should follow rows returned, not rows stored."""
    return _window_selector(ctx, lambda codes: codes[0], "busiest")


# --- Filtered list page --------------------------------------------------------------------------

BARE_PAGE_SQL = """
SELECT e.id, e.title, e.slug, e.kind, e.start_date, e.end_date, e.date_precision, hc.name,
    (SELECT group_concat(p.name, '; ') FROM tracker_participation pa
        JOIN tracker_person p ON p.id = pa.person_id WHERE pa.event_id = e.id),
    (SELECT group_concat(t.name, '; ') FROM tracker_event_topics et
        JOIN tracker_topic t ON t.id = et.topic_id WHERE et.event_id = e.id),
    (SELECT group_concat(ec.country_id, '; ') FROM tracker_eventcountry ec WHERE ec.event_id = e.id)
FROM tracker_event e LEFT JOIN tracker_country hc ON hc.code = e.host_country_id
WHERE e.is_published AND e.id IN (
    SELECT event_id FROM tracker_eventcountry
    WHERE country_id = ? AND start_date >= ? AND start_date <= ? AND end_date >= ?
)
ORDER BY e.start_date, e.id LIMIT ?
"""


def filtered_list(ctx: Context) -> Result:
    """The first page of a filtered list: the /events/ page when it exists, else the selector with for_listing()."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tracker.selectors import events_matching

    db = bare_connection(ctx)
    codes = countries_by_activity(db)
    code = codes[len(codes) // 2]
    params = {"country": [code], "start": str(WINDOW_YEAR), "end": str(WINDOW_YEAR)}
    if url_exists("/events/"):
        client = Client()
        query = f"/events/?country={code}&start={WINDOW_YEAR}&end={WINDOW_YEAR}"

        def page() -> int:
            response = client.get(query)
            assert response.status_code == 200, response.status_code
            return len(response.content)

        surface = f"GET {query}"
    else:

        def page() -> int:
            return len(list(events_matching(params, anonymous()).events.for_listing()[:LIST_PAGE_SIZE]))

        surface = "events_matching(...).events.for_listing()[:50] (no /events/ URL in this build)"
    ours = timed(page)
    with CaptureQueriesContext(connection) as queries:
        page()
    lowest, window_start, window_end = window_bounds(db)

    def bare() -> list:
        return db.execute(BARE_PAGE_SQL, (code, lowest, window_end, window_start, LIST_PAGE_SIZE)).fetchall()

    reference = timed(bare)
    bare_rows = reference.outcome
    p50, p95, ref95 = percentile(ours.wall, 0.5), percentile(ours.wall, 0.95), percentile(reference.wall, 0.95)
    return Result(
        figure=f"p50 {ms(p50)}, p95 {ms(p95)}, {len(queries)} queries",
        reference=f"bare SQL page p95 {ms(ref95)}",
        ratio=p95 / ref95,
        ratio_means="list p95 ÷ bare SQL p95",
        rows=len(bare_rows),
        notes=[surface],
        values={"p50": p50, "p95": p95, "reference_p95": ref95, "queries": len(queries)},
    )


# --- Timeline figure JSON (tracker.charts) -------------------------------------------------------


def timeline_json(ctx: Context) -> Result:
    """tracker.charts.timeline_figure(events) serialised, beside plotly.express.timeline(...).to_json()."""
    import orjson

    from tracker.selectors import events_matching

    events = events_matching({}, anonymous()).events
    limit = min(ctx.size, TIMELINE_ROWS)
    pks = list(events.values_list("pk", flat=True)[:limit])
    rows = events.filter(pk__in=pks) if limit < ctx.size else events
    try:
        import pandas
        import plotly.express as px
    except ImportError as exc:
        raise Unavailable(f"the reference needs pandas (bench/requirements.txt): {exc}") from None

    def reference() -> str:
        frame = pandas.DataFrame.from_records(
            rows.values("title", "start_date", "end_date", "kind", "host_country_id"),
        )
        frame["end_date"] = pandas.to_datetime(frame["end_date"]) + pandas.Timedelta(days=1)
        figure = px.timeline(
            frame, x_start="start_date", x_end="end_date", y="host_country_id", color="kind", hover_name="title"
        )
        return figure.to_json()

    reference_run = timed(reference, repeats=3, warmup=1)
    reference_payload = reference_run.outcome
    ref_s = statistics.median(reference_run.wall)
    reference_text = f"plotly.express {ms(ref_s)}, {len(reference_payload.encode()) / 1e6:.2f} MB for {len(pks):,} rows"
    try:
        charts = importlib.import_module("tracker.charts")
        build = charts.timeline_figure
    except (ImportError, AttributeError) as exc:
        raise Unavailable(f"tracker.charts.timeline_figure: {exc}", reference_text) from None

    def ours() -> bytes:
        figure = build(rows)
        if isinstance(figure, bytes | str):
            return figure.encode() if isinstance(figure, str) else figure
        return orjson.dumps(figure, option=orjson.OPT_SERIALIZE_NUMPY)

    ours_run = timed(ours, repeats=3, warmup=1)
    payload = ours_run.outcome
    ours_s = statistics.median(ours_run.wall)
    return Result(
        figure=f"{ms(ours_s)}, {len(payload) / 1e6:.2f} MB",
        reference=reference_text,
        ratio=ours_s / ref_s,
        ratio_means="build time ÷ plotly.express (target ≤ 0.2, bytes ≤ reference)",
        rows=len(pks),
        values={"seconds": ours_s, "bytes": len(payload), "reference_seconds": ref_s},
    )


# --- CSV export (tracker.exports) ----------------------------------------------------------------

EXPORT_FUNCTIONS = ("iter_csv", "csv_stream", "stream_csv")

SHELL_EXPORT_SQL = """
SELECT e.uid, e.title, e.kind, e.start_date, e.end_date, e.date_precision, e.place_name, e.host_country_id,
    (SELECT group_concat(ec.country_id, ';') FROM tracker_eventcountry ec WHERE ec.event_id = e.id),
    (SELECT group_concat(p.name || ' (' || pa.role || ')', ';') FROM tracker_participation pa
        JOIN tracker_person p ON p.id = pa.person_id WHERE pa.event_id = e.id),
    (SELECT group_concat(t.slug, ';') FROM tracker_event_topics et
        JOIN tracker_topic t ON t.id = et.topic_id WHERE et.event_id = e.id),
    e.lifecycle, e.summary,
    (SELECT group_concat(s.publisher || ' ' || s.url, ';') FROM tracker_citation c
        JOIN tracker_source s ON s.id = c.source_id WHERE c.event_id = e.id)
FROM tracker_event e WHERE e.is_published ORDER BY e.start_date, e.id;
"""


def export_function() -> tuple[str, Callable]:
    try:
        exports = importlib.import_module("tracker.exports")
    except ImportError as exc:
        raise Unavailable(f"tracker.exports: {exc}") from None
    for name in EXPORT_FUNCTIONS:
        if hasattr(exports, name):
            return name, getattr(exports, name)
    raise Unavailable(f"tracker.exports has none of {', '.join(EXPORT_FUNCTIONS)}")


def drain(chunks: Iterable[str | bytes], sink) -> int:
    written = 0
    for chunk in chunks:
        data = chunk.encode() if isinstance(chunk, str) else chunk
        sink.write(data)
        written += len(data)
    return written


def shell_export(ctx: Context) -> tuple[float, float, int]:
    """The sqlite3 shell running the same SELECT as CSV into /dev/null: (wall s, CPU s, rows)."""
    if shutil.which("sqlite3") is None:
        raise Unavailable("the sqlite3 shell is not installed (make bench installs it with apt-get)")
    started = time.perf_counter()
    shell = subprocess.Popen(
        ["sqlite3", "-readonly", "-csv", str(ctx.corpus), SHELL_EXPORT_SQL], stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(shell.pid, 0)
    seconds = time.perf_counter() - started
    shell.returncode = os.waitstatus_to_exitcode(status)
    if shell.returncode != 0:
        raise RuntimeError(f"sqlite3 shell exited with {shell.returncode}")
    rows = bare_connection(ctx).execute("SELECT COUNT(*) FROM tracker_event WHERE is_published").fetchone()[0]
    return seconds, usage.ru_utime + usage.ru_stime, rows


def csv_export(ctx: Context) -> Result:
    """Every published event streamed as CSV to /dev/null; rows/s beside the sqlite3 shell."""
    from tracker.selectors import events_matching

    shell_seconds, shell_cpu, shell_rows = shell_export(ctx)
    shell_rate = shell_rows / shell_seconds
    reference_text = f"sqlite3 shell {shell_rate:,.0f} rows/s ({shell_seconds:.2f} s, CPU {shell_cpu:.2f} s)"
    try:
        name, export = export_function()
    except Unavailable as exc:
        raise Unavailable(str(exc), reference_text) from None
    events = events_matching({}, anonymous()).events
    started, started_cpu = time.perf_counter(), time.process_time()
    with open("/dev/null", "wb") as sink:
        written = drain(export(events), sink)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    rows = events.count()
    ours_rate = rows / seconds
    return Result(
        figure=f"{ours_rate:,.0f} rows/s ({seconds:.2f} s, CPU {cpu:.2f} s, {written / 1e6:.0f} MB)",
        reference=reference_text,
        ratio=shell_cpu / cpu * rows / shell_rows,
        ratio_means="our rows per CPU second ÷ the shell's (target ≥ 0.25; peak memory < 150 MB)",
        rows=rows,
        notes=[f"tracker.exports.{name}"],
        values={"rows_per_second": ours_rate, "reference_rows_per_second": shell_rate},
    )


# --- Import (tracker.imports) --------------------------------------------------------------------


IMPORT_REFERENCE_TABLES = (
    "tracker_organization",
    "tracker_topic",
    "tracker_series",
    "tracker_source",
    "tracker_office",
    "tracker_person",
    "tracker_position",
)


def csv_import(ctx: Context) -> Result:
    """Up to 100,000 exported rows imported into an empty database, beside the corpus builder's raw inserts."""
    try:
        imports = importlib.import_module("tracker.imports")
        import_events = imports.import_events
    except (ImportError, AttributeError) as exc:
        raise Unavailable(f"tracker.imports.import_events: {exc}") from None
    from django.db import connections

    from tracker.selectors import events_matching

    _, export = export_function()
    limit = min(ctx.size, IMPORT_ROWS)
    events = events_matching({}, anonymous()).events
    pks = list(events.values_list("pk", flat=True)[:limit])
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "events.csv"
        with open(source, "wb") as sink:
            drain(export(events.filter(pk__in=pks)), sink)
        target = Path(scratch) / "target.sqlite3"
        shutil.copy(ctx.empty_db, target)
        # The rows name the corpus's people, offices, topics, series and sources: give the target
        # that reference data (no events), as a real import into an existing database would find.
        db = sqlite3.connect(target)
        try:
            db.execute("ATTACH DATABASE ? AS corpus", (str(ctx.corpus),))
            for table in IMPORT_REFERENCE_TABLES:
                db.execute(f"INSERT INTO {table} SELECT * FROM corpus.{table}")
            db.commit()
        finally:
            db.close()
        default = connections["default"]
        corpus_name = default.settings_dict["NAME"]
        default.close()
        default.settings_dict["NAME"] = str(target)
        try:
            started = time.perf_counter()
            report = import_events(source, create_people=True)
            seconds = time.perf_counter() - started
        finally:
            default.close()
            default.settings_dict["NAME"] = corpus_name
    # A rejected file returns quickly having written nothing: that is not an import speed.
    if not report.ok:
        raise Unavailable(f"the import was rejected: {report.errors[0]} ({len(report.errors)} errors)")
    rate = len(pks) / seconds
    return Result(
        figure=f"{rate:,.0f} rows/s ({seconds:.1f} s)",
        reference="target ≥ 5,000 rows/s",
        ratio=rate / 5000,
        ratio_means="rows/s ÷ 5,000",
        rows=len(pks),
        values={"rows_per_second": rate},
    )


# --- API (tracker.api) ---------------------------------------------------------------------------


def api_latency(ctx: Context) -> Result:
    """GET /api/events/ with the country and year filter, beside the bare SQL for the same page."""
    from django.test import Client

    if not url_exists("/api/events/"):
        raise Unavailable("no /api/events/ URL in this build")
    db = bare_connection(ctx)
    codes = countries_by_activity(db)
    code = codes[len(codes) // 2]
    client = Client()
    query = f"/api/events/?country={code}&start={WINDOW_YEAR}&end={WINDOW_YEAR}"

    def get() -> int:
        response = client.get(query)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    ours = timed(get)
    lowest, window_start, window_end = window_bounds(db)

    def bare() -> list:
        return db.execute(BARE_PAGE_SQL, (code, lowest, window_end, window_start, LIST_PAGE_SIZE)).fetchall()

    reference = timed(bare)
    p50, p95, ref95 = percentile(ours.wall, 0.5), percentile(ours.wall, 0.95), percentile(reference.wall, 0.95)
    return Result(
        figure=f"p50 {ms(p50)}, p95 {ms(p95)}",
        reference=f"bare SQL page p95 {ms(ref95)}",
        ratio=p95 / ref95,
        ratio_means="API p95 ÷ bare SQL p95",
        values={"p50": p50, "p95": p95},
    )


MEASUREMENTS: dict[str, Callable[[Context], Result]] = {
    "selector, 1 country × 1 year (median country)": window_selector_typical,
    "selector, 1 country × 1 year (busiest country)": window_selector_busiest,
    "filtered list page": filtered_list,
    "timeline figure JSON": timeline_json,
    "CSV export, all published": csv_export,
    "import": csv_import,
    "API /api/events/": api_latency,
}
