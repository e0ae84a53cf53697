"""Derived rows kept with the records: a participation's office and side, the countries an event
involves, and the counts over a period listed in the order they happened."""

from datetime import date

import pytest

from tests.factories import make_event, make_office, make_person, make_position
from tracker.domain import derived
from tracker.domain.offices import position_held_during
from tracker.models import Event, EventCountry, Office, Organization, Participation

# The event's participants, its date, the positions held there, their offices; then for each leader
# the meetings, their participants and the meetings between the pair (all positions recorded).
QUERIES_FOR_TWO_LEADERS = 4 + 2 * 3
OFFICE_KINDS = {"PM": Office.Kind.HEAD_OF_GOVERNMENT, "PRES": Office.Kind.HEAD_OF_STATE_AND_GOVERNMENT}


@pytest.fixture
def leaders(db):
    lee, ishiba = make_person("Lee"), make_person("Ishiba")
    president = make_office("President", "KR", OFFICE_KINDS["PRES"])
    prime_minister = make_office("Prime Minister", "JP", OFFICE_KINDS["PM"])
    make_position(lee, president, date(2025, 6, 4))
    make_position(ishiba, prime_minister, date(2024, 10, 1), date(2025, 10, 21))
    return lee, ishiba, president, prime_minister


def un_secretary_general():
    un = Organization.objects.create(name="United Nations", acronym="UN", slug="un")
    office = Office.objects.create(
        title="Secretary-General", kind=Office.Kind.ORGANIZATION_LEADER, organization=un, slug="un-sg"
    )
    person = make_person("Guterres")
    make_position(person, office, date(2017, 1, 1))
    return person, office, un


def test_a_participation_records_the_office_held_and_the_country_it_serves(leaders):
    lee, _, president, _ = leaders
    meeting = make_event(when="1 Jul 2025", participants=[lee])
    part = meeting.participations.get()
    assert (part.position.office, part.represented_country_id, part.represented_organization_id) == (
        president,
        "KR",
        None,
    )


def test_a_represented_country_given_is_kept_and_an_organisations_office_represents_it(leaders):
    lee, ishiba, _, prime_minister = leaders
    meeting = make_event(when="1 Jul 2025")
    as_given = Participation.objects.create(event=meeting, person=ishiba, represented_country_id="US")
    assert (as_given.position.office, as_given.represented_country_id) == (prime_minister, "US")
    secretary_general, office, un = un_secretary_general()
    part = Participation.objects.create(event=meeting, person=secretary_general)
    assert (part.position.office, part.represented_country_id, part.represented_organization_id) == (
        office,
        None,
        un.pk,
    )
    nobody = Participation.objects.create(event=meeting, person=make_person("Nobody"))
    assert (nobody.position, nobody.represented_country_id, nobody.represented_organization_id) == (None, None, None)
    chosen = Participation.objects.create(
        event=make_event(when="2 Jul 2025"), person=lee, position=ishiba.positions.get(), represented_organization=un
    )
    assert (chosen.position.office, chosen.represented_country_id) == (prime_minister, None)


def test_an_event_involves_its_host_its_parties_and_the_countries_its_participants_represent(leaders):
    lee, ishiba, _, _ = leaders
    meeting = make_event(when="13–14 Jan 2026", participants=[lee], host_country_id="JP")
    meeting.party_countries.set(["CN"])
    Participation.objects.create(event=meeting, person=make_person("Nobody"))
    assert derived.involved_country_codes(meeting) == {"KR", "JP", "CN"}
    Participation.objects.create(event=meeting, person=ishiba)
    rows = EventCountry.objects.filter(event=meeting).order_by("country_id")
    assert [(row.country_id, row.start_date, row.end_date) for row in rows] == [
        (code, date(2026, 1, 13), date(2026, 1, 14)) for code in ("CN", "JP", "KR")
    ]
    assert derived.involved_country_codes(make_event(when="2 Jul 2025")) == set()


def test_a_leader_meeting_an_organisations_head_counts_meetings_with_that_office(leaders, django_assert_num_queries):
    lee, _, _, _ = leaders
    secretary_general, office, _ = un_secretary_general()
    make_event(when="1 Jul 2025", participants=[lee, secretary_general])
    second = make_event(when="1 Sep 2025", participants=[lee, secretary_general])
    with django_assert_num_queries(4 + 3):  # as below, with one leader
        sentences = derived.ordinal_sentences(derived.meeting_ordinals(second))
    assert sentences == [
        "Lee's 2nd meeting with a Secretary-General of UN since taking office (took office 4 Jun 2025)",
        "2nd meeting between Lee and Guterres",
    ]
    assert derived.meetings_with_office(lee, office).count() == 2


def test_no_one_is_their_own_counterpart_office(leaders):
    lee, ishiba, president, prime_minister = leaders
    make_event(when="1 Jul 2025", participants=[lee, ishiba])
    assert derived.meetings_with_office(lee, president).count() == 0
    assert derived.meetings_with_office(ishiba, president).count() == 1
    assert derived.meetings_with_office(lee, prime_minister).count() == 1


def test_counts_over_a_period_are_listed_in_the_order_the_meetings_happened(leaders):
    lee, ishiba, _, prime_minister = leaders
    later = make_event(when="1 Sep 2025", participants=[lee, ishiba], host_country_id="KR")
    earlier = make_event(when="1 Jul 2025", participants=[lee, ishiba], host_country_id="JP")
    in_order = [earlier, later]
    assert list(derived.meetings_between_people(lee, ishiba)) == in_order
    assert list(derived.meetings_between_countries("KR", "JP")) == in_order
    assert list(derived.meetings_with_office(lee, prime_minister)) == in_order
    fact = derived.meeting_ordinals(later)[0]
    assert (fact.office_meetings, fact.person_meetings) == ((earlier.pk, later.pk), (earlier.pk, later.pk))


def test_only_meetings_count_however_they_are_named(leaders):
    lee, ishiba, _, _ = leaders
    for kind in Event.Kind.values:
        make_event(when="1 Jul 2025", participants=[lee, ishiba], kind=kind)
    assert sorted(derived.meetings().values_list("kind", flat=True)) == sorted(Event.MEETING_KINDS)
    call = Event.objects.get(kind=Event.Kind.PHONE_CALL)
    assert derived.meeting_ordinals(call) == []
    assert derived.is_counted_meeting(Event.objects.get(kind=Event.Kind.STATE_VISIT))


def test_counted_events_are_the_meetings_behind_each_fact(leaders):
    lee, ishiba, president, prime_minister = leaders
    first = make_event(when="1 Jul 2025", participants=[lee, ishiba])
    make_event(when="1 Aug 2025", participants=[lee, ishiba], lifecycle=Event.Lifecycle.CANCELLED)
    second = make_event(when="1 Sep 2025", participants=[lee, ishiba])
    make_event(when="1 Oct 2025", participants=[lee, ishiba])
    assert derived.counted_events(second, [lee], prime_minister) == [first.pk, second.pk]
    assert derived.counted_events(second, [ishiba], president) == [first.pk, second.pk]
    assert derived.counted_events(second, [ishiba, lee]) == [first.pk, second.pk]
    # Combinations that name no fact stated on the event list nothing.
    assert derived.counted_events(second, [lee], president) == []
    assert derived.counted_events(second, [lee, ishiba], prime_minister) == []
    assert derived.counted_events(second, [lee]) == []
    assert derived.counted_events(second, [lee, ishiba, make_person("Third")]) == []
    assert derived.counted_events(second, [make_person("Fourth")], prime_minister) == []


def test_counted_events_are_counted_over_the_events_given(leaders):
    lee, ishiba, _, prime_minister = leaders
    draft = make_event(when="1 Jul 2025", participants=[lee, ishiba], is_published=False)
    meeting = make_event(when="1 Sep 2025", participants=[lee, ishiba])
    published = Event.objects.published()
    assert derived.counted_events(meeting, [lee], prime_minister, events=published) == [meeting.pk]
    assert derived.counted_events(meeting, [lee, ishiba], events=published) == [meeting.pk]
    assert derived.counted_events(meeting, [lee], prime_minister) == [draft.pk, meeting.pk]


def test_ordinals_take_a_fixed_number_of_queries(leaders, django_assert_num_queries):
    lee, ishiba, _, _ = leaders
    for day in range(1, 4):
        make_event(when=f"{day} Jul 2025", participants=[lee, ishiba])
    meeting = make_event(when="4 Jul 2025", participants=[lee, ishiba])
    with django_assert_num_queries(QUERIES_FOR_TWO_LEADERS):
        sentences = derived.ordinal_sentences(derived.meeting_ordinals(meeting))
    assert len(sentences) == 3


def test_the_office_held_is_found_in_one_query_with_its_office(leaders, django_assert_num_queries):
    lee, _, president, _ = leaders
    with django_assert_num_queries(1):
        position = position_held_during(lee.pk, date(2025, 7, 1), date(2025, 7, 1))
        assert position.office == president and position.office.kind == president.kind


def test_a_leaders_counterpart_countries_leave_out_the_country_they_represent(leaders):
    lee = leaders[0]
    as_president = make_event("Lee in Nara", when="13 Jan 2026", participants=[lee], host_country_id="JP")
    # Before his term: no office recorded, so no represented country either; it must not hide the rest.
    before_office = make_event("Lee in Osaka", when="10 Mar 2025", participants=[lee], host_country_id="JP")
    assert as_president.participations.get().represented_country_id == "KR"
    assert before_office.participations.get().represented_country_id is None
    assert derived.counterpart_counts(lee, Event.objects.all()) == [("Japan", 2)]


@pytest.mark.parametrize(
    ("noun", "article"),
    [
        ("Ambassador", "an"),
        ("Emir", "an"),
        ("Interior Minister", "an"),
        ("Ombudsman", "an"),
        ("Undersecretary", "an"),
        ("EMIR", "an"),
        ("President", "a"),
        ("prime minister", "a"),
        ("Union Minister", "a"),
        ("User representative", "a"),
        ("European Commissioner", "a"),
        ("One-star general", "a"),
        ("UK envoy", "a"),
        ("", "a"),
    ],
)
def test_the_indefinite_article_follows_the_sound_of_the_office(noun, article):
    assert derived.indefinite_article(noun) == article


def test_the_kind_help_lists_every_kind_in_order_with_whether_it_counts():
    kinds = derived.kinds_in_ordinals()
    assert [value for value, _, _ in kinds] == list(Event.Kind.values)
    assert [label for _, label, _ in kinds] == [str(label) for label in Event.Kind.labels]
    assert {value for value, _, counted in kinds if counted} == set(Event.MEETING_KINDS)
