"""Derived facts at their edges: terms of office, partial dates, lifecycles, same-day meetings,
drafts, non-leaders, a person's own side, recorded against inferred positions."""

from datetime import date

import pytest

from tests.factories import make_event, make_office, make_person, make_position
from tracker.domain import derived
from tracker.models import Event, Office, Participation, Person

KR_PRESIDENT = {"title": "President", "country": "KR", "kind": Office.Kind.HEAD_OF_STATE_AND_GOVERNMENT}
JP_PRIME_MINISTER = {"title": "Prime Minister", "country": "JP", "kind": Office.Kind.HEAD_OF_GOVERNMENT}


@pytest.fixture
def korea_japan(db):
    """Lee (President of South Korea from 4 Jun 2025), Ishiba (PM of Japan to 21 Oct 2025), Takaichi
    (PM from 21 Oct 2025): the demo's terms, without its events."""
    president, prime_minister = make_office(**KR_PRESIDENT), make_office(**JP_PRIME_MINISTER)
    lee, ishiba, takaichi = make_person("Lee"), make_person("Ishiba"), make_person("Takaichi")
    make_position(lee, president, date(2025, 6, 4))
    make_position(ishiba, prime_minister, date(2024, 10, 1), date(2025, 10, 21))
    make_position(takaichi, prime_minister, date(2025, 10, 21))
    return lee, ishiba, takaichi, prime_minister


def facts_of(event: Event, person: Person, counterpart: Person, **kwargs) -> derived.MeetingOrdinal:
    found = [
        fact
        for fact in derived.meeting_ordinals(event, **kwargs)
        if fact.person == person and fact.counterpart == counterpart
    ]
    assert len(found) == 1, found
    return found[0]


def office_ordinal(event: Event, person: Person, counterpart: Person, **kwargs) -> int | None:
    return facts_of(event, person, counterpart, **kwargs).office_ordinal


# Partial dates ----------------------------------------------------------------------------------


def test_a_month_precision_meeting_in_the_month_a_leader_took_office_counts_in_the_leaders_ordinals(korea_japan):
    lee, ishiba, _, _ = korea_japan
    june = make_event(when="Jun 2025", participants=[lee, ishiba])
    july = make_event(when="17 Jul 2025", participants=[lee, ishiba])
    assert office_ordinal(june, lee, ishiba) == 1
    assert office_ordinal(july, lee, ishiba) == 2
    assert facts_of(june, lee, ishiba).since == date(2025, 6, 4)
    # The participation itself records the office held that month, not "not recorded".
    assert june.participations.get(person=lee).position.start_date == date(2025, 6, 4)


def test_a_month_precision_meeting_with_a_prime_minister_who_took_office_that_month_counts_for_the_office(
    korea_japan,
):
    lee, _, takaichi, prime_minister = korea_japan
    october = make_event(when="Oct 2025", participants=[lee, takaichi])
    fact = facts_of(october, lee, takaichi)
    assert fact.counterpart_office == prime_minister and fact.office_ordinal == 1
    assert october.participations.get(person=takaichi).position.office == prime_minister


def test_positions_recorded_after_the_meetings_are_inferred_for_the_month(db):
    """Participations saved before the positions existed have no position recorded: the count then
    infers it from the meeting's month, by the same rule."""
    lee, ishiba = make_person("Lee"), make_person("Ishiba")
    june = make_event(when="Jun 2025", participants=[lee, ishiba])
    july = make_event(when="17 Jul 2025", participants=[lee, ishiba])
    assert not Participation.objects.filter(position__isnull=False).exists()
    make_position(lee, make_office(**KR_PRESIDENT), date(2025, 6, 4))
    make_position(ishiba, make_office(**JP_PRIME_MINISTER), date(2024, 10, 1))
    assert office_ordinal(july, lee, ishiba) == 2
    assert office_ordinal(june, lee, ishiba) == 1


def test_a_year_precision_meeting_counts_for_an_office_taken_during_that_year(korea_japan):
    lee, ishiba, _, _ = korea_japan
    year = make_event(when="2025", participants=[lee, ishiba])
    assert office_ordinal(year, lee, ishiba) == 1


def test_a_leader_who_was_a_minister_until_taking_office_that_month_counts_as_the_leader(korea_japan):
    lee, ishiba, _, _ = korea_japan
    make_position(lee, make_office("Foreign Minister", "KR", Office.Kind.MINISTER), date(2024, 1, 1), date(2025, 6, 3))
    june = make_event(when="Jun 2025", participants=[lee, ishiba])
    assert office_ordinal(june, lee, ishiba) == 1


# Terms of office --------------------------------------------------------------------------------


def test_a_meeting_on_the_day_a_leader_takes_office_counts_and_the_day_before_does_not(korea_japan):
    lee, ishiba, _, _ = korea_japan
    before = make_event(when="3 Jun 2025", participants=[lee, ishiba])
    first_day = make_event(when="4 Jun 2025", participants=[lee, ishiba])
    assert [fact for fact in derived.meeting_ordinals(before) if fact.person == lee] == []
    assert office_ordinal(first_day, lee, ishiba) == 1
    # Ishiba, PM on both days, counts both meetings with Lee, who was president on one of them.
    president = Office.objects.get(country_id="KR", title="President")
    assert facts_of(first_day, ishiba, lee).counterpart_office == president
    assert office_ordinal(first_day, ishiba, lee) == 1
    assert facts_of(first_day, ishiba, lee).person_ordinal == 2


def test_a_meeting_on_the_last_day_of_a_term_counts_for_the_office_and_the_day_after_does_not(korea_japan):
    lee, ishiba, takaichi, prime_minister = korea_japan
    make_event(when="21 Oct 2025", participants=[lee, ishiba])
    after = make_event(when="22 Oct 2025", participants=[lee, ishiba])
    later = make_event(when="30 Oct 2025", participants=[lee, takaichi])
    assert facts_of(after, lee, ishiba).counterpart_office is None  # a former prime minister
    assert office_ordinal(later, lee, takaichi) == 2  # the 21 Oct meeting, then this one
    assert derived.meetings_with_office(lee, prime_minister).count() == 2


def test_an_event_spanning_a_handover_is_matched_on_its_first_day(korea_japan):
    lee, ishiba, takaichi, prime_minister = korea_japan
    visit = make_event(when="20–22 Oct 2025", participants=[lee, ishiba, takaichi], kind=Event.Kind.STATE_VISIT)
    assert facts_of(visit, lee, ishiba).counterpart_office == prime_minister
    assert facts_of(visit, lee, takaichi).counterpart_office is None
    assert visit.participations.get(person=takaichi).position is None
    assert derived.ordinal_sentences(derived.meeting_ordinals(visit))[0].startswith("Lee's 1st summit with a Prime")


def test_since_taking_office_means_in_the_term_held_at_the_meeting(db):
    president, prime_minister = make_office(**KR_PRESIDENT), make_office(**JP_PRIME_MINISTER)
    moon, abe = make_person("Moon"), make_person("Abe")
    make_position(abe, prime_minister, date(2012, 12, 26))
    make_position(moon, president, date(2010, 1, 1), date(2014, 12, 31))  # a first term
    make_position(moon, president, date(2017, 5, 10))  # a second one
    make_event(when="10 Mar 2013", participants=[moon, abe])
    make_event(when="2016", participants=[moon, abe])  # out of office
    second_term = make_event(when="9 May 2018", participants=[moon, abe])
    fact = facts_of(second_term, moon, abe)
    assert (fact.office_ordinal, fact.person_ordinal, fact.since) == (1, 3, date(2017, 5, 10))


# Lifecycles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lifecycle", "counted"),
    [
        (Event.Lifecycle.HELD, True),
        (Event.Lifecycle.ANNOUNCED, True),  # scheduled meetings count (docs/data-model.md)
        (Event.Lifecycle.POSTPONED, False),
        (Event.Lifecycle.CANCELLED, False),
    ],
)
def test_held_and_announced_meetings_count_postponed_and_cancelled_ones_do_not(korea_japan, lifecycle, counted):
    lee, ishiba, _, _ = korea_japan
    earlier = make_event(when="1 Jul 2025", participants=[lee, ishiba], lifecycle=lifecycle)
    later = make_event(when="1 Aug 2025", participants=[lee, ishiba])
    fact = facts_of(later, lee, ishiba)
    assert (fact.office_ordinal, fact.person_ordinal) == ((2, 2) if counted else (1, 1))
    assert bool(derived.meeting_ordinals(earlier)) is counted
    assert (earlier in derived.meetings()) is counted


# Order and numbering ----------------------------------------------------------------------------


def test_two_meetings_on_one_day_are_counted_in_the_order_they_were_recorded(korea_japan):
    lee, ishiba, _, _ = korea_japan
    morning = make_event(when="1 Jul 2025", participants=[lee, ishiba])
    evening = make_event(when="1 Jul 2025", participants=[lee, ishiba])
    tomorrow = make_event(when="2 Jul 2025", participants=[lee, ishiba])
    assert morning.pk < evening.pk
    assert [office_ordinal(event, lee, ishiba) for event in (morning, evening, tomorrow)] == [1, 2, 3]
    assert facts_of(evening, lee, ishiba).office_meetings == (morning.pk, evening.pk)


def test_a_later_recorded_meeting_on_an_earlier_day_counts_first(korea_japan):
    lee, ishiba, _, _ = korea_japan
    later = make_event(when="2 Jul 2025", participants=[lee, ishiba])
    earlier = make_event(when="1 Jul 2025", participants=[lee, ishiba])
    assert facts_of(later, lee, ishiba).office_meetings == (earlier.pk, later.pk)
    assert facts_of(later, lee, ishiba).person_meetings == (earlier.pk, later.pk)
    # The earlier meeting's count stops at its own day, whatever was recorded before it.
    assert facts_of(earlier, lee, ishiba).office_meetings == (earlier.pk,)
    assert facts_of(earlier, lee, ishiba).person_meetings == (earlier.pk,)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
    ],
)
def test_ordinal_suffixes(number, text):
    assert derived.ordinal(number) == text


def test_sentences_say_summit_office_country_and_the_day_the_leader_took_office(korea_japan):
    lee, ishiba, _, prime_minister = korea_japan
    meeting = make_event(when="1 Jul 2025", participants=[lee, ishiba])
    assert derived.ordinal_sentences(derived.meeting_ordinals(meeting)) == [
        "Lee's 1st summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)",
        "Ishiba's 1st summit with a President of South Korea since taking office (took office 1 Oct 2024)",
        "1st meeting between Lee and Ishiba",
    ]
    lines = derived.ordinal_lines(derived.meeting_ordinals(meeting))
    assert [(line.people, line.office) for line in lines] == [
        ((lee,), prime_minister),
        ((ishiba,), Office.objects.get(country_id="KR")),
        ((lee, ishiba), None),
    ]


# Drafts -----------------------------------------------------------------------------------------


def test_drafts_count_for_staff_but_never_in_a_readers_count(korea_japan):
    lee, ishiba, _, prime_minister = korea_japan
    draft = make_event(when="1 Jul 2025", participants=[lee, ishiba], is_published=False)
    meeting = make_event(when="1 Aug 2025", participants=[lee, ishiba])
    published = Event.objects.published()
    fact = facts_of(meeting, lee, ishiba, events=published)
    assert (fact.office_ordinal, fact.person_ordinal) == (1, 1)
    assert draft.pk not in fact.office_meetings + fact.person_meetings
    assert facts_of(meeting, lee, ishiba).person_ordinal == 2
    assert derived.meetings_with_office(lee, prime_minister, events=published).count() == 1
    assert derived.meetings_between_people(lee, ishiba, events=published).count() == 1
    assert derived.meetings_between_countries("KR", "JP", events=published).count() == 1


# Who counts ---------------------------------------------------------------------------------------


def test_a_foreign_minister_gets_no_summit_sentence(korea_japan):
    lee, ishiba, _, _ = korea_japan
    minister = make_person("Iwaya")
    make_position(minister, make_office("Foreign Minister", "JP", Office.Kind.MINISTER), date(2024, 10, 1))
    visit = make_event(when="1 Jul 2025", participants=[lee, minister], kind=Event.Kind.OFFICIAL_VISIT)
    facts = derived.meeting_ordinals(visit)
    assert [fact.person for fact in facts] == [lee]
    # The leader's count with the minister's office is a meeting, not a summit.
    assert derived.ordinal_sentences(facts) == [
        "Lee's 1st meeting with a Foreign Minister of Japan since taking office (took office 4 Jun 2025)",
        "1st meeting between Lee and Iwaya",
    ]
    assert derived.meeting_ordinals(make_event(when="2 Jul 2025", participants=[minister, ishiba])) == []


def test_a_participant_from_the_leaders_own_side_is_never_a_counterpart(korea_japan):
    lee, ishiba, _, _ = korea_japan
    minister = make_person("Cho")
    make_position(minister, make_office("Foreign Minister", "KR", Office.Kind.MINISTER), date(2025, 6, 1))
    meeting = make_event(when="1 Jul 2025", participants=[lee, minister, ishiba])
    assert {(fact.person, fact.counterpart) for fact in derived.meeting_ordinals(meeting)} == {
        (lee, ishiba),
        (ishiba, lee),
        (ishiba, minister),
    }
    assert derived.ordinal_sentences(derived.meeting_ordinals(meeting))[-2:] == [
        "1st meeting between Lee and Ishiba",
        "1st meeting between Ishiba and Cho",
    ]
    # A participant recorded as representing the leader's country is on the leader's side too.
    adviser = make_person("Adviser")
    Participation.objects.create(event=meeting, person=adviser, represented_country_id="KR")
    assert (lee, adviser) not in {(fact.person, fact.counterpart) for fact in derived.meeting_ordinals(meeting)}


def test_sides_come_from_the_offices_when_no_country_was_recorded(db):
    """Participations saved before the positions were entered have no country: the offices held
    then decide the sides."""
    lee, cho, ishiba = make_person("Lee"), make_person("Cho"), make_person("Ishiba")
    meeting = make_event(when="1 Jul 2025", participants=[lee, cho, ishiba])
    assert not Participation.objects.filter(represented_country__isnull=False).exists()
    make_position(lee, make_office(**KR_PRESIDENT), date(2025, 6, 4))
    make_position(cho, make_office("Foreign Minister", "KR", Office.Kind.MINISTER), date(2025, 6, 1))
    make_position(ishiba, make_office(**JP_PRIME_MINISTER), date(2024, 10, 1))
    assert {(fact.person, fact.counterpart) for fact in derived.meeting_ordinals(meeting)} == {
        (lee, ishiba),
        (ishiba, lee),
        (ishiba, cho),
    }


def test_a_persons_own_country_is_never_among_their_counterparts(korea_japan):
    lee, ishiba, _, _ = korea_japan
    make_event(when="1 Jul 2025", participants=[lee, ishiba], host_country_id="KR")
    make_event(when="1 Aug 2025", participants=[lee, ishiba], host_country_id="JP")
    make_event(when="1 Sep 2025", participants=[lee], host_country_id="KR", kind=Event.Kind.WORKING_VISIT)
    assert derived.counterpart_counts(lee, Event.objects.all()) == [("Japan", 2)]
    assert derived.counterpart_counts(ishiba, Event.objects.all()) == [("South Korea", 2)]


def test_counterpart_countries_count_visible_meetings_most_frequent_first_then_by_name(korea_japan):
    lee, _, _, _ = korea_japan
    for when, country in [("1 Jul", "US"), ("2 Jul", "JP"), ("3 Jul", "CN"), ("4 Jul", "US"), ("5 Jul", "JP")]:
        make_event(when=f"{when} 2025", participants=[lee], host_country_id=country)
    make_event(when="6 Jul 2025", participants=[lee], host_country_id="CN", kind=Event.Kind.PHONE_CALL)
    make_event(when="7 Jul 2025", participants=[lee], host_country_id="CN", is_published=False)
    assert derived.counterpart_counts(lee, Event.objects.published()) == [
        ("Japan", 2),
        ("United States", 2),
        ("China", 1),
    ]
    assert derived.counterpart_counts(lee, Event.objects.all())[0] == ("China", 2)
    # Equal counts are listed by name, whatever the codes: NL (Netherlands) before GB (United Kingdom).
    for when, country in [("8 Jul", "GB"), ("9 Jul", "NL"), ("10 Jul", "GB"), ("11 Jul", "NL")]:
        make_event(when=f"{when} 2025", participants=[lee], host_country_id=country)
    assert derived.counterpart_counts(lee, Event.objects.published())[:4] == [
        ("Japan", 2),
        ("Netherlands", 2),
        ("United Kingdom", 2),
        ("United States", 2),
    ]


def test_a_recorded_position_beats_the_inferred_one(korea_japan):
    lee, ishiba, _, prime_minister = korea_japan
    envoy = make_office("Special Envoy", "JP", Office.Kind.ENVOY)
    as_envoy = make_position(ishiba, envoy, date(2025, 1, 1))
    meeting = make_event(when="1 Jul 2025", participants=[lee])
    Participation.objects.create(event=meeting, person=ishiba, position=as_envoy)
    fact = facts_of(meeting, lee, ishiba)
    assert fact.counterpart_office == envoy
    assert derived.meetings_with_office(lee, prime_minister).count() == 0
    assert derived.meetings_with_office(lee, envoy).count() == 1
    # The leader's own recorded position decides too: recorded as envoy, no summit count.
    lee_as_envoy = make_position(lee, make_office("Special Envoy", "KR", Office.Kind.ENVOY), date(2025, 1, 1))
    other = make_event(when="2 Jul 2025", participants=[ishiba])
    Participation.objects.create(event=other, person=lee, position=lee_as_envoy)
    assert [fact.person for fact in derived.meeting_ordinals(other)] == [ishiba]


def test_counts_over_a_period_bound_the_first_day(korea_japan):
    lee, ishiba, takaichi, prime_minister = korea_japan
    for when, people in [
        ("1 Jul 2025", [lee, ishiba]),
        ("21 Oct 2025", [lee, ishiba]),
        ("1 Dec 2025", [lee, takaichi]),
    ]:
        make_event(when=when, participants=people)
    window = {"start": date(2025, 10, 21), "end": date(2025, 12, 1)}
    assert derived.meetings_with_office(lee, prime_minister, **window).count() == 2
    assert derived.meetings_with_office(lee, prime_minister, start=date(2025, 10, 22)).count() == 1
    assert derived.meetings_with_office(lee, prime_minister, end=date(2025, 10, 20)).count() == 1
    make_event(when="2 Dec 2025", participants=[lee, ishiba])
    make_event(when="1 Aug 2025", participants=[lee], host_country_id="CN")
    assert derived.meetings_between_people(lee, ishiba, **window).count() == 1
    assert derived.meetings_between_people(lee, ishiba, end=date(2025, 12, 1)).count() == 2
    assert derived.meetings_between_countries("KR", "JP", end=date(2025, 11, 30)).count() == 2
    assert derived.meetings_between_countries("KR", "JP", start=date(2025, 7, 2)).count() == 2
    assert derived.meetings_between_countries("KR", "JP").count() == 3
    assert derived.meetings_between_countries("KR", "CN").count() == 1
