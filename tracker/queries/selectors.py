"""Reads shared by every surface. Views, charts, exports and the API call these, never the ORM directly,
so a filter and the draft rule mean the same thing everywhere.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import TypeVar

from django.core.cache import cache
from django.db import connections
from django.db.models import Aggregate, CharField, Count, F, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast, Substr

from tracker.charts.columns import FETCHED, EventColumns
from tracker.domain import derived
from tracker.domain.dates import DAY, MONTH, YEAR, period_unit_for_span
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import (
    Country,
    DataVersion,
    Event,
    EventCountry,
    Participation,
    Person,
    Position,
    Series,
    Topic,
)
from tracker.queries.filters import EventFilter, event_filter_form_errors

T = TypeVar("T")


@dataclass
class EventResult:
    """A bound filter: the events it selects when valid, its field errors when not."""

    filterset: EventFilter
    events: QuerySet
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def form(self):
        return self.filterset.form


def visible_events(user) -> QuerySet:
    """All events for staff; published events only for everyone else."""
    return Event.objects.visible_to(user)


def events_matching(params, user, *, base: QuerySet | None = None) -> EventResult:
    """Bind the shared EventFilter to `params`, apply visibility, and order by date.

    On invalid params `events` is empty and `errors` maps each bad field to its messages.
    """
    queryset = visible_events(user) if base is None else base.filter(pk__in=visible_events(user).values("pk"))
    filterset = EventFilter(params, queryset=queryset)
    if not filterset.is_valid():
        return EventResult(filterset, Event.objects.none(), event_filter_form_errors(filterset))
    return EventResult(filterset, filterset.qs.order_by("start_date", "id"))


def event_for_reader(slug: str, user) -> Event | None:
    return visible_events(user).for_listing().filter(slug=slug).first()


def event_slug_for_reader(pk: int, user) -> str | None:
    """The slug of the event with this primary key, if this user may see it (timeline clicks)."""
    return visible_events(user).filter(pk=pk).values_list("slug", flat=True).first()


def event_detail_facts(event: Event, user) -> dict:
    """Derived facts for an event page, counted over the events this user may see."""
    visible = visible_events(user)
    ordinals = derived.meeting_ordinals(event, events=visible)
    facts = {"ordinals": ordinals, "ordinal_sentences": derived.ordinal_sentences(ordinals)}
    if event.series_id:
        in_series = visible.filter(series_id=event.series_id).order_by("start_date", "id")
        facts["previous_in_series"] = in_series.filter(
            Q(start_date__lt=event.start_date) | Q(start_date=event.start_date, id__lt=event.pk)
        ).last()
        facts["next_in_series"] = in_series.filter(
            Q(start_date__gt=event.start_date) | Q(start_date=event.start_date, id__gt=event.pk)
        ).first()
    facts["children"] = list(visible.filter(parent=event).order_by("start_date", "id"))
    facts["parent"] = visible.filter(pk=event.parent_id).first() if event.parent_id else None
    facts["statements"] = list(
        event.statements.filter(Q(about_event__isnull=True) | Q(about_event__in=visible))
        .select_related("speaker", "about_event")
        .prefetch_related("citations__source")
    )
    facts["statements_about"] = list(
        event.statements_about.filter(event__in=visible).select_related("speaker", "event")
    )
    facts["citations"] = list(event.citations.select_related("source"))
    return facts


def people_with_positions() -> QuerySet:
    return Person.objects.prefetch_related("positions__office__country", "positions__office__organization")


def person_positions(person: Person) -> QuerySet:
    return Position.objects.filter(person=person).select_related("office__country", "office__organization")


def person_counterparts(person: Person, user) -> dict:
    """Meeting counts of a person by counterpart country and by counterpart office."""
    visible = visible_events(user)
    own_events = derived.meetings(visible).filter(participations__person=person)
    by_office = (
        Participation.objects.filter(event__in=own_events, position__isnull=False)
        .exclude(person=person)
        .values("position__office__title", "position__office__country__name", "position__office__organization__name")
        .annotate(meetings=Count("event", distinct=True))
        .order_by("-meetings", "position__office__title")
    )
    return {"by_country": derived.counterpart_counts(person, visible), "by_office": list(by_office)}


def country_counterparts(country: Country, user, *, limit: int = 10) -> list[dict]:
    """Countries that most often share an event with `country`, most frequent first."""
    events = visible_events(user).filter(country_links__country=country).values("pk")
    return list(
        EventCountry.objects.filter(event_id__in=events)
        .exclude(country=country)
        .values("country_id", "country__name")
        .annotate(events=Count("event_id", distinct=True))
        .order_by("-events", "country__name")[:limit]
    )


def topics_in_use() -> QuerySet:
    return Topic.objects.order_by("name")


def all_series() -> QuerySet:
    return Series.objects.order_by("name")


# --- Readers' site: rows for charts and pages -------------------------------------------------


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
    fetched = list(events.values_list(*FETCHED))
    if not fetched:
        return EventColumns()
    columns = EventColumns(
        *(list(map(itemgetter(index), fetched)) for index in range(len(FETCHED))),
        people=[[] for _ in fetched],
        countries=[[] for _ in fetched],
        country_codes=[[] for _ in fetched],
    )
    # The database hands over a new object per value. Made one object per distinct value (a dozen kinds,
    # three precisions, a few thousand days, a few hundred names among thousands of events), they take
    # less memory, and the chart reads them from the processor's cache rather than from all over memory.
    shared: dict = {}
    for values in (columns.kind, columns.date_precision, columns.start_date, columns.end_date):
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


def _period_first_day(period: str) -> date:
    return date(int(period[:4]), int(period[5:7] or 1), int(period[8:10] or 1))


def _start_month() -> Substr:
    """The start date as text cut to its month ("2026-01"): a plain string function, which both
    databases run natively, unlike Django's date truncation on SQLite."""
    return Substr(Cast("start_date", CharField()), 1, 7)


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


# A backstop for writes made outside the app (a psql session): everything the app writes raises
# the data version, which retires cached counts at once.
SUMMARY_TIMEOUT = 600


def counted_once_per_version(name: str, events: QuerySet, count: Callable[[], T], *details) -> T:
    """`count()`, a count over `events`, kept in the cache until the data changes.

    Counts over a whole corpus take seconds at a million events. The key holds the data version
    (tracker.models.DataVersion), which every write raises, so the first reader after a change counts
    afresh and no reader is ever served counts from before it. It also holds the SQL the events
    compiled to: one entry for every spelling of the same question ("?country=jp", "?country=JP"),
    and a separate one for a reader who sees drafts, whose SQL has no "is_published" condition.
    `details` are whatever else the count depends on (a grouping, a period unit).
    """
    sql, params = events.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params, details)).encode()).hexdigest()
    key = f"tracker:{name}:{DataVersion.current()}:{digest}"
    counted = cache.get(key)
    if counted is None:
        counted = count()
        cache.set(key, counted, SUMMARY_TIMEOUT)
    return counted


def reader_summaries(result: EventResult) -> dict:
    """The summaries under a filtered timeline: events per mapped place, per month, and the meetings
    matrix (place_counts, monthly_counts, country_pair_counts), counted once per data version."""

    def count() -> dict:
        months, year_only = monthly_counts(result.events)
        countries, matrix = country_pair_counts(result.events)
        return {
            "places": place_counts(result.events),
            "months": months,
            "year_only": year_only,
            "countries": countries,
            "matrix": matrix,
        }

    return counted_once_per_version("reader-summaries", result.events, count)


def place_counts(events: QuerySet) -> list[dict]:
    """Events per mapped place (events without coordinates are left out), most events first."""
    return list(
        events.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values("place_name", "latitude", "longitude")
        .annotate(events=Count("pk"))
        .order_by("-events", "place_name")
    )


def monthly_counts(events: QuerySet) -> tuple[list[dict], int]:
    """Events per start month and kind, and how many year-precision events were left out.

    A year-precision event has no month, so counting it in January would invent a peak; month- and
    day-precision events count in the month they start. One query, grouped on the month as text.
    """
    # Grouped month first: grouped kind first, SQLite would walk event_kind_window for its order and
    # read the table for date_precision, instead of the covering event_published_dates.
    counted = (
        events.order_by()
        .values(month=_start_month(), group_kind=F("kind"), precision=F("date_precision"))
        .annotate(events=Count("pk"))
        .values_list("month", "group_kind", "precision", "events")
    )
    rows: list[dict] = []
    year_only = 0
    for month, kind, precision, number in counted:
        if precision == YEAR:
            year_only += number
            continue
        rows.append({"month": _period_first_day(month), "kind": kind, "events": number})
    # Day and month precision land in separate groups of the same month and kind: merge them.
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["month"], row["kind"])
        if key in merged:
            merged[key]["events"] += row["events"]
        else:
            merged[key] = row
    return sorted(merged.values(), key=lambda row: (row["month"], row["kind"])), year_only


def country_pair_counts(events: QuerySet, *, limit: int = 20) -> tuple[list[str], list[list[int]]]:
    """How many face-to-face meetings each pair of countries shared, for the `limit` busiest countries.

    Returns (country names, a symmetric matrix of counts); the diagonal counts each country's meetings.
    Both counts are made by the database: first each country's meetings, then, for the chosen
    countries only, the pairs that share an event.
    """
    ids = derived.meetings(events).order_by().values("pk")
    links = EventCountry.objects.filter(event_id__in=ids)
    per_country = links.order_by().values("country_id").annotate(meetings=Count("pk"))
    totals = dict(per_country.values_list("country_id", "meetings"))
    names = dict(Country.objects.filter(code__in=totals).values_list("code", "name"))
    chosen = sorted(totals, key=lambda code: (-totals[code], names[code]))[:limit]
    chosen.sort(key=lambda code: names[code])
    pairs = (
        # One filter() call, so both conditions and the partner column name the same joined link.
        links.filter(
            country_id__in=chosen,
            event__country_links__country_id__in=chosen,
            country_id__lt=F("event__country_links__country_id"),
        )
        .order_by()
        .values("country_id", partner=F("event__country_links__country_id"))
        .annotate(meetings=Count("pk"))
        .values_list("country_id", "partner", "meetings")
    )
    shared = {(first, second): number for first, second, number in pairs}
    matrix = [[totals[a] if a == b else shared.get((min(a, b), max(a, b)), 0) for b in chosen] for a in chosen]
    return [names[code] for code in chosen], matrix


def series_neighbours(event: Event, facts: dict) -> dict:
    """Gaps in days from the previous meeting of the series to this one and from this one to the next."""
    previous, following = facts.get("previous_in_series"), facts.get("next_in_series")
    return {
        "days_since_previous": (event.start_date - previous.start_date).days if previous else None,
        "days_until_next": (following.start_date - event.start_date).days if following else None,
    }


def person_for_reader(slug: str) -> Person | None:
    return Person.objects.filter(slug=slug).first()


def country_for_reader(code: str) -> Country | None:
    return Country.objects.filter(code=code.upper()).first()


def topic_for_reader(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def series_for_reader(slug: str) -> Series | None:
    return Series.objects.filter(slug=slug).first()


def series_meetings(series: Series, user) -> list[tuple[Event, int | None]]:
    """The series' visible events in date order, each with the days since the previous one started."""
    events = list(visible_events(user).filter(series=series).order_by("start_date", "id"))
    return [
        (event, (event.start_date - events[index - 1].start_date).days if index else None)
        for index, event in enumerate(events)
    ]
