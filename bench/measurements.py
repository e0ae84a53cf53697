"""The named measurements of `make bench`, each run in its own child process against one corpus file.

A measurement is a function of a `Context` that returns a `Result`: its own figure, a reference
measured in the same run on the same rows (bare SQL, the sqlite3 shell, plotly.express), and the
ratio between them, because this machine is shared and noisy and only ratios travel well.

Every measurement calls the real code (tracker.queries.selectors, tracker.charts, tracker.exports,
tracker.imports, the /events/, /charts/timeline.json and /api/events/ views). `Unavailable` is left
for a missing reference tool (the sqlite3 shell, pandas); the table says so and the run goes on.
"""

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.charts.columns import EventColumns

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


def alternated(
    first: Callable[[], object], second: Callable[[], object], rounds: int, warmup: int = 1
) -> tuple[Samples, Samples]:
    """`first` and `second` timed in turns, after `warmup` runs each, so a stretch of load from other
    jobs on the machine slows both rather than only the one that happened to run then."""
    for _ in range(warmup):
        first(), second()
    runs = (Samples([], []), Samples([], []))
    for _ in range(rounds):
        for samples, action in zip(runs, (first, second), strict=True):
            more = timed(action, repeats=1, warmup=0)
            samples.wall += more.wall
            samples.cpu += more.cpu
            samples.outcome = more.outcome
    return runs


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


def median_country(db: sqlite3.Connection) -> str:
    codes = countries_by_activity(db)
    return codes[len(codes) // 2]


def getter(path: str) -> Callable[[], bytes]:
    """A function that GETs `path` through a test client and returns the body, checking for a 200."""
    from django.test import Client

    client = Client()

    def get() -> bytes:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    return get


def after_each_change(path: str, repeats: int, *, in_background: bool = True, warmup: int = 1) -> Samples:
    """GET `path` as the first reader after a change (the data version raised before each request).

    With `in_background` (the site's default) the reader is served the previous counts, marked, while
    a thread recounts; each recount is waited for before the next change, outside the timing. Without
    it, the reader waits for the count. The outcome is every response's (status, previous counts served?).
    """
    from django.test import Client, override_settings

    from tracker.models import DataVersion
    from tracker.queries.summaries import wait_for_recounts

    client = Client()
    samples = Samples([], [], [])
    with override_settings(SUMMARY_RECOUNT_IN_BACKGROUND=in_background):
        for index in range(warmup + repeats):
            wait_for_recounts(timeout=600)
            DataVersion.bump()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            marked = response.has_header("Counted-At") or b"being recounted" in response.content
            if index >= warmup:
                samples.wall.append(wall)
                samples.cpu.append(cpu)
                samples.outcome.append((response.status_code, marked))
        wait_for_recounts(timeout=600)
    return samples


def statuses(samples: Samples) -> str:
    """How the responses went: "10 × 200 (previous counts, marked)", "3 × 503"…"""
    tally: dict[str, int] = {}
    for status, marked in samples.outcome:
        label = f"{status}{' (previous counts, marked)' if marked else ''}"
        tally[label] = tally.get(label, 0) + 1
    return ", ".join(f"{number} × {label}" for label, number in tally.items())


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

    from tracker.queries.selectors import events_matching

    db = bare_connection(ctx)
    code = pick(countries_by_activity(db))
    params = {"country": [code], "start": str(WINDOW_YEAR), "end": str(WINDOW_YEAR)}
    user = anonymous()

    def through_selector() -> list:
        return list(events_matching(params, user).events)

    lowest, window_start, window_end = window_bounds(db)

    def bare() -> list:
        return db.execute(BARE_WINDOW_SQL, (code, lowest, window_end, window_start)).fetchall()

    ours, reference = alternated(through_selector, bare, rounds=REPEATS, warmup=3)
    rows = ours.outcome
    # The same queryset, already bound: what the database and the ORM's row building cost alone.
    bound = events_matching(params, user).events
    query_only = timed(lambda: list(bound.all()))
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
    """The first page of a filtered list, GET /events/?country=…&start=…&end=… through the test client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    db = bare_connection(ctx)
    code = median_country(db)
    query = f"/events/?country={code}&start={WINDOW_YEAR}&end={WINDOW_YEAR}"
    page = getter(query)
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
        notes=[f"GET {query}"],
        values={"p50": p50, "p95": p95, "reference_p95": ref95, "queries": len(queries)},
    )


def home_page(ctx: Context) -> Result:
    """GET / unfiltered: the timeline plus the map, events per month and the meetings matrix over
    every published event, the page most readers open first. The summaries are cached under the data
    version, so it is timed as most readers get it and as the first reader after a change, who is
    served the previous counts (marked) while they are recounted; and, for reference, as that reader
    waiting for the count (SUMMARY_RECOUNT_IN_BACKGROUND off), under the reader's query budget
    (READER_QUERY_TIMEOUT_MS), which may cut it off with a 503."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = getter("/")
    ours = timed(page, repeats=5, warmup=1)
    first = after_each_change("/", repeats=5)
    waiting = after_each_change("/", repeats=2, in_background=False, warmup=0)
    page()
    with CaptureQueriesContext(connection) as queries:
        page()
    published = bare_connection(ctx).execute("SELECT COUNT(*) FROM tracker_event WHERE is_published").fetchone()[0]
    p50, p95 = percentile(ours.wall, 0.5), percentile(ours.wall, 0.95)
    first50, first95 = percentile(first.wall, 0.5), percentile(first.wall, 0.95)
    waiting50 = percentile(waiting.wall, 0.5)
    budget = settings.READER_QUERY_TIMEOUT_MS
    return Result(
        figure=(
            f"p50 {ms(p50)}, p95 {ms(p95)}; CPU p50 {ms(statistics.median(ours.cpu))}; {len(queries)} queries;"
            f" first after a change p50 {ms(first50)}, p95 {ms(first95)} ({statuses(first)})"
        ),
        reference=f"the first reader waiting for the count p50 {ms(waiting50)} ({statuses(waiting)})",
        ratio=first95 / 0.5,
        ratio_means="home page p95, first request after a change, ÷ 500 ms",
        rows=published,
        notes=[
            f"GET / over {published:,} published events; {len(ours.outcome) / 1e6:.2f} MB of HTML;"
            f" reader query budget READER_QUERY_TIMEOUT_MS={budget}"
        ],
        values={
            "p50": p50,
            "p95": p95,
            "cpu_p50": statistics.median(ours.cpu),
            "queries": len(queries),
            "first_after_change_p50": first50,
            "first_after_change_p95": first95,
            "waiting_p50": waiting50,
        },
    )


# --- Timeline (tracker.charts, /charts/timeline.json) ---------------------------------------------


def _timeline_rows(limit: int) -> "EventColumns":
    """The first `limit` published events (date order) as timeline_data.timeline_rows gives them to the chart."""
    from tracker.queries.selectors import events_matching
    from tracker.queries.timeline_data import timeline_rows

    events = events_matching({}, anonymous()).events
    pks = list(events.values_list("pk", flat=True)[:limit])
    return timeline_rows(events.filter(pk__in=pks))


def _plotly_express_reference(rows: "EventColumns") -> Callable[[], str]:
    """plotly.express.timeline on the same rows, one lane per kind as our default grouping, serialised."""
    try:
        import pandas
        import plotly.express as px
    except ImportError as exc:
        raise Unavailable(f"the reference needs pandas (bench/requirements.txt): {exc}") from None

    def reference() -> str:
        frame = pandas.DataFrame(
            {"title": rows.title, "kind": rows.kind, "start_date": rows.start_date, "end_date": rows.end_date}
        )
        frame["start_date"] = pandas.to_datetime(frame["start_date"])
        # Our end_date is the last day of the period; Plotly bars end at the (exclusive) next day.
        frame["end_date"] = pandas.to_datetime(frame["end_date"]) + pandas.Timedelta(days=1)
        figure = px.timeline(frame, x_start="start_date", x_end="end_date", y="kind", color="kind", hover_name="title")
        return figure.to_json()

    return reference


def _timeline_figure(ctx: Context, limit: int) -> Result:
    from tracker.charts.style import to_json
    from tracker.charts.timeline import timeline_figure

    started = time.perf_counter()
    rows = _timeline_rows(limit)
    rows_seconds = time.perf_counter() - started

    def ours() -> bytes:
        return to_json(timeline_figure(rows, "kind", terms=()))

    reference = _plotly_express_reference(rows)
    reference_run, ours_run = alternated(reference, ours, rounds=7)
    ours_s, ref_s = statistics.median(ours_run.wall), statistics.median(reference_run.wall)
    ours_bytes, ref_bytes = len(ours_run.outcome), len(reference_run.outcome.encode())
    meta = timeline_figure(rows, "kind")["layout"].get("meta", {})
    if meta.get("aggregated"):
        drawn = (
            f"drawn: a heat map of events per kind lane and {meta['aggregated']} ({meta['marks']:,} marks is over"
            " the 20,000-mark limit), not one mark per event as plotly.express draws"
        )
    else:
        drawn = f"drawn: one mark per event ({meta.get('marks', len(rows)):,} marks, WebGL={meta.get('webgl')})"
    return Result(
        figure=f"{ms(ours_s)}, {ours_bytes / 1e6:.2f} MB",
        reference=f"plotly.express {ms(ref_s)}, {ref_bytes / 1e6:.2f} MB",
        ratio=ours_s / ref_s,
        ratio_means="timeline_figure + to_json time ÷ px.timeline(...).to_json() (target ≤ 0.2, bytes ≤ reference)",
        rows=len(rows),
        notes=[
            drawn,
            f"bytes {ours_bytes / ref_bytes:.3f}× the reference; timeline_data.timeline_rows took {ms(rows_seconds)}"
            " for these rows (not in either figure)",
        ],
        values={"seconds": ours_s, "bytes": ours_bytes, "reference_seconds": ref_s, "reference_bytes": ref_bytes},
    )


def timeline_figure_large(ctx: Context) -> Result:
    """timeline_figure(rows) → JSON for up to 100,000 events (a heat map past 20,000 marks) vs plotly.express."""
    return _timeline_figure(ctx, TIMELINE_ROWS)


def timeline_figure_marks(ctx: Context) -> Result:
    """The largest per-event figure the reader draws (20,000 marks) vs plotly.express on the same rows."""
    from tracker.charts.timeline import AGGREGATE_THRESHOLD

    return _timeline_figure(ctx, AGGREGATE_THRESHOLD)


def timeline_window(db: sqlite3.Connection, wanted: int) -> tuple[str, int]:
    """The latest start year whose window (that year to the end) holds at least `wanted` published events."""
    total = 0
    for year, count in db.execute(
        "SELECT CAST(substr(start_date, 1, 4) AS INTEGER) AS year, COUNT(*) FROM tracker_event"
        " WHERE is_published GROUP BY year ORDER BY year DESC"
    ):
        total += count
        first = year
        if total >= wanted:
            break
    return str(first), total


def per_event_window(db: sqlite3.Connection, most: int) -> tuple[str, int]:
    """The earliest start month whose window (that month to the end) holds at most `most` published
    events: the largest window the timeline still draws one mark per event for, by kind."""
    total, first = 0, None
    for month, count in db.execute(
        "SELECT substr(start_date, 1, 7) AS month, COUNT(*) FROM tracker_event"
        " WHERE is_published GROUP BY month ORDER BY month DESC"
    ):
        if total + count > most:
            break
        total += count
        first = month
    return first, total


def _endpoint_result(
    query: str, run: Samples, in_window: int, ratio_means: str, cached: Samples | None = None
) -> Result:
    """A timeline endpoint's timings held against the 500 ms target, with what it drew."""
    meta = json.loads(run.outcome)["layout"].get("meta", {})
    p50, p95 = percentile(run.wall, 0.5), percentile(run.wall, 0.95)
    drawn = f"heat map by {meta['aggregated']}" if meta.get("aggregated") else "one mark per event"
    cpu95, megabytes = percentile(run.cpu, 0.95), len(run.outcome) / 1e6
    figure = f"p50 {ms(p50)}, p95 {ms(p95)}; CPU p95 {ms(cpu95)}; {megabytes:.2f} MB"
    values = {"p50": p50, "p95": p95, "cpu_p95": cpu95, "bytes": len(run.outcome)}
    if cached is not None:
        values["cached_p95"] = percentile(cached.wall, 0.95)
        figure += f"; cached p95 {ms(values['cached_p95'])}"
    return Result(
        figure=figure,
        reference="target < 500 ms",
        ratio=p95 / 0.5,
        ratio_means=ratio_means,
        rows=meta.get("events"),
        notes=[
            f"GET {query}: {meta.get('events', 0):,} events ({meta.get('marks', 0):,} marks) in the window"
            f" ({in_window:,} by bare count); {drawn}"
        ],
        values=values,
    )


def timeline_endpoint_per_event(ctx: Context) -> Result:
    """GET /charts/timeline.json?start=YYYY-MM with just under 20,000 events in the window: the largest
    figure with one mark per event, which is fetched event by event and never cached."""
    from tracker.charts.timeline import AGGREGATE_THRESHOLD

    # Events that started before the window but end inside it are drawn too: leave them room.
    month, in_window = per_event_window(bare_connection(ctx), int(AGGREGATE_THRESHOLD * 0.95))
    query = f"/charts/timeline.json?start={month}"
    run = timed(getter(query), repeats=10, warmup=1)
    return _endpoint_result(query, run, in_window, "timeline endpoint p95 ÷ 500 ms")


def _timeline_endpoint(ctx: Context, group: str) -> Result:
    """GET /charts/timeline.json?start=YYYY&group=… with up to 100,000 events in the window, through the test client.

    A heat map's counts are cached under the data version, so the figure that meets the target is the
    first request after a change (the version raised before each one); the cached answer is reported too.
    """
    year, in_window = timeline_window(bare_connection(ctx), TIMELINE_ROWS)
    query = f"/charts/timeline.json?start={year}&group={group}"
    get = getter(query)
    first = after_each_change(query, repeats=10)
    waiting = after_each_change(query, repeats=3, in_background=False, warmup=0)
    cached = timed(get, repeats=10, warmup=1)
    run = Samples(first.wall, first.cpu, get())
    ratio_means = "timeline endpoint p95, first request after a change (previous counts, marked), ÷ 500 ms"
    result = _endpoint_result(query, run, in_window, ratio_means, cached)
    result.figure += f"; {statuses(first)}; waiting for the count p95 {ms(percentile(waiting.wall, 0.95))}"
    result.values["waiting_p95"] = percentile(waiting.wall, 0.95)
    return result


def timeline_endpoint(ctx: Context) -> Result:
    return _timeline_endpoint(ctx, "kind")


def timeline_endpoint_by_country(ctx: Context) -> Result:
    return _timeline_endpoint(ctx, "country")


def timeline_endpoint_by_person(ctx: Context) -> Result:
    return _timeline_endpoint(ctx, "person")


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
    """Drain an export's chunks into /dev/null: (wall s, CPU s, characters, CRLF line ends)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    written = lines = 0
    with open("/dev/null", "w", encoding="utf-8", newline="") as sink:
        for chunk in chunks:
            text = chunk.decode() if isinstance(chunk, bytes) else chunk
            sink.write(text)
            written += len(text)
            lines += text.count("\r\n")
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


# --- API (tracker.api) ---------------------------------------------------------------------------


def api_latency(ctx: Context) -> Result:
    """GET /api/events/ with the country and year filter, beside the bare SQL for the same page."""
    db = bare_connection(ctx)
    code = median_country(db)
    query = f"/api/events/?country={code}&start={WINDOW_YEAR}&end={WINDOW_YEAR}"
    ours = timed(getter(query))
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


# --- The filter's pickers (tracker.queries.facets, /filters/*.json) ------------------------------


def filter_facets(ctx: Context) -> Result:
    """GET /filters/facets.json (five grouped counts, one per facet, each under the rest of the filter)
    unfiltered and for the median country in one year, counted afresh after a data change and as
    cached; and GET /filters/people.json, the person picker's search, which is never cached."""
    from tracker.models import DataVersion

    if not url_exists("/filters/facets.json"):
        raise Unavailable("no facet endpoint in this build")
    db = bare_connection(ctx)
    code = median_country(db)
    unfiltered, window = "/filters/facets.json", f"/filters/facets.json?country={code}&start={WINDOW_YEAR}"
    figures, values = [], {}
    for label, path in (("unfiltered", unfiltered), (f"{code} in {WINDOW_YEAR}", window)):
        get = getter(path)

        def afresh(get=get) -> bytes:
            DataVersion.bump()
            return get()

        fresh, cached = timed(afresh, repeats=3, warmup=0), timed(get, repeats=10, warmup=1)
        values[f"{label} fresh p50"] = percentile(fresh.wall, 0.5)
        values[f"{label} cached p50"] = percentile(cached.wall, 0.5)
        figures.append(
            f"{label}: first after a change p50 {ms(values[f'{label} fresh p50'])}, cached p50 "
            f"{ms(values[f'{label} cached p50'])}"
        )
    search = timed(getter("/filters/people.json?name=an"), repeats=10, warmup=1)
    values["people search p50"] = percentile(search.wall, 0.5)
    people = db.execute("SELECT COUNT(*) FROM tracker_person").fetchone()[0]
    figures.append(f"people search 'an' over {people:,} people p50 {ms(values['people search p50'])}")
    return Result(
        figure="; ".join(figures),
        reference="no reference: reported for growth",
        notes=["five facets (country, kind, topic, series, person), one grouped query each"],
        values=values,
    )


MEASUREMENTS: dict[str, Callable[[Context], Result]] = {
    "selector, 1 country × 1 year (median country)": window_selector_typical,
    "selector, 1 country × 1 year (busiest country)": window_selector_busiest,
    "filtered list page": filtered_list,
    "home page, unfiltered": home_page,
    "timeline figure, ≤100,000 events": timeline_figure_large,
    "timeline figure, 20,000 marks": timeline_figure_marks,
    "timeline endpoint": timeline_endpoint,
    "timeline endpoint by country": timeline_endpoint_by_country,
    "timeline endpoint by person": timeline_endpoint_by_person,
    "timeline endpoint, one mark per event": timeline_endpoint_per_event,
    "CSV export, all published": csv_export,
    "JSON export, all published": json_export,
    "import": csv_import,
    "API /api/events/": api_latency,
    "filter facets and people search": filter_facets,
}
