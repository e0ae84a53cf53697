"""Which office a person held at an event: the one rule for matching an event's date to positions.

The participation defaults (tracker.domain.derived.fill_participation_defaults), the derived
ordinals and counts (tracker.domain.derived) and the importer (tracker.imports.references) all call
`matching_period` and `choose_tenure`, so an event known only to the month is matched to offices the
same way on every path. docs/data-model.md explains the rule for readers.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from tracker.domain.dates import period_bounds
from tracker.models import Office, Position


class Tenure(NamedTuple):
    """What the office rule reads of a position."""

    position_id: int
    office_id: int
    start: date
    end: date | None  # None while in office
    is_leader: bool


def matching_period(start_date: date, precision: str) -> tuple[date, date]:
    """The days an event's date stands for when it is matched to offices.

    A day-precision event is matched on its first day: the office a participant came to it in
    (a handover during a multi-day visit does not change who was met). An event known only to the
    month or the year is matched on that whole month or year, the period its date covers, so an
    office taken during that month counts instead of the first day deciding alone.
    """
    return period_bounds(start_date, precision)


def choose_tenure(tenures: Iterable[Tenure], first: date, last: date) -> Tenure | None:
    """The position a person held during [first, last]: THE rule for matching a date to offices.

    Of the positions overlapping the period (both ends inclusive):
    1. a leader's office (head of state or government) wins, as it does on a single day when a
       leader also holds a ministry: derived facts count leaders' meetings, and someone who became
       prime minister during the month a meeting is known to was, for the foreign leaders met that
       month, the new prime minister;
    2. then the position held for the most days within the period: on an unknown day of the month
       it is the likeliest to have been held;
    3. then the latest start (the newer office), then the highest id (the latest recorded).
    On a single day every candidate is held one day, so this is "a leader's office, else the latest".
    """

    def standing(tenure: Tenure) -> tuple:
        held_from = max(tenure.start, first)
        held_to = last if tenure.end is None else min(tenure.end, last)
        return (tenure.is_leader, (held_to - held_from).days, tenure.start, tenure.position_id)

    overlapping = [tenure for tenure in tenures if tenure.start <= last and (tenure.end is None or tenure.end >= first)]
    return max(overlapping, key=standing, default=None)


def as_tenure(position_id, office_id, start, end, office_kind) -> Tenure:
    return Tenure(position_id, office_id, start, end, office_kind in Office.LEADER_KINDS)


def tenure_of(position: Position) -> Tenure:
    """A position (read with its office) as the rule reads it."""
    return as_tenure(position.pk, position.office_id, position.start_date, position.end_date, position.office.kind)


def position_held_during(person_id: int, first: date, last: date) -> Position | None:
    """The position the person held during [first, last], by `choose_tenure`."""
    # A person holds a handful of positions in a lifetime: all of them, and the rule picks.
    return position_during(Position.objects.filter(person_id=person_id).select_related("office"), first, last)


def position_during(positions: Iterable[Position], first: date, last: date) -> Position | None:
    """Of these positions (with their offices), the one held during [first, last], by `choose_tenure`."""
    by_id = {position.pk: position for position in positions}
    chosen = choose_tenure(map(tenure_of, by_id.values()), first, last)
    return by_id[chosen.position_id] if chosen else None


def office_when_said(statement) -> Position | None:
    """The position the speaker held when the quote was said: `position_during` its `quote_period`,
    of `statement.speaker.positions.all()`, which the statements selector prefetches with offices."""
    if statement.speaker_id is None:
        return None
    event = statement.event if statement.said_on is None and statement.event_id is not None else None
    period = quote_period(
        statement.said_on,
        statement.said_on_precision,
        event.start_date if event else None,
        event.date_precision if event else None,
    )
    if period is None:
        return None
    return position_during(statement.speaker.positions.all(), *period)


def quote_period(said_on, said_on_precision: str, event_start, event_precision: str | None) -> tuple[date, date] | None:
    """The days a quote's speaker is matched to offices on: `said_on` at its precision; without it,
    the dates of the recorded event where it was said, as for that event's participants (its first
    day, or the whole month or year it is known to). The event a quote is about is no guide (a 2026
    interview may speak of 2013), so a quote with neither date has no period (None)."""
    if said_on is not None:
        return matching_period(said_on, said_on_precision)
    if event_start is not None:
        return matching_period(event_start, event_precision)
    return None
