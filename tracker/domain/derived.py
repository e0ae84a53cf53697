"""Facts computed from the records, never typed: involved countries, offices held, ordinals, counts.

"Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office" is the number of
face-to-face meetings (Event.MEETING_KINDS, not cancelled or postponed) from the day the leader took
the office they held at the event up to and including the event, in which some participant held
the counterpart's office on that meeting's date. Ties on the same day are broken by event id.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.humanize.templatetags import humanize
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tracker.models import Event, EventCountry, Office, Participation, Person, Position

COUNTED_LIFECYCLES = (Event.Lifecycle.HELD, Event.Lifecycle.ANNOUNCED)


def position_held_on(person: Person | int, day: date) -> Position | None:
    """The position the person held on `day`; a leader's office wins over any other office."""
    person_id = person if isinstance(person, int) else person.pk
    held = list(
        Position.objects.filter(person_id=person_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("office__country", "office__organization")
    )
    held.sort(key=lambda position: (not position.office.is_leader, -position.start_date.toordinal()))
    return held[0] if held else None


def fill_participation_defaults(participation: Participation) -> None:
    """Default the office held and the represented country from the person's positions."""
    if participation.position_id is None:
        participation.position = position_held_on(participation.person_id, participation.event.start_date)
    if participation.position is not None and not (
        participation.represented_country_id or participation.represented_organization_id
    ):
        office = participation.position.office
        participation.represented_country_id = office.country_id
        participation.represented_organization_id = office.organization_id


def involved_country_codes(event: Event) -> set[str]:
    codes = set(
        Participation.objects.filter(event=event, represented_country__isnull=False).values_list(
            "represented_country_id", flat=True
        )
    )
    if event.host_country_id:
        codes.add(event.host_country_id)
    codes.update(event.party_countries.values_list("code", flat=True))
    return codes


@transaction.atomic
def refresh_event_countries(event: Event) -> None:
    """Rebuild the event's EventCountry rows from its host and its participants."""
    EventCountry.objects.filter(event=event).delete()
    EventCountry.objects.bulk_create(
        EventCountry(event=event, country_id=code, start_date=event.start_date, end_date=event.end_date)
        for code in sorted(involved_country_codes(event))
    )


def meetings(events: QuerySet | None = None) -> QuerySet:
    """Face-to-face meetings that happened or are scheduled (not cancelled or postponed)."""
    events = Event.objects.all() if events is None else events
    return events.filter(kind__in=Event.MEETING_KINDS, lifecycle__in=COUNTED_LIFECYCLES)


def counts_in_ordinals(kind: str) -> bool:
    """Whether an event of this kind counts in the ordinals, as a summit with an office and as a
    meeting between two people (when held or announced): the rule `meetings()` applies."""
    return kind in Event.MEETING_KINDS


def kinds_in_ordinals() -> list[tuple[str, str, bool]]:
    """Every kind as (value, label, counted in the ordinals), in the order of Event.Kind."""
    return [(kind.value, str(kind.label), counts_in_ordinals(kind)) for kind in Event.Kind]


def _attended_by(person_id: int) -> Exists:
    return Exists(Participation.objects.filter(event=OuterRef("pk"), person_id=person_id))


def _attended_by_holder_of(office_id: int) -> Exists:
    """Someone at the event held the office on the event's first day."""
    holders = Position.objects.filter(
        office_id=office_id,
        person_id=OuterRef("person_id"),
        start_date__lte=OuterRef("event__start_date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("event__start_date")))
    return Exists(Participation.objects.filter(event=OuterRef("pk")).filter(Exists(holders)))


def _in_period(events: QuerySet, start: date | None, end: date | None) -> QuerySet:
    if start:
        events = events.filter(start_date__gte=start)
    if end:
        events = events.filter(start_date__lte=end)
    return events


def meetings_between_people(
    first: Person, second: Person, *, start: date | None = None, end: date | None = None, events=None
) -> QuerySet:
    """Meetings both people attended, starting within [start, end] (open bounds are ignored)."""
    found = meetings(events).filter(_attended_by(first.pk)).filter(_attended_by(second.pk))
    return _in_period(found, start, end).order_by("start_date", "id")


def meetings_between_countries(
    first_code: str, second_code: str, *, start: date | None = None, end: date | None = None, events=None
) -> QuerySet:
    """Meetings involving both countries (as host or represented party)."""
    found = meetings(events).involving([first_code, second_code], match_all=True)
    return _in_period(found, start, end).order_by("start_date", "id")


def meetings_with_office(
    person: Person, office: Office, *, start: date | None = None, end: date | None = None, events=None
) -> QuerySet:
    """Meetings the person attended with whoever held the office on each meeting's date."""
    found = meetings(events).filter(_attended_by(person.pk)).filter(_attended_by_holder_of(office.pk))
    return _in_period(found, start, end).order_by("start_date", "id")


@dataclass(frozen=True)
class MeetingOrdinal:
    person: Person
    counterpart: Person
    counterpart_office: Office | None
    office_ordinal: int | None
    person_ordinal: int
    since: date | None

    @property
    def office_sentence(self) -> str:
        if self.office_ordinal is None or self.counterpart_office is None:
            return ""
        office = self.counterpart_office
        return (
            f"{self.person.name}'s {ordinal(self.office_ordinal)} summit with {indefinite_article(office.title)} "
            f"{office.title} of {office.holder_in_sentence} since taking office"
        )

    @property
    def person_sentence(self) -> str:
        return f"{ordinal(self.person_ordinal)} meeting between {self.person.name} and {self.counterpart.name}"


def indefinite_article(noun: str) -> str:
    """ "an" before a vowel sound ("an Emir", "an Ambassador"), "a" otherwise ("a President",
    "a Union Minister", "a European Commissioner")."""
    lowered = noun.lower()
    if lowered[:1] in {"a", "e", "i", "o", "u"} and not lowered.startswith(("uni", "use", "eu", "one", "uk")):
        return "an"
    return "a"


def ordinal(number: int) -> str:
    """ "1st", "12th", "113th": django.contrib.humanize's rule, as plain text."""
    return str(humanize.ordinal(number))


def _up_to(event: Event) -> Q:
    return Q(start_date__lt=event.start_date) | Q(start_date=event.start_date, id__lte=event.pk)


def meeting_ordinals(event: Event, *, events: QuerySet | None = None) -> list[MeetingOrdinal]:
    """For each leader at a meeting and each other participant, where this meeting stands in the
    leader's run of meetings with that office (since the leader took office) and with that person.

    `events` is the visible universe (readers: published only), so drafts never shape a reader's count.
    Returns nothing for events that are not meetings.
    """
    if not counts_in_ordinals(event.kind) or event.lifecycle not in COUNTED_LIFECYCLES:
        return []
    participations = list(event.participations.select_related("person", "position__office__country"))
    results = []
    for leader_part in participations:
        leader_position = position_held_on(leader_part.person_id, event.start_date)
        if leader_position is None or not leader_position.office.is_leader:
            continue
        for other in participations:
            if other.person_id == leader_part.person_id:
                continue
            counterpart_position = other.position or position_held_on(other.person_id, event.start_date)
            office = counterpart_position.office if counterpart_position else None
            office_ordinal = None
            if office is not None:
                office_ordinal = (
                    meetings_with_office(leader_part.person, office, start=leader_position.start_date, events=events)
                    .filter(_up_to(event))
                    .count()
                )
            person_ordinal = (
                meetings_between_people(leader_part.person, other.person, events=events).filter(_up_to(event)).count()
            )
            results.append(
                MeetingOrdinal(
                    person=leader_part.person,
                    counterpart=other.person,
                    counterpart_office=office,
                    office_ordinal=office_ordinal,
                    person_ordinal=person_ordinal,
                    since=leader_position.start_date,
                )
            )
    return results


def counterpart_counts(person: Person, events: QuerySet) -> list[tuple[str, int]]:
    """How many of the person's meetings involved each other country, most frequent first."""
    own = Participation.objects.filter(person=person).values("event_id")
    own_countries = set(
        Participation.objects.filter(person=person, represented_country__isnull=False).values_list(
            "represented_country_id", flat=True
        )
    )
    rows = (
        EventCountry.objects.filter(event_id__in=own, event__in=meetings(events))
        .exclude(country_id__in=own_countries)
        .values("country_id", "country__name")
        .annotate(meetings=Count("event_id", distinct=True))
        .order_by("-meetings", "country__name")
    )
    return [(row["country__name"], row["meetings"]) for row in rows]


def ordinal_sentences(facts: list[MeetingOrdinal]) -> list[str]:
    """The sentences to show for an event: each leader's count with the counterpart office, then each
    pair's meeting count once (it reads the same from either side)."""
    sentences = [
        f"{fact.office_sentence} (took office {fact.since.day} {fact.since:%b %Y})"
        for fact in facts
        if fact.office_sentence and fact.since
    ]
    seen_pairs: set[frozenset[int]] = set()
    for fact in facts:
        pair = frozenset({fact.person.pk, fact.counterpart.pk})
        if pair not in seen_pairs:
            seen_pairs.add(pair)
            sentences.append(fact.person_sentence)
    return sentences
