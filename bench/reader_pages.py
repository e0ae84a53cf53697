"""The reader's pages and lookups under `make bench`: the selector, the filtered list, the home page,
the API and the filter's pickers, each beside bare SQL for the same rows or a target."""

import statistics
from collections.abc import Callable

from bench.harness import (
    LIST_PAGE_SIZE,
    WINDOW_YEAR,
    Context,
    Result,
    Unavailable,
    after_each_change,
    alternated,
    anonymous,
    bare_connection,
    countries_by_activity,
    getter,
    median_country,
    ms,
    percentile,
    statuses,
    timed,
    url_exists,
    window_bounds,
)
from bench.postgres import bench_url, connect

# --- Selector: one country, one year -------------------------------------------------------------

# Rounds of the selector and its bare SQL, in turns. Of 30 samples the p95 is the second slowest, so
# two stalls of this shared machine (7 ms against a 4.4 ms median, seen in a loop of the same call)
# decided it; of 100 it is the sixth slowest. 100 rounds of both take about a second.
SELECTOR_ROUNDS = 100

# The columns of a list row (Event.LIST_ROW_FIELDS), filled in by window_sql() in the measuring child.
BARE_WINDOW_SQL = """
SELECT {columns} FROM tracker_event e
WHERE e.is_published AND e.id IN (
    SELECT event_id FROM tracker_eventcountry
    WHERE country_id = ? AND start_date >= ? AND start_date <= ? AND end_date >= ?
)
ORDER BY e.start_date, e.id
"""


def window_sql() -> str:
    """BARE_WINDOW_SQL reading the columns the selector's rows carry: a list row's, and the key."""
    from tracker.models import Event

    names = ("id", *Event.LIST_ROW_FIELDS)
    return BARE_WINDOW_SQL.format(columns=", ".join(f"e.{Event._meta.get_field(name).column}" for name in names))


def _window_selector(ctx: Context, pick: Callable[[list[str]], str], label: str) -> Result:
    from django.db import connection

    from tracker.queries.selectors import events_matching

    db = bare_connection(ctx)
    code = pick(countries_by_activity(db))
    params = {"country": [code], "start": str(WINDOW_YEAR), "end": str(WINDOW_YEAR)}
    user = anonymous()

    def through_selector() -> list:
        # As a list reads it: the reader's filter bound, the events with the columns a row shows.
        return list(events_matching(params, user).events.list_rows())

    lowest, window_start, window_end = window_bounds(db)
    bare_sql, bare_params = window_sql(), (code, lowest, window_end, window_start)

    def bare() -> list:
        return db.execute(bare_sql, bare_params).fetchall()

    if url := bench_url():
        # On PostgreSQL the bare SQL runs there too, on the same rows.
        server = connect(url)

        def bare() -> list:
            with server.cursor() as cursor:
                cursor.execute(bare_sql.replace("?", "%s"), bare_params)
                return cursor.fetchall()

    ours, reference = alternated(through_selector, bare, rounds=SELECTOR_ROUNDS, warmup=3)
    rows = ours.outcome
    # The same queryset, already bound: what the database and the ORM's row building cost alone.
    bound = events_matching(params, user).events.list_rows()
    query_only = timed(lambda: list(bound.all()))
    bare_rows = reference.outcome
    sql, sql_params = bound.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, sql_params)
        plan = " / ".join(str(row[-1]).strip() for row in cursor.fetchall())
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
        ratio_means=(
            "selector p95 (filter binding + query + model rows of a list's columns) ÷ bare SQL p95 of those"
            " columns; target ≤ 5 ms p95 at 1M"
        ),
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
    """events_matching for the median-activity country in one year, its rows fetched with a list's columns."""
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
