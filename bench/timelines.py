"""The timeline under `make bench`: the figure beside plotly.express on the same rows, and the
/charts/timeline.json endpoint held against its 500 ms target."""

import json
import sqlite3
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bench.harness import (
    Context,
    Result,
    Samples,
    Unavailable,
    after_each_change,
    alternated,
    anonymous,
    bare_connection,
    getter,
    ms,
    percentile,
    statuses,
    timed,
)

if TYPE_CHECKING:
    from tracker.charts.columns import EventColumns

TIMELINE_ROWS = 100_000


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
