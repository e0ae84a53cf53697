"""The one rule that matches an event's date to the offices people held (tracker.domain.offices)."""

from datetime import date

import pytest

from tests.factories import make_event, make_person, make_position
from tracker.domain.offices import Tenure, choose_tenure, matching_period
from tracker.imports import import_events
from tracker.imports.references import Lookups
from tracker.models import Event, Office, Position

OCT_1, OCT_31 = date(2025, 10, 1), date(2025, 10, 31)


def tenure(position_id: int, start: date, end: date | None = None, *, leader: bool = True, office: int = 1) -> Tenure:
    return Tenure(position_id, office, start, end, leader)


@pytest.mark.parametrize(
    ("start", "precision", "period"),
    [
        (date(2026, 1, 13), "day", (date(2026, 1, 13), date(2026, 1, 13))),
        (date(2025, 10, 1), "month", (OCT_1, OCT_31)),
        (date(2024, 2, 1), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2013, 1, 1), "year", (date(2013, 1, 1), date(2013, 12, 31))),
    ],
)
def test_an_event_is_matched_on_its_first_day_or_on_the_whole_month_or_year_it_is_known_to(start, precision, period):
    assert matching_period(start, precision) == period


def test_no_position_overlapping_the_period_is_no_position():
    before = tenure(1, date(2024, 1, 1), date(2025, 9, 30))
    after = tenure(2, date(2025, 11, 1))
    assert choose_tenure([before, after], OCT_1, OCT_31) is None
    assert choose_tenure([], OCT_1, OCT_31) is None


@pytest.mark.parametrize(
    ("start", "end", "day", "held"),
    [
        (date(2025, 6, 4), None, date(2025, 6, 4), True),  # the day of taking office
        (date(2025, 6, 4), None, date(2025, 6, 3), False),  # the day before
        (date(2024, 10, 1), date(2025, 10, 21), date(2025, 10, 21), True),  # the last day of the term
        (date(2024, 10, 1), date(2025, 10, 21), date(2025, 10, 22), False),  # the day after: a former holder
        (date(2024, 10, 1), None, date(2099, 1, 1), True),  # no end: still in office
    ],
)
def test_both_ends_of_a_term_are_days_in_office(start, end, day, held):
    chosen = choose_tenure([tenure(7, start, end)], day, day)
    assert (chosen is not None) is held


def test_a_position_taken_on_the_last_day_of_a_month_is_held_during_that_month():
    late = tenure(1, OCT_31)
    assert choose_tenure([late], OCT_1, OCT_31) == late
    assert choose_tenure([tenure(2, date(2025, 9, 1), OCT_1)], OCT_1, OCT_31) is not None


def test_a_leaders_office_wins_over_a_longer_ministry_in_the_same_month():
    minister = tenure(1, date(2024, 1, 1), date(2025, 10, 27), leader=False)
    prime_minister = tenure(2, date(2025, 10, 28))
    assert choose_tenure([minister, prime_minister], OCT_1, OCT_31) == prime_minister
    assert choose_tenure([prime_minister, minister], OCT_1, OCT_31) == prime_minister


def test_between_offices_of_the_same_standing_the_one_held_longest_in_the_period_wins():
    president = tenure(1, date(2000, 1, 1), date(2025, 10, 7))  # 7 days of October
    prime_minister = tenure(2, date(2025, 10, 8))  # 24 days
    assert choose_tenure([president, prime_minister], OCT_1, OCT_31) == prime_minister
    president = tenure(1, date(2000, 1, 1), date(2025, 10, 25))  # 25 days
    prime_minister = tenure(2, date(2025, 10, 26))  # 6 days
    assert choose_tenure([prime_minister, president], OCT_1, OCT_31) == president
    minister = tenure(3, date(2000, 1, 1), date(2025, 10, 20), leader=False)  # 20 days
    envoy = tenure(4, date(2025, 10, 21), leader=False)  # 11 days
    assert choose_tenure([envoy, minister], OCT_1, OCT_31) == minister


def test_days_held_are_counted_inside_the_period_only():
    # Held for decades before October but only 2 days in it; the other, 3 days in it.
    old = tenure(1, date(1990, 1, 1), date(2025, 10, 2))
    new = tenure(2, date(2025, 10, 29), date(2030, 1, 1))
    assert choose_tenure([old, new], OCT_1, OCT_31) == new
    # 3 days (1–3 Oct) against 2 (30–31 Oct, open-ended): the earlier one wins.
    old = tenure(1, date(1990, 1, 1), date(2025, 10, 3))
    new = tenure(2, date(2025, 10, 30))
    assert choose_tenure([new, old], OCT_1, OCT_31) == old


def test_on_one_day_a_leaders_office_then_the_latest_start_then_the_latest_recorded_wins():
    day = date(2026, 1, 13)
    older, newer = tenure(1, date(2020, 1, 1), leader=False), tenure(2, date(2025, 1, 1), leader=False)
    assert choose_tenure([older, newer], day, day) == newer
    assert choose_tenure([newer, older], day, day) == newer
    first, second = tenure(3, date(2025, 1, 1), leader=False), tenure(4, date(2025, 1, 1), leader=False)
    assert choose_tenure([second, first], day, day) == second
    assert choose_tenure([first, second], day, day) == second
    leader = tenure(5, date(2010, 1, 1))
    assert choose_tenure([newer, leader, second], day, day) == leader


# Every path asks the same rule: the admin's participation defaults and the importer ----------------


@pytest.fixture
def takaichi(db):
    """Sanae Takaichi, Prime Minister of Japan from 21 Oct 2025."""
    person = make_person("Sanae Takaichi", slug="sanae-takaichi")
    office = Office.objects.create(
        title="Prime Minister", kind=Office.Kind.HEAD_OF_GOVERNMENT, country_id="JP", slug="prime-minister-jp"
    )
    make_position(person, office, date(2025, 10, 21))
    return person


def test_a_participation_in_a_month_precision_event_records_the_office_taken_that_month(takaichi):
    october = make_event(when="Oct 2025", participants=[takaichi])
    part = october.participations.get()
    assert part.position.office.slug == "prime-minister-jp" and part.represented_country_id == "JP"
    early = make_event(when="20 Oct 2025", participants=[takaichi])
    assert early.participations.get().position is None


@pytest.mark.parametrize("office", ["", "prime-minister-jp"])
def test_the_importer_matches_a_month_precision_event_to_the_office_taken_that_month(takaichi, office):
    participant = {"person": "sanae-takaichi", "role": "host", "office": office}
    row = {"title": "Talks", "kind": "bilateral_summit", "start_date": "Oct 2025", "participants": [participant]}
    report = import_events([row])
    assert report.ok, report.errors
    part = Event.objects.get(title="Talks").participations.get()
    assert part.position.office.slug == "prime-minister-jp" and part.represented_country_id == "JP"


def test_the_importer_refuses_an_office_not_held_during_the_events_period(takaichi):
    participant = {"person": "sanae-takaichi", "office": "prime-minister-jp"}
    rows = [
        {"title": "Early", "kind": "bilateral_summit", "start_date": "20 Oct 2025", "participants": [participant]},
        {"title": "Year", "kind": "bilateral_summit", "start_date": "2024", "participants": [participant]},
    ]
    assert [str(error) for error in import_events(rows).errors] == [
        "row 1, participants: 'sanae-takaichi' held no position as 'prime-minister-jp' on 2025-10-20",
        "row 2, participants: 'sanae-takaichi' held no position as 'prime-minister-jp' during 2024",
    ]


def test_the_importers_lookups_ask_the_same_rule(takaichi):
    lookups = Lookups()
    prime_minister = Position.objects.get(person=takaichi)
    held = (prime_minister.pk, prime_minister.office_id)
    assert lookups.position_on(takaichi.pk, OCT_1, OCT_31) == held
    assert lookups.position_on(takaichi.pk, OCT_1, OCT_1) is None
    assert lookups.position_on(takaichi.pk, OCT_1, OCT_31, prime_minister.office_id) == held
    assert lookups.position_on(takaichi.pk, OCT_1, OCT_31, prime_minister.office_id + 1000) is None
