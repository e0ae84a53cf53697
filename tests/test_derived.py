from datetime import date

import pytest

from tracker.domain import derived
from tracker.models import Event, Office, Person


def _event(slug: str) -> Event:
    return Event.objects.get(slug=slug)


def _sentences(slug: str) -> set[str]:
    facts = derived.meeting_ordinals(_event(slug))
    return {fact.office_sentence for fact in facts} | {fact.person_sentence for fact in facts}


def test_nara_is_lees_fifth_summit_with_a_prime_minister_of_japan(demo):
    assert "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office" in _sentences(
        "lee-takaichi-nara-2026"
    )


def test_gyeongju_was_the_first_meeting_with_takaichi_and_fourth_with_the_office(demo):
    sentences = _sentences("lee-takaichi-gyeongju-2025")
    assert "1st meeting between Lee Jae Myung and Sanae Takaichi" in sentences
    assert "Lee Jae Myung's 4th summit with a Prime Minister of Japan since taking office" in sentences
    assert _event("lee-takaichi-gyeongju-2025").parent.slug == "apec-leaders-meeting-gyeongju-2025"


def test_lee_met_ishiba_three_times(demo):
    lee, ishiba = Person.objects.get(slug="lee-jae-myung"), Person.objects.get(slug="shigeru-ishiba")
    assert derived.meetings_between_people(lee, ishiba).count() == 3


def test_counts_between_countries_and_with_an_office_over_a_period(demo):
    lee = Person.objects.get(slug="lee-jae-myung")
    prime_minister = Office.objects.get(slug="prime-minister-jp")
    assert derived.meetings_between_countries("KR", "JP").count() == 5
    assert derived.meetings_between_countries("KR", "JP", start=date(2025, 10, 1)).count() == 2
    assert derived.meetings_with_office(lee, prime_minister, end=date(2025, 12, 31)).count() == 4
    assert derived.meetings_between_countries("KR", "CN").count() == 1


def test_multilateral_summits_and_interviews_are_not_counted_as_meetings(demo):
    assert derived.meeting_ordinals(_event("apec-leaders-meeting-gyeongju-2025")) == []
    assert derived.meeting_ordinals(_event("lee-nhk-interview-2026")) == []


def test_cancelled_meetings_do_not_count(demo):
    Event.objects.filter(slug="lee-ishiba-busan-2025").update(lifecycle=Event.Lifecycle.CANCELLED)
    assert "Lee Jae Myung's 4th summit with a Prime Minister of Japan since taking office" in _sentences(
        "lee-takaichi-nara-2026"
    )


def test_drafts_do_not_shape_a_readers_count(demo):
    Event.objects.filter(slug="lee-ishiba-tokyo-2025").update(is_published=False)
    facts = derived.meeting_ordinals(_event("lee-takaichi-nara-2026"), events=Event.objects.published())
    lee_facts = [fact for fact in facts if fact.person.slug == "lee-jae-myung"]
    assert lee_facts[0].office_ordinal == 4


@pytest.mark.parametrize(
    ("number", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd")]
)
def test_ordinal_suffixes(number, text):
    assert derived.ordinal(number) == text


def test_sentences_name_each_pair_once_and_the_day_the_leader_took_office(demo):
    sentences = derived.ordinal_sentences(derived.meeting_ordinals(_event("lee-takaichi-nara-2026")))
    assert sentences == [
        "Sanae Takaichi's 2nd summit with a President of South Korea since taking office (took office 21 Oct 2025)",
        "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)",
        "2nd meeting between Sanae Takaichi and Lee Jae Myung",
    ]
