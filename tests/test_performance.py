"""Query discipline: list surfaces run a fixed number of queries whatever the row count, and the
one-country-in-a-window query reads the EventCountry index instead of scanning events."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders_bench import make_event, make_leader, make_topic
from tracker.domain import derived
from tracker.models import Event
from tracker.queries import summaries, timeline_data
from tracker.queries.selectors import events_matching

LIST_FILTERS = [
    {},
    {"country": ["KR"]},
    {"country": ["KR", "JP"], "match": "all", "start": "2025", "end": "2025"},
    {"start": "Jan 2025", "end": "2025-06"},
    {"q": "summit"},
    {"topic": ["trade"], "kind": ["bilateral_summit"]},
]


def build_events(count: int) -> None:
    trade = make_topic("Trade")
    japan, korea = make_leader("JP"), make_leader("KR")
    for index in range(count):
        make_event(
            title=f"Summit {index}",
            start=date(2025, 1, 1) + timedelta(days=index * 5),
            guests=(korea, japan),
            topics=(trade,),
            quote="We agreed to meet again.",
            cited=True,
        )


def listing_queries(params: dict) -> tuple[int, int]:
    """(queries, rows) to bind the filter and fetch every list row with everything it shows."""
    with CaptureQueriesContext(connection) as queries:
        rows = list(events_matching(params, AnonymousUser()).events.for_listing())
        for event in rows:
            # What a list row shows: host, series, participants in office, topics, countries.
            str(event.host_country)
            [(p.person.name, p.position and p.position.office.country) for p in event.participations.all()]
            [topic.name for topic in event.topics.all()]
            [link.country.name for link in event.country_links.all()]
    return len(queries), len(rows)


@pytest.mark.django_db
def test_listing_runs_the_same_number_of_queries_for_3_and_30_events():
    build_events(3)
    few = {str(params): listing_queries(params) for params in LIST_FILTERS}
    Event.objects.all().delete()
    build_events(30)
    many = {str(params): listing_queries(params) for params in LIST_FILTERS}
    for params, (queries, rows) in many.items():
        few_queries, few_rows = few[params]
        assert rows == 10 * few_rows > 0, params
        assert queries == few_queries, f"{params}: {few_queries} queries for {few_rows} rows, {queries} for {rows}"
        assert queries <= 12, params


@pytest.mark.django_db
def test_listing_query_budget_is_small(django_assert_max_num_queries):
    build_events(10)
    # Country check, longest duration, the events, and one prefetch per related list.
    with django_assert_max_num_queries(9):
        rows = list(events_matching({"country": ["KR"], "start": "2025"}, AnonymousUser()).events.for_listing())
        [list(event.participations.all()) for event in rows]
    assert len(rows) == 10


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_country_window_query_reads_the_event_country_index():
    make_event(host="KR", start=date(2025, 3, 1))
    queryset = events_matching({"country": ["KR"], "start": "2025", "end": "2025"}, AnonymousUser()).events
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "event_country_window (country_id=? AND start_date>? AND start_date<?)" in plan
    assert "INTEGER PRIMARY KEY" in plan
    assert "SCAN tracker_event" not in plan


def _sqlite_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " / ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_reader_summaries_read_covering_indexes_not_the_event_table():
    """The home page's counts over every published event: the event table is a million random
    reads at scale, so each must be answered from an index alone (migration 0007)."""
    make_event(host="KR", start=date(2025, 3, 1))
    published = Event.objects.published()
    window = events_matching({"start": "2025"}, AnonymousUser()).events.order_by()
    assert "COVERING INDEX event_published_dates (start_date>?)" in _sqlite_plan(window.values("start_date", "kind"))
    with CaptureQueriesContext(connection) as monthly:
        summaries.monthly_counts(published)
    (counted,) = monthly.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + counted["sql"])
        assert "COVERING INDEX event_published_dates" in " / ".join(str(row[-1]) for row in cursor.fetchall())
    meetings = derived.meetings(published).order_by().values("pk")
    assert "COVERING INDEX event_kind_window" in _sqlite_plan(meetings)
    places = published.filter(latitude__isnull=False, longitude__isnull=False).values("place_name").order_by()
    assert "COVERING INDEX event_places" in _sqlite_plan(places)


WINDOWS = [
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2025, 10, 5), date(2025, 10, 5)),
    (date(2024, 12, 31), None),
    (None, date(2025, 1, 1)),
    (None, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), WINDOWS)
@pytest.mark.parametrize("match_all", [False, True])
def test_involving_with_a_window_selects_the_same_rows_as_between(start, end, match_all):
    japan = make_leader("JP")
    make_event(title="Oct", start=date(2025, 10, 1), end=date(2025, 10, 31), precision="month", guests=(japan,))
    make_event(title="Year", start=date(2024, 1, 1), end=date(2024, 12, 31), precision="year", guests=(japan,))
    make_event(title="Edge", start=date(2024, 12, 30), end=date(2025, 1, 2), guests=(japan,))
    make_event(title="Korea only", start=date(2025, 6, 1))
    make_event(title="China", start=date(2025, 6, 2), host="CN")
    codes = ["KR", "JP"]
    pushed = Event.objects.involving(codes, match_all=match_all, start=start, end=end)
    plain = Event.objects.involving(codes, match_all=match_all).between(start, end)
    assert sorted(pushed.values_list("title", flat=True)) == sorted(plain.values_list("title", flat=True))
    assert pushed.exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize(
    ("group", "joined"),
    [("kind", None), ("country", "tracker_eventcountry"), ("person", "tracker_participation")],
)
def test_timeline_heat_map_counts_a_readers_window_from_indexes_sorting_only_days(group, joined):
    """The heat map's count over ~100,000 events (~200,000 marks by person or country) at 1M: the
    joined rows are grouped per day in the order event_published_dates is read, so no temporary
    B-tree sorts them (only the few thousand days are grouped into periods after), and each event's
    countries or participants come from the join table's unique (event, lane) index alone."""
    make_event(host="KR", start=date(2025, 3, 1))
    events = events_matching({"start": "2025"}, AnonymousUser()).events
    with CaptureQueriesContext(connection) as captured:
        timeline_data.timeline_rows(events, group_by=group, summary_past=0)
    # The data version the cache is keyed on is read before each count; the counts follow.
    span, counted, *_ = [query for query in captured.captured_queries if "tracker_dataversion" not in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + counted["sql"])
        steps = {step_id: (parent, detail) for step_id, parent, _, detail in cursor.fetchall()}
    (per_day,) = [step_id for step_id, (_, detail) in steps.items() if detail.startswith("CO-ROUTINE")]
    inside = " / ".join(detail for parent, detail in steps.values() if parent == per_day)
    outside = " / ".join(detail for parent, detail in steps.values() if parent == 0)
    assert "COVERING INDEX event_published_dates (start_date>?)" in inside
    assert "TEMP B-TREE" not in inside
    assert outside.endswith("USE TEMP B-TREE FOR GROUP BY"), outside
    if joined:
        assert f"SEARCH {joined} USING COVERING INDEX sqlite_autoindex_{joined}_1 (event_id=?)" in inside


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan of an OR of two IN lists")
@pytest.mark.django_db
def test_quotes_at_or_about_events_are_found_by_joins_not_a_subplan_per_quote():
    """Regression: `event IN (ids) OR about_event IN (ids)` made PostgreSQL test every quote against the
    events' ids in a SubPlan, scanned again per quote once the ids outgrew work_mem: a whole-archive
    JSON export of 950,000 events ran for minutes on its quotes."""
    from tracker.exports.statements import statements_of_events
    from tracker.models import Statement

    build_events(3)
    events = events_matching({}, AnonymousUser()).events
    quotes = statements_of_events(events, drafts_visible=False)
    assert "SubPlan" not in quotes.explain()
    said = set(Statement.objects.filter(event__in=events).values_list("pk", flat=True))
    assert said and set(quotes.values_list("pk", flat=True)) == said
