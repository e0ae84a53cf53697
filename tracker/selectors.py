"""Reads shared by every surface. Views, charts, exports and the API call these, never the ORM directly,
so a filter and the draft rule mean the same thing everywhere.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from tracker import derived
from tracker.filters import EventFilter, event_filter_form_errors
from tracker.models import Country, Event, EventCountry, Participation, Person, Position, Series, Topic


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


def event_detail_facts(event: Event, user) -> dict:
    """Derived facts for an event page, counted over the events this user may see."""
    visible = visible_events(user)
    facts = {"ordinals": derived.meeting_ordinals(event, events=visible)}
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
