"""The timeline's reads: its events as columns for the chart, or, past a threshold, marks counted in
the database per lane and period for a heat map; and the terms of office drawn behind the lanes.
"""

from collections import Counter
from datetime import date
from operator import itemgetter

from django.db import connections
from django.db.models import Aggregate, Count, F, Max, Min, QuerySet, TextField

from tracker.charts.columns import FETCHED, QUALIFIER, EventColumns
from tracker.domain.dates import DAY, MONTH, YEAR, period_unit_for_span
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import Country, EventCountry, Participation, Person, Position
from tracker.queries.summaries import _period_first_day, counted_once_per_version


@cyclic_gc_paused()
def timeline_rows(
    events: QuerySet, *, group_by: str = "kind", summary_past: int | None = None, detailed_head: int = 0
) -> EventColumns:
    """The timeline chart's events as columns (tracker.charts.columns), in the order of `events`, in a fixed
    number of queries.

    When more than `summary_past` events match, the chart only counts them per lane and period, so
    past the first `detailed_head` events (the table under the chart) the rest are counted in the
    database (`counted`): see _counted_rows. The span and the counts are kept until the data changes
    (counted_once_per_version).
    """
    if summary_past is not None:
        everything = events.order_by()
        span = counted_once_per_version(
            "timeline-span",
            everything,
            lambda: everything.aggregate(total=Count("pk"), first=Min("start_date"), last=Max("start_date")),
        )
        if span["total"] > summary_past:
            head_ids = list(events.values_list("pk", flat=True)[:detailed_head]) if detailed_head else []
            columns = _event_columns(events.filter(pk__in=head_ids)) if head_ids else EventColumns()
            unit = period_unit_for_span(span["first"], span["last"])
            rest = everything.exclude(pk__in=head_ids) if head_ids else everything
            events_counted = span["total"] - len(head_ids)
            columns.counted = counted_once_per_version(
                "timeline-counts",
                rest,
                lambda: _counted_rows(rest, group_by, unit=unit, events_counted=events_counted),
                group_by,
                unit,
                events_counted,
            )
            return columns
    return _event_columns(events)


def _event_columns(events: QuerySet) -> EventColumns:
    fetched = list(events.values_list(*FETCHED, QUALIFIER))
    if not fetched:
        return EventColumns()
    columns = EventColumns(
        *(list(map(itemgetter(index), fetched)) for index in range(len(FETCHED))),
        people=[[] for _ in fetched],
        countries=[[] for _ in fetched],
        country_codes=[[] for _ in fetched],
        date_qualifier=list(map(itemgetter(len(FETCHED)), fetched)),
    )
    # The database hands over a new object per value. Made one object per distinct value (a dozen kinds,
    # three precisions, a few thousand days, a few hundred names among thousands of events), they take
    # less memory, and the chart reads them from the processor's cache rather than from all over memory.
    shared: dict = {}
    for values in (columns.kind, columns.date_precision, columns.date_qualifier, columns.start_date, columns.end_date):
        values[:] = map(shared.setdefault, values, values)
    position = dict(zip(columns.pk, range(len(fetched)), strict=True))
    # A sliced queryset cannot be reused as a subquery; its few ids go in directly.
    ids = columns.pk if events.query.is_sliced else events.order_by().values("pk")
    people, countries, codes = columns.people, columns.countries, columns.country_codes
    participants = Participation.objects.filter(event_id__in=ids).order_by("event_id", "id")
    for event_id, name in participants.values_list("event_id", "person__name"):
        people[position[event_id]].append(shared.setdefault(name, name))
    links = EventCountry.objects.filter(event_id__in=ids).order_by("event_id", "country_id")
    for event_id, code, name in links.values_list("event_id", "country_id", "country__name"):
        index = position[event_id]
        codes[index].append(shared.setdefault(code, code))
        countries[index].append(shared.setdefault(name, name))
    return columns


# Where a lane's key lives, seen from an event. Through a relation, the LEFT JOIN gives one row per
# country or participant, and a single NULL row for an event with none, which is that event's one
# mark in the "no country" or "no participant" lane.
_LANE_FIELDS = {"kind": "kind", "country": "country_links__country_id", "person": "participations__person_id"}


def _counted_rows(events: QuerySet, group_by: str, *, unit: str, events_counted: int) -> list[dict]:
    """Marks counted in the database per lane and period, for a heat map of many events.

    The period `unit` (day, month or year) follows the span of all the events, as the chart's would.
    Rows come in period order, each: lane (the kind; a country's or person's name; None for an event
    with no country or participant), start_date (the period's first day), unit, marks. A kind row's
    `weight` is its marks, since each event has one kind; by country or person an event has several
    marks, so the lane rows weigh nothing and one last row, with no marks, carries the number of
    events counted.
    """
    periods = _lanes_per_period(events, group_by, unit)
    names = _lane_names(group_by, {lane for _, lanes in periods for lane in lanes if lane is not None})
    weighed = group_by == "kind"
    rows = [
        {
            "lane": names.get(lane, lane),
            "start_date": period,
            "unit": unit,
            "marks": marks,
            "weight": marks if weighed else 0,
        }
        for period, lanes in periods
        for lane, marks in lanes.items()
    ]
    if not weighed and rows:
        first = rows[0]["start_date"]
        rows.append({"lane": None, "start_date": first, "unit": unit, "marks": 0, "weight": events_counted})
    return rows


class _LaneList(Aggregate):
    """The group's non-NULL values as one comma-separated text (NULL when there are none)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # STRING_AGG takes text only; SQLite's GROUP_CONCAT writes a number as text itself.
        template = "%(function)s(CAST(%(expressions)s AS text), ',')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template, **extra_context)


def _lanes_per_period(events: QuerySet, group_by: str, unit: str) -> list[tuple[date, Counter]]:
    """(period's first day, marks per lane key) for each period with events, in order; the key None
    counts the marks of events with no country or participant (their LEFT JOIN row has no lane).

    Grouped twice. First on the start date itself, not on a period or a lane: a reader's window walks
    event_published_dates in start-date order, so SQLite groups as it reads, with no sort of the
    ~200,000 joined rows a GROUP BY lane, period needs; each day's lanes come as one text. Then the
    days (a few thousand at most) are grouped per period, and Python splits and counts each period's
    lanes, in C. The lane keys (kinds, country codes, person ids) hold no comma.
    """
    per_day = (
        events.order_by()
        .values(day=F("start_date"))
        .annotate(lanes=_LaneList(F(_LANE_FIELDS[group_by])), joined_rows=Count("pk"))
    )
    day_sql, params = per_day.query.sql_with_params()
    connection = connections[events.db]
    day, lanes, joined_rows = map(connection.ops.quote_name, ("day", "lanes", "joined_rows"))
    # The period as the first characters of the ISO date ("2026", "2026-01", "2026-01-13").
    period = f"SUBSTR(CAST({day} AS text), 1, {_PERIOD_WIDTHS[unit]})"
    concatenated = _CONCATENATE[connection.vendor].format(lanes)
    sql = (
        f"SELECT {period}, {concatenated}, SUM({joined_rows}) FROM ({day_sql}) per_day"
        f" GROUP BY {period} ORDER BY {period}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        per_period = cursor.fetchall()
    counted = []
    for key, lanes_text, marks in per_period:
        lanes = Counter(lanes_text.split(",")) if lanes_text else Counter()
        # int(): PostgreSQL's SUM of counts is a numeric, which arrives as a Decimal.
        if without_lane := int(marks) - lanes.total():
            lanes[None] = without_lane
        counted.append((_period_first_day(key), lanes))
    return counted


# How much of an ISO date ("2026-01-13") names its day, month or year.
_PERIOD_WIDTHS = {DAY: 10, MONTH: 7, YEAR: 4}
# Texts joined with commas, NULLs left out (NULL when all are), as _LaneList does, on the two
# databases the project runs on.
_CONCATENATE = {"sqlite": "GROUP_CONCAT({}, ',')", "postgresql": "STRING_AGG({}, ',')"}


def _lane_names(group_by: str, keys: set) -> dict:
    if group_by == "country":
        return dict(Country.objects.filter(code__in=keys).values_list("code", "name"))
    if group_by == "person":
        # The keys are ids as text, as _lanes_per_period reads them.
        return {str(pk): name for pk, name in Person.objects.filter(pk__in=keys).values_list("pk", "name")}
    return {}


def terms_of_office(person_names: list[str]) -> list[dict]:
    """Positions held by the named people, for tenure bands: person, office label, start, end (None = in office)."""
    if not person_names:
        return []
    positions = (
        Position.objects.filter(person__name__in=person_names)
        .select_related("person", "office__country", "office__organization")
        .order_by("person__name", "start_date")
    )
    return [
        {
            "person": position.person.name,
            "office": str(position.office),
            "office_slug": position.office.slug,
            "start_date": position.start_date,
            "end_date": position.end_date,
        }
        for position in positions
    ]
