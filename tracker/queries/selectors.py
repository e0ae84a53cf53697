"""Reads shared by every surface. Views, charts, exports and the API call these, never the ORM directly,
so a filter and the draft rule mean the same thing everywhere.

The timeline's columns and heat-map counts are in tracker.queries.timeline_data; the summaries under it, kept
in the cache once per data version, in tracker.queries.summaries.
"""

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet

from tracker.domain import derived
from tracker.models import (
    Country,
    Event,
    EventCountry,
    EventRedirect,
    Participation,
    Person,
    Position,
    Series,
    Statement,
    Topic,
)
from tracker.models.visibility import sees_drafts
from tracker.queries.filters import EventFilter, event_filter_form_errors


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

    @property
    def counted_event(self) -> Event | None:
        return self.filterset.counted_event


def visible_events(user) -> QuerySet:
    """All events for staff; published events only for everyone else."""
    return Event.objects.visible_to(user)


def events_matching(params, user, *, base: QuerySet | None = None) -> EventResult:
    """Bind the shared EventFilter to `params`, apply visibility, and order by date.

    Visibility reaches the filter too: for anyone but staff its people, topics and series are the
    public ones and `q` reads only the quotes readers may see (tracker.models.visibility).
    On invalid params `events` is empty and `errors` maps each bad field to its messages.
    """
    queryset = visible_events(user) if base is None else base.filter(pk__in=visible_events(user).values("pk"))
    filterset = EventFilter(params, queryset=queryset, drafts_visible=sees_drafts(user))
    if errors := nul_errors(params):
        return EventResult(filterset, Event.objects.none(), errors)
    if not filterset.is_valid():
        return EventResult(filterset, Event.objects.none(), event_filter_form_errors(filterset))
    return EventResult(filterset, filterset.qs.order_by("start_date", "id"))


def nul_errors(params) -> dict[str, list[str]]:
    """An error for each parameter holding a NUL: no text holds one, and PostgreSQL refuses to compare
    with one, so such a value is refused before any query."""
    with_nul = sorted(key for key in params if any("\x00" in str(value) for value in _values(params, key)))
    return {key: ["contains a NUL character."] for key in with_nul}


def _values(params, key: str) -> list:
    """Every value of `key`, from a QueryDict (repeated keys) or a plain dict (a value or a list)."""
    values = params.getlist(key) if hasattr(params, "getlist") else params[key]
    return values if isinstance(values, list | tuple) else [values]


def event_for_reader(slug: str, user) -> Event | None:
    return visible_events(user).for_listing().filter(slug=slug).first()


def redirected_event(user, *, slug: str | None = None, uid: uuid.UUID | None = None) -> Event | None:
    """The event an old address leads to (the slug or uid of an event merged into it), if this user
    may see it. Asked only when no event has that slug or uid."""
    redirects = EventRedirect.objects.filter(old_slug=slug) if slug else EventRedirect.objects.filter(old_uid=uid)
    event_id = redirects.values_list("event_id", flat=True).first()
    return visible_events(user).filter(pk=event_id).first() if event_id else None


def event_slug_for_reader(pk: int, user) -> str | None:
    """The slug of the event with this primary key, if this user may see it (timeline clicks)."""
    return visible_events(user).filter(pk=pk).values_list("slug", flat=True).first()


def event_detail_facts(event: Event, user) -> dict:
    """Derived facts for an event page, counted over the events this user may see."""
    visible = visible_events(user)
    ordinals = derived.meeting_ordinals(event, events=visible)
    lines = derived.ordinal_lines(ordinals)
    facts = {
        "ordinals": ordinals,
        "ordinal_sentences": [line.text for line in lines],
        "ordinal_lines": [(line.text, counted_query(event, line)) for line in lines],
    }
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
    # Quotes said at this event, and quotes about it said anywhere: by someone named or unattributed,
    # at a recorded event or in words ("an interview with NHK"). A quote naming an event this user
    # may not see stays hidden with it (tracker.models.visibility).
    statements = Statement.objects.visible_to(user)
    facts["statements"] = list(
        statements.filter(event=event)
        .select_related("speaker", "event", "about_event")
        .prefetch_related("citations__source")
    )
    facts["statements_about"] = list(
        statements.filter(about_event=event)
        .select_related("speaker", "event", "about_event")
        .prefetch_related("citations__source")
    )
    facts["citations"] = list(event.citations.select_related("source"))
    return facts


def counted_query(event: Event, line: derived.FactLine) -> str:
    """The query string under which /events/ (and every surface sharing EventFilter) lists exactly
    the meetings one derived sentence counted: counted_for=<uid>, the people, the counterpart office."""
    params = [("counted_for", str(event.uid)), *(("person", person.slug) for person in line.people)]
    if line.office is not None:
        params.append(("office", line.office.slug))
    return urlencode(params)


def people_with_positions(user) -> QuerySet:
    """The people this user may see (tracker.models.visibility), with the offices they held."""
    return Person.objects.visible_to(user).prefetch_related(
        "positions__office__country", "positions__office__organization"
    )


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


def topics_in_use(user) -> QuerySet:
    """The topics this user may see: for readers, those of a published event."""
    return Topic.objects.visible_to(user).order_by("name")


def all_series(user) -> QuerySet:
    """The series this user may see: for readers, those with a published event."""
    return Series.objects.visible_to(user).order_by("name")


def series_neighbours(event: Event, facts: dict) -> dict:
    """Gaps in days from the previous meeting of the series to this one and from this one to the next."""
    previous, following = facts.get("previous_in_series"), facts.get("next_in_series")
    return {
        "days_since_previous": (event.start_date - previous.start_date).days if previous else None,
        "days_until_next": (following.start_date - event.start_date).days if following else None,
    }


def person_for_reader(slug: str, user) -> Person | None:
    """The person with this slug, if this user may see them: None (a 404) when no published event names them."""
    return Person.objects.visible_to(user).filter(slug=slug).first()


def country_for_reader(code: str) -> Country | None:
    """The country with this two-letter code; anything else names no country (and never reaches the
    database: PostgreSQL refuses a NUL in a text)."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    return Country.objects.filter(code=code.upper()).first()


def topic_for_reader(slug: str, user) -> Topic | None:
    """The topic with this slug, if this user may see it: None (a 404) when no published event names it."""
    return Topic.objects.visible_to(user).filter(slug=slug).first()


def series_for_reader(slug: str, user) -> Series | None:
    """The series with this slug, if this user may see it: None (a 404) when no published event names it."""
    return Series.objects.visible_to(user).filter(slug=slug).first()


def series_meetings(series: Series, user) -> list[tuple[Event, int | None]]:
    """The series' visible events in date order, each with the days since the previous one started."""
    events = list(visible_events(user).filter(series=series).order_by("start_date", "id"))
    return [
        (event, (event.start_date - events[index - 1].start_date).days if index else None)
        for index, event in enumerate(events)
    ]
