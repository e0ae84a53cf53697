"""Duplicates before they happen: the likely-duplicates endpoint the Event page asks as the researcher
types, the confirmation publishing a likely duplicate needs, and the warnings drafts get instead.
Tried as a Researcher and as an Editor, on the demo's Nara summit (the case that was reported)."""

from dataclasses import replace

import pytest
from django.test import Client

from tests.builders_api import make_user
from tests.factories import cite, make_event, make_person
from tracker.domain import editorial
from tracker.domain.dates import parse_partial_date
from tracker.models import Event, Person, Source

ENDPOINT = "/admin/tracker/event/likely-duplicates/"
ADD_URL = "/admin/tracker/event/add/"
NARA = "lee-takaichi-nara-2026"
ROLES = ["Researcher", "Editor"]


def signed_in(group: str) -> Client:
    client = Client()
    client.force_login(make_user(group.lower(), group=group))
    return client


def nara_people() -> tuple[Person, Person]:
    return Person.objects.get(slug="lee-jae-myung"), Person.objects.get(slug="sanae-takaichi")


def duplicate_form(*, published: bool = False, **overrides) -> dict:
    """The Event page as a researcher fills it in for a summit the demo already has."""
    lee, takaichi = nara_people()
    data = {
        "title": "Lee Takaichi summit Nara",
        "slug": "lee-takaichi-summit-nara",
        "kind": "bilateral_summit",
        "when": "13–14 Jan 2026",
        "lifecycle": "held",
        "place_name": "Nara",
        "host_country": "JP",
        "summary": "",
        "outcome": "",
        "participations-TOTAL_FORMS": "2",
        "participations-INITIAL_FORMS": "0",
        "participations-0-person": str(takaichi.pk),
        "participations-0-role": "host",
        "participations-1-person": str(lee.pk),
        "participations-1-role": "guest",
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": str(Source.objects.create(publisher="Kyodo", title="Fifth summit").pk),
    }
    if published:
        data["is_published"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def ask(client: Client, **params) -> list[dict]:
    response = client.get(ENDPOINT, params)
    assert response.status_code == 200, response.content
    return response.json()["duplicates"]


@pytest.mark.parametrize("group", ROLES)
def test_endpoint_finds_the_nara_summit_for_a_second_lee_takaichi_summit(demo, group):
    lee, takaichi = nara_people()
    nara = Event.objects.get(slug=NARA)
    found = ask(signed_in(group), title="Lee Takaichi summit Nara", when="13–14 Jan 2026", person=[lee.pk, takaichi.pk])
    assert [row["title"] for row in found] == ["Lee–Takaichi summit in Nara"]
    assert found[0]["url"] == f"/admin/tracker/event/{nara.pk}/change/"
    assert found[0]["when"] == "13–14 Jan 2026"
    assert found[0]["score"] >= editorial.LIKELY_DUPLICATE
    assert {"same dates", "same participants", "same countries"} <= set(found[0]["reasons"])


@pytest.mark.parametrize(
    "params",
    [
        {"title": "Lee Takaichi summit Nara", "when": "13–14 Jan 2026"},  # the title alone, before anyone is added
        {"title": "Nara summit", "when": "13 Jan 2026", "kind": "bilateral_summit"},
        {"when": "14 Jan 2026", "person": ["lee-jae-myung", "sanae-takaichi"]},  # the people alone
        {"title": "Lee–Takaichi talks in Nara", "when": "2026-01-13", "country": ["JP", "KR"]},
    ],
    ids=["title", "short-title", "people", "title-and-countries"],
)
def test_endpoint_finds_the_duplicate_from_what_is_typed_so_far(demo, params):
    people = {person.slug: person.pk for person in Person.objects.all()}
    params = {**params, "person": [people[slug] for slug in params.get("person", [])]}
    assert [row["title"] for row in ask(signed_in("Researcher"), **params)] == ["Lee–Takaichi summit in Nara"]


@pytest.mark.parametrize(
    "params",
    [
        {"title": "Lee Takaichi summit Nara", "when": "20 Jan 2026"},  # other dates
        {"title": "Lee Xi summit Beijing", "when": "13 Jan 2026"},  # same day, another meeting
        {"title": "", "when": "13–14 Jan 2026"},  # dates alone find nothing
        {"title": "Lee Takaichi summit Nara", "when": ""},  # nor does a title without a date
    ],
    ids=["other-dates", "other-meeting", "dates-only", "no-date"],
)
def test_endpoint_finds_nothing_for_a_different_event(demo, params):
    assert ask(signed_in("Researcher"), **params) == []


def test_endpoint_leaves_out_the_event_being_edited(demo):
    nara = Event.objects.get(slug=NARA)
    found = ask(signed_in("Editor"), title=nara.title, when=nara.when, exclude=nara.pk)
    assert found == []


def test_endpoint_finds_drafts_as_staff_see_them(db):
    draft = make_event("Lee–Takaichi summit in Nara", when="13–14 Jan 2026", is_published=False)
    found = ask(signed_in("Researcher"), title="Lee Takaichi summit Nara", when="13 Jan 2026")
    assert [row["url"] for row in found] == [f"/admin/tracker/event/{draft.pk}/change/"]
    assert found[0]["is_published"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"when": "13 Ja"}, "when"),
        ({"when": "13 Jan 2026", "person": "lee"}, "person"),
        ({"country": "Korea"}, "country"),
    ],
)
def test_endpoint_names_the_field_of_a_bad_value(db, params, field):
    response = signed_in("Researcher").get(ENDPOINT, {"title": "Summit", **params})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_endpoint_is_for_staff_only(db):
    assert Client().get(ENDPOINT, {"title": "x", "when": "2026"}).status_code == 302  # to the login page
    outsider = Client()
    outsider.force_login(make_user("reader"))
    assert outsider.get(ENDPOINT, {"title": "x", "when": "2026"}).status_code == 302
    assert signed_in("Researcher").post(ENDPOINT, {"title": "x"}).status_code == 405


def test_no_demo_event_is_taken_for_a_duplicate_of_another(demo):
    """The threshold, calibrated: the demo's distinct events (the APEC meeting and the summit on its
    sidelines a day apart, the NHK interview in the month of the Nara summit) are not flagged."""
    assert {event.slug: editorial.duplicates_of(event) for event in Event.objects.all()} == {
        event.slug: [] for event in Event.objects.all()
    }


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Lee Takaichi summit Nara", "Lee–Takaichi summit in Nara", 1.0),
        ("Lee Jae Myung's visit", "LEE JAE MYUNG VISIT", 1.0),
        ("Summit in Pyongyang", "Summit in Pyeongyang", 1.0),  # a near-spelling is the same word
        ("Talks with Niger", "Talks with Nigeria", (1 / 3 + 1 / 2) / 2),  # but not another country
        ("Nara summit", "Lee–Takaichi summit in Nara", 0.75),  # contained in the longer title
        ("Lee Xi summit Beijing", "Lee Takaichi summit Nara", (2 / 6 + 2 / 4) / 2),
        ("Event 3", "Event 4", (1 / 3 + 1 / 2) / 2),  # numbers must be equal
        ("", "Summit", 0.0),
    ],
)
def test_title_similarity(first, second, expected):
    assert editorial.title_similarity(first, second) == pytest.approx(expected)


def test_editor_publishing_a_duplicate_is_asked_to_confirm(demo):
    client = signed_in("Editor")
    nara = Event.objects.get(slug=NARA)
    response = client.post(ADD_URL, duplicate_form(published=True))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This looks like an event already recorded" in page
    assert f'<a href="/admin/tracker/event/{nara.pk}/change/">Lee–Takaichi summit in Nara (13–14 Jan 2026)</a>' in page
    assert "This is not a duplicate" in page
    assert not Event.objects.filter(slug="lee-takaichi-summit-nara").exists()

    response = client.post(ADD_URL, duplicate_form(published=True, not_a_duplicate="on"))
    assert response.status_code == 302
    assert Event.objects.get(slug="lee-takaichi-summit-nara").is_published


@pytest.mark.parametrize("group", ROLES)
def test_a_duplicate_draft_is_saved_with_a_warning_that_links_the_other(demo, group):
    client = signed_in(group)
    nara = Event.objects.get(slug=NARA)
    response = client.post(ADD_URL, duplicate_form())
    assert response.status_code == 302
    draft = Event.objects.get(slug="lee-takaichi-summit-nara")
    assert not draft.is_published
    page = client.get(response.url).content.decode()  # the warning, shown with a working link
    assert f'Possible duplicates of this event: <a href="/admin/tracker/event/{nara.pk}/change/">' in page


def test_publishing_a_distinct_event_asks_nothing(demo):
    response = signed_in("Editor").post(
        ADD_URL, duplicate_form(published=True, title="Lee–Takaichi summit in Tokyo", when="20 Mar 2026")
    )
    assert response.status_code == 302
    assert Event.objects.get(slug="lee-takaichi-summit-nara").is_published


def test_an_event_already_published_is_not_asked_again(db):
    lee = make_person("Lee Jae Myung")
    make_event("Talks in Busan", when="30 Sep 2025", participants=[lee])
    other = make_event("Talks in Busan", when="30 Sep 2025", participants=[lee], slug="talks-again")
    source = cite(other).source
    data = {
        "title": "Talks in Busan",
        "slug": "talks-again",
        "kind": "bilateral_summit",
        "when": "30 Sep 2025",
        "lifecycle": "held",
        "is_published": "on",
        "summary": "Corrected.",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": str(source.pk),
    }
    response = signed_in("Editor").post(f"/admin/tracker/event/{other.pk}/change/", data)
    assert response.status_code == 302
    assert Event.objects.get(pk=other.pk).summary == "Corrected."


def test_the_confirmation_is_offered_to_editors_only(demo):
    assert 'name="not_a_duplicate"' in signed_in("Editor").get(ADD_URL).content.decode()
    assert 'name="not_a_duplicate"' not in signed_in("Researcher").get(ADD_URL).content.decode()


def test_the_add_page_loads_the_script_and_the_box(demo):
    page = signed_in("Researcher").get(ADD_URL).content.decode()
    assert "tracker/admin_duplicates.js" in page
    assert f'data-url="{ENDPOINT}"' in page


def test_publish_action_leaves_a_likely_duplicate_for_its_page(demo):
    client = signed_in("Editor")
    client.post(ADD_URL, duplicate_form())
    draft = Event.objects.get(slug="lee-takaichi-summit-nara")
    response = client.post(
        "/admin/tracker/event/", {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assert "publish it from its page to confirm" in response.content.decode()
    assert not Event.objects.get(pk=draft.pk).is_published


def test_the_reported_duplicate_counts_a_sixth_summit_while_it_exists(demo):
    """The bug as reported: the second record of the Nara summit said "6th summit" and "3rd meeting"
    (tests/test_merging.py merges it away and the count is 5th again)."""
    signed_in("Editor").post(ADD_URL, duplicate_form(published=True, not_a_duplicate="on"))
    page = Client().get("/events/lee-takaichi-summit-nara/").content.decode()
    assert "6th summit with a Prime Minister of Japan" in page
    assert "3rd meeting between" in page


def test_probe_dates_are_parsed_by_the_one_parser(demo):
    lee, takaichi = nara_people()
    period = parse_partial_date("13–14 Jan 2026")
    probe = editorial.DuplicateProbe(start=period.start, end=period.end, person_ids=frozenset({lee.pk, takaichi.pk}))
    assert [match.event.slug for match in editorial.likely_duplicates(probe)] == [NARA]


def test_the_same_day_and_country_with_titles_half_alike_are_two_events(db):
    """Dates and countries only corroborate: the title or the participants must match at least half."""
    from tests.builders_api import make_event as make_event_in

    cited = make_event_in("Cited talks", published=False, countries=["KR"])
    make_event_in("Uncited talks", published=False, countries=["KR"])
    assert editorial.duplicates_of(cited) == []
    assert editorial.likely_duplicates(replace(editorial.probe_for(cited), title="Cited talks in Seoul")) == []
