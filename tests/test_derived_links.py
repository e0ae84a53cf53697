"""Each derived sentence on an event page links to the list of the events it counted, a filtered
/events/ URL (EventFilter's counted_for) that lists exactly those events, drafts kept from readers."""

import html
import re

import pytest

from tests.builders_api import make_user
from tracker.domain import derived
from tracker.models import Event, Office, Person

NARA = "lee-takaichi-nara-2026"
COUNTED_LINK = re.compile(r'<li>(.*?)\. <a class="counted" href="([^"]+)">')
LISTED = re.compile(r'<td><a href="/events/([^/"]+)/">')


def counted_links(client, slug: str) -> dict[str, str]:
    """sentence → the URL of its list of counted events, as the event page shows them."""
    page = client.get(f"/events/{slug}/").content.decode()
    return {html.unescape(text): html.unescape(url) for text, url in COUNTED_LINK.findall(page)}


def listed(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return LISTED.findall(response.content.decode())


def test_every_sentence_on_the_nara_page_links_to_exactly_the_events_it_counted(client, demo):
    links = counted_links(client, NARA)
    assert set(links) == {
        "Sanae Takaichi's 2nd summit with a President of South Korea since taking office (took office 21 Oct 2025)",
        "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)",
        "2nd meeting between Sanae Takaichi and Lee Jae Myung",
    }
    lee_count = links[
        "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)"
    ]
    assert listed(client, lee_count) == [
        "lee-ishiba-kananaskis-2025",
        "lee-ishiba-tokyo-2025",
        "lee-ishiba-busan-2025",
        "lee-takaichi-gyeongju-2025",
        NARA,
    ]
    assert listed(client, links["2nd meeting between Sanae Takaichi and Lee Jae Myung"]) == [
        "lee-takaichi-gyeongju-2025",
        NARA,
    ]
    for text, url in links.items():
        number = int(re.search(r"(\d+)(st|nd|rd|th) ", text).group(1))
        assert len(listed(client, url)) == number, text


def test_the_link_is_a_plain_filter_of_the_event_list(client, demo):
    nara = Event.objects.get(slug=NARA)
    url = counted_links(client, NARA)[
        "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)"
    ]
    assert url == f"/events/?counted_for={nara.uid}&person=lee-jae-myung&office=prime-minister-jp"
    # The same query string narrows further like any filter, and means the same rows in the API.
    assert listed(client, url + "&kind=bilateral_summit") == ["lee-ishiba-tokyo-2025", "lee-ishiba-busan-2025", NARA]
    api = client.get("/api/events/?" + url.split("?", 1)[1]).json()
    rows = api["results"] if isinstance(api, dict) else api
    assert len(rows) == 5


def test_the_list_says_what_it_counts_and_keeps_the_fact_when_refiltered(client, demo):
    nara = Event.objects.get(slug=NARA)
    url = counted_links(client, NARA)["2nd meeting between Sanae Takaichi and Lee Jae Myung"]
    page = client.get(url).content.decode()
    assert "The meetings counted for a derived fact on" in page and f'href="/events/{NARA}/"' in page
    assert f'<input type="hidden" name="counted_for" value="{nara.uid}"' in page


def test_drafts_stay_out_of_a_readers_list_and_count_alike(client, demo):
    Event.objects.filter(slug="lee-ishiba-tokyo-2025").update(is_published=False)
    links = counted_links(client, NARA)
    text = "Lee Jae Myung's 4th summit with a Prime Minister of Japan since taking office (took office 4 Jun 2025)"
    assert "lee-ishiba-tokyo-2025" not in listed(client, links[text])
    assert len(listed(client, links[text])) == 4
    client.force_login(make_user("staff-reader", group="Researcher"))
    staff_links = counted_links(client, NARA)
    text = text.replace("4th", "5th")
    assert "lee-ishiba-tokyo-2025" in listed(client, staff_links[text])


def test_a_drafts_facts_are_not_listed_for_readers(client, demo):
    draft = Event.objects.get(slug="lee-ishiba-busan-2025")
    Event.objects.filter(pk=draft.pk).update(is_published=False)
    response = client.get(f"/events/?counted_for={draft.uid}&person=lee-jae-myung&person=shigeru-ishiba")
    assert response.status_code == 400
    assert "is not a known event" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("office=prime-minister-jp", "Counterpart office", "give counted_for too"),
        ("counted_for=not-a-uuid&person=lee-jae-myung&office=prime-minister-jp", "Counted for", "valid UUID"),
        ("counted_for={uid}&person=lee-jae-myung", "Counted for", "one person and an office"),
        ("counted_for={uid}&office=prime-minister-jp", "Counted for", "one person and an office"),
        ("counted_for={uid}&person=lee-jae-myung&person=sanae-takaichi&office=prime-minister-jp", "Counted for", ""),
        ("counted_for={uid}&person=lee-jae-myung&office=no-such-office", "Counterpart office", "not a known office"),
        ("counted_for=00000000-0000-0000-0000-000000000000&person=lee-jae-myung&person=sanae-takaichi", "", "known"),
    ],
)
def test_a_counted_list_that_names_no_fact_is_a_400_naming_the_field(client, demo, query, field, message):
    nara = Event.objects.get(slug=NARA)
    response = client.get("/events/?" + query.format(uid=nara.uid))
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert field in body and message in body


def test_a_well_formed_request_for_a_fact_the_event_does_not_state_lists_nothing(client, demo):
    nara = Event.objects.get(slug=NARA)
    kananaskis = "lee-ishiba-kananaskis-2025"
    assert listed(client, f"/events/?counted_for={nara.uid}&person=lee-jae-myung&person=shigeru-ishiba") == []
    assert listed(client, f"/events/?counted_for={nara.uid}&person=xi-jinping&office=prime-minister-jp") == []
    # Lee's own office is no counterpart of his; blank parameters are no filter at all.
    assert listed(client, f"/events/?counted_for={nara.uid}&person=lee-jae-myung&office=president-kr") == []
    assert kananaskis in listed(client, "/events/?person=lee-jae-myung&office=&counted_for=")


def test_counted_events_is_the_list_behind_each_ordinal(demo):
    nara = Event.objects.get(slug=NARA)
    lee, takaichi = Person.objects.get(slug="lee-jae-myung"), Person.objects.get(slug="sanae-takaichi")
    prime_minister = Office.objects.get(slug="prime-minister-jp")
    for fact in derived.meeting_ordinals(nara):
        assert derived.counted_events(nara, [fact.person], fact.counterpart_office) == list(fact.office_meetings)
        assert derived.counted_events(nara, [fact.person, fact.counterpart]) == list(fact.person_meetings)
    assert len(derived.counted_events(nara, [lee], prime_minister)) == 5
    assert len(derived.counted_events(nara, [takaichi, lee])) == 2
    assert derived.counted_events(nara, [lee, takaichi], prime_minister) == []
    assert derived.counted_events(nara, [lee]) == []
