"""Facts computed from the records, never typed: involved countries, offices held, ordinals, counts.

"Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office" is the number of
face-to-face meetings (Event.MEETING_KINDS, held or announced, never cancelled or postponed) that
the leader attended in the position they held at this event (so none before taking office), up to
and including this event, at which another participant held the counterpart's office. Meetings are
ordered by their first day, then by id (two meetings on one day keep the order they were recorded
in); a partial date sorts by the first day of its month or year.

Which position a participant held at an event is one rule, `choose_tenure`: the recorded position
of the participation when there is one, otherwise the position held during the event's date (see
`matching_period`). The participation defaults, the ordinals, the counts and the importer all ask it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.humanize.templatetags import humanize
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tracker.domain.offices import Tenure, as_tenure, choose_tenure, matching_period, position_held_during
from tracker.models import Event, EventCountry, Office, Participation, Person, Position

COUNTED_LIFECYCLES = (Event.Lifecycle.HELD, Event.Lifecycle.ANNOUNCED)


def fill_participation_defaults(participation: Participation) -> None:
    """Default the office held and the represented country from the person's positions."""
    event = participation.event
    if participation.position_id is None:
        first, last = matching_period(event.start_date, event.date_precision)
        participation.position = position_held_during(participation.person_id, first, last)
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
    codes.update(Event.party_countries.through.objects.filter(event_id=event.pk).values_list("country_id", flat=True))
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


def is_counted_meeting(event: Event) -> bool:
    return counts_in_ordinals(event.kind) and event.lifecycle in COUNTED_LIFECYCLES


def _attended_by(person_id: int) -> Exists:
    return Exists(Participation.objects.filter(event=OuterRef("pk"), person_id=person_id))


def _in_period(events: QuerySet, start: date | None, end: date | None) -> QuerySet:
    if start:
        events = events.filter(start_date__gte=start)
    if end:
        events = events.filter(start_date__lte=end)
    return events


@dataclass(frozen=True)
class _Meeting:
    pk: int
    attendees: dict[int, Tenure | None]  # person id → the position held there, if any


_PARTICIPATION_COLUMNS = (
    "event_id",
    "person_id",
    "position_id",
    "position__office_id",
    "position__start_date",
    "position__end_date",
    "position__office__kind",
)


def _with_attendance(found: QuerySet) -> list[_Meeting]:
    """The meetings in date order, each with the position every participant held there: the one
    recorded on the participation, else the one `choose_tenure` finds for the meeting's date."""
    dated = {pk: (start, precision) for pk, start, precision in found.values_list("pk", "start_date", "date_precision")}
    rows = Participation.objects.filter(event__in=found.order_by().values("pk")).values_list(*_PARTICIPATION_COLUMNS)
    attendees: dict[int, dict[int, Tenure | None]] = {pk: {} for pk in dated}
    unrecorded = []
    for event_id, person_id, position_id, *recorded in rows:
        if position_id is None:
            unrecorded.append((event_id, person_id))
        else:
            attendees[event_id][person_id] = as_tenure(position_id, *recorded)
    held: dict[int, list[Tenure]] = {}
    for person_id, *position in Position.objects.filter(person_id__in={person for _, person in unrecorded}).values_list(
        "person_id", "id", "office_id", "start_date", "end_date", "office__kind"
    ):
        held.setdefault(person_id, []).append(as_tenure(*position))
    for event_id, person_id in unrecorded:
        attendees[event_id][person_id] = choose_tenure(held.get(person_id, ()), *matching_period(*dated[event_id]))
    ordered = sorted(dated, key=lambda pk: (dated[pk][0], pk))
    return [_Meeting(pk, attendees[pk]) for pk in ordered]


def _up_to(event: Event) -> Q:
    return Q(start_date__lt=event.start_date) | Q(start_date=event.start_date, id__lte=event.pk)


def _held_there(meeting: _Meeting, person_id: int, position: Tenure) -> bool:
    """The person attended the meeting in this very position (this term of this office)."""
    there = meeting.attendees.get(person_id)
    return there is not None and there.position_id == position.position_id


def _with_office_holder(run: list[_Meeting], person_id: int, office_id: int) -> list[_Meeting]:
    """The meetings at which someone other than the person held the office."""
    return [
        meeting
        for meeting in run
        if any(
            tenure is not None and tenure.office_id == office_id
            for attendee, tenure in meeting.attendees.items()
            if attendee != person_id
        )
    ]


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
    """Meetings the person attended, starting within [start, end], with whoever held the office
    there (the position recorded on the participation, else the one held on the meeting's date)."""
    run = _with_attendance(_in_period(meetings(events).filter(_attended_by(person.pk)), start, end))
    ids = [meeting.pk for meeting in _with_office_holder(run, person.pk, office.pk)]
    return Event.objects.filter(pk__in=ids).order_by("start_date", "id")


@dataclass(frozen=True)
class MeetingOrdinal:
    """Where a meeting stands for one leader and one other participant. `office_meetings` and
    `person_meetings` are the ids of the meetings counted, in order, this one last; the ordinals are
    their lengths, so a count and the list behind it cannot disagree."""

    person: Person
    counterpart: Person
    counterpart_office: Office | None
    office_meetings: tuple[int, ...] | None
    person_meetings: tuple[int, ...]
    since: date  # the first day of the leader's position held at the meeting

    @property
    def office_ordinal(self) -> int | None:
        return None if self.office_meetings is None else len(self.office_meetings)

    @property
    def person_ordinal(self) -> int:
        return len(self.person_meetings)

    @property
    def office_sentence(self) -> str:
        if self.counterpart_office is None:  # and so office_meetings
            return ""
        office = self.counterpart_office
        # A summit is a meeting of leaders; a leader receiving a minister is a meeting.
        noun = "summit" if office.is_leader else "meeting"
        return (
            f"{self.person.name}'s {ordinal(self.office_ordinal)} {noun} with {indefinite_article(office.title)} "
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


def _side(participation: Participation, tenure: Tenure | None, offices: dict[int, Office]) -> str | int | None:
    """The country (or organisation) a participant stands for: the one recorded, else their office's."""
    if participation.represented_country_id or participation.represented_organization_id:
        return participation.represented_country_id or participation.represented_organization_id
    if tenure is None:
        return None
    office = offices[tenure.office_id]
    return office.country_id or office.organization_id


def meeting_ordinals(event: Event, *, events: QuerySet | None = None) -> list[MeetingOrdinal]:
    """For each leader at a meeting and each participant from another side, where this meeting
    stands in the leader's run of meetings with that office (in the position the leader holds here,
    so since taking office) and with that person.

    `events` is the visible universe (readers: published only), so drafts never shape a reader's count.
    Returns nothing for events that are not counted meetings.
    """
    if not is_counted_meeting(event):
        return []
    participations = list(event.participations.select_related("person"))
    here = _with_attendance(Event.objects.filter(pk=event.pk))[0].attendees
    offices = Office.objects.select_related("country", "organization").in_bulk(
        {tenure.office_id for tenure in here.values() if tenure is not None}
    )
    results = []
    for leader in participations:
        held = here[leader.person_id]
        if held is None or not held.is_leader:
            continue
        run = [
            meeting
            for meeting in _with_attendance(meetings(events).filter(_attended_by(leader.person_id), _up_to(event)))
            if _held_there(meeting, leader.person_id, held)
        ]
        for other in participations:
            if other.person_id == leader.person_id:
                continue
            side = _side(other, here[other.person_id], offices)
            if side is not None and side == _side(leader, held, offices):
                continue
            counterpart = here[other.person_id]
            office = offices[counterpart.office_id] if counterpart else None
            office_run = _with_office_holder(run, leader.person_id, office.pk) if office else None
            between = meetings_between_people(leader.person, other.person, events=events).filter(_up_to(event))
            results.append(
                MeetingOrdinal(
                    person=leader.person,
                    counterpart=other.person,
                    counterpart_office=office,
                    office_meetings=None if office_run is None else tuple(meeting.pk for meeting in office_run),
                    person_meetings=tuple(between.values_list("pk", flat=True)),
                    since=held.start,
                )
            )
    return results


def counted_events(
    event: Event, people: Sequence[Person], office: Office | None = None, *, events: QuerySet | None = None
) -> list[int]:
    """The ids of the meetings behind one derived fact on `event`, in order: with one person and an
    office, that leader's meetings with holders of the office since taking office; with two people,
    the meetings between them. Empty when the event states no such fact."""
    wanted = {person.pk for person in people}
    for fact in meeting_ordinals(event, events=events):
        if office is not None and len(wanted) == 1 and fact.person.pk in wanted:
            if fact.counterpart_office == office:
                return list(fact.office_meetings)
        elif office is None and len(wanted) == 2 and {fact.person.pk, fact.counterpart.pk} == wanted:
            return list(fact.person_meetings)
    return []


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
        .annotate(meetings=Count("event_id"))  # one row per event and country (event_country_once)
        .order_by("-meetings", "country__name")
    )
    return [(row["country__name"], row["meetings"]) for row in rows]


@dataclass(frozen=True)
class FactLine:
    """One sentence of an event's derived facts and the fact it states: a leader and a counterpart
    office, or a pair of people. tracker.queries turns the fact into the list of events it counted."""

    text: str
    people: tuple[Person, ...]
    office: Office | None = None


def ordinal_lines(facts: list[MeetingOrdinal]) -> list[FactLine]:
    """The sentences to show for an event: each leader's count with the counterpart office, then each
    pair's meeting count once (it reads the same from either side)."""
    lines = [
        FactLine(
            f"{fact.office_sentence} (took office {fact.since.day} {fact.since:%b %Y})",
            (fact.person,),
            fact.counterpart_office,
        )
        for fact in facts
        if fact.office_sentence
    ]
    seen_pairs: set[frozenset[int]] = set()
    for fact in facts:
        pair = frozenset({fact.person.pk, fact.counterpart.pk})
        if pair not in seen_pairs:
            seen_pairs.add(pair)
            lines.append(FactLine(fact.person_sentence, (fact.person, fact.counterpart)))
    return lines


def ordinal_sentences(facts: list[MeetingOrdinal]) -> list[str]:
    return [line.text for line in ordinal_lines(facts)]
