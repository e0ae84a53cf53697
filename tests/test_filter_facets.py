"""Facet counts beside the pickers' choices, the people search behind the person picker, the chips of
the active filter and the menu that keeps it."""

import orjson
import pytest
from django.http import QueryDict

from tests.builders_api import make_user
from tests.builders_reader import make_event, make_person
from tracker.queries.facets import FACET_LIMITS, PEOPLE_SEARCH_LIMIT, facet_counts, rest_of_filter
from tracker.web.chips import filter_query

pytestmark = pytest.mark.django_db


def facets(client, query: str = "") -> dict:
    response = client.get(f"/filters/facets.json?{query}")
    assert response.status_code == 200, response.content
    return orjson.loads(response.content)["facets"]


def people(client, query: str) -> list[dict]:
    response = client.get(f"/filters/people.json?{query}")
    assert response.status_code == 200, response.content
    return orjson.loads(response.content)["people"]


@pytest.fixture
def meetings(db):
    make_event("Seoul talks", host="KR", parties=("JP",), people=("Lee Jae Myung", "Sanae Takaichi"))
    make_event("Tokyo talks", host="JP", parties=("KR",), people=("Lee Jae Myung", "Sanae Takaichi"), when="Oct 2025")
    make_event("Beijing visit", host="CN", parties=("KR",), people=("Lee Jae Myung", "Xi Jinping"), when="2024")
    make_event("Secret draft", host="KP", parties=("JP",), people=("Hidden Envoy",), published=False)


def test_a_facet_counts_under_the_rest_of_the_filter_not_its_own_choice(client, meetings):
    counts = facets(client, "country=JP")
    # The country picker counts as if no country were chosen, so choosing CN as well adds 1.
    assert counts["country"] == {"KR": 3, "JP": 2, "CN": 1}
    # Every other facet counts under country=JP.
    assert counts["person"] == {"lee-jae-myung": 2, "sanae-takaichi": 2}
    assert counts["kind"] == {"bilateral_summit": 2}


def test_under_match_all_the_country_and_person_facets_count_what_one_more_choice_leaves(client, meetings):
    counts = facets(client, "country=KR&country=CN&match=all")
    assert counts["country"] == {"CN": 1, "KR": 1}
    assert counts["person"] == {"lee-jae-myung": 1, "xi-jinping": 1}
    assert facets(client, "person=lee-jae-myung&match=all")["person"] == {
        "lee-jae-myung": 3,
        "sanae-takaichi": 2,
        "xi-jinping": 1,
    }


def test_facets_never_count_a_draft_for_a_reader_but_do_for_staff(client, meetings):
    anonymous = facets(client)
    assert "KP" not in anonymous["country"] and "hidden-envoy" not in anonymous["person"]
    assert anonymous["country"]["JP"] == 2
    client.force_login(make_user("editor", group="Editor"))
    staff = facets(client)
    assert staff["country"]["KP"] == 1 and staff["country"]["JP"] == 3


def test_facets_are_bounded(client, db):
    for number in range(FACET_LIMITS["person"] + 5):
        make_event(f"Talk {number}", people=(f"Envoy {number}",))
    assert len(facets(client)["person"]) == FACET_LIMITS["person"]


@pytest.mark.parametrize(
    "query, field",
    [("country=ZZ", "country"), ("start=garbage", "start"), ("match=", "match"), ("person=nobody", "person")],
)
def test_a_bad_filter_is_a_400_naming_the_field(client, db, query, field):
    # The people search leaves the chosen people out of its filter, as their facet does.
    urls = ["/filters/facets.json"] + (["/filters/people.json"] if field != "person" else [])
    for url in urls:
        response = client.get(f"{url}?name=lee&{query}")
        assert response.status_code == 400
        assert list(orjson.loads(response.content)["errors"]) == [field]


@pytest.mark.parametrize("name", ["a" * 81, "x " * 30, "nul\x00name"])
def test_a_people_search_past_its_bounds_is_a_400_on_name(client, db, name):
    response = client.get("/filters/people.json", {"name": name})
    assert response.status_code == 400
    assert list(orjson.loads(response.content)["errors"]) == ["name"]


def test_people_search_finds_public_people_by_any_word_with_their_counts(client, meetings):
    make_person("Lee Nak-yon")  # public only through a published event: this one has none
    assert people(client, "name=lee") == [{"value": "lee-jae-myung", "label": "Lee Jae Myung", "count": 3}]
    assert people(client, "name=JAE+lee&country=CN") == [
        {"value": "lee-jae-myung", "label": "Lee Jae Myung", "count": 1}
    ]
    assert people(client, "name=envoy") == []
    client.force_login(make_user("researcher", group="Researcher"))
    assert [row["value"] for row in people(client, "name=envoy")] == ["hidden-envoy"]


def test_people_search_answers_at_most_its_limit_most_events_first(client, db):
    for number in range(PEOPLE_SEARCH_LIMIT + 3):
        make_event(f"Talk {number}", people=(f"Envoy {number:02}",))
    make_event("Extra talk", people=("Envoy 07",))
    found = people(client, "name=envoy")
    assert len(found) == PEOPLE_SEARCH_LIMIT
    assert found[0] == {"value": "envoy-07", "label": "Envoy 07", "count": 2}


def test_facet_endpoint_query_count_is_bounded(client, meetings, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        facets(client, "country=JP&start=2025&q=talks")


def test_rest_of_filter_drops_display_options_and_the_facets_own_values():
    params = QueryDict("country=JP&country=KR&kind=state_visit&page=2&sort=title&group=person")
    assert rest_of_filter(params, "country").urlencode() == "kind=state_visit"
    assert rest_of_filter(QueryDict("country=JP&match=all"), "country").urlencode() == "country=JP&match=all"


def test_facet_counts_can_be_asked_for_one_facet(db, meetings):
    from django.contrib.auth.models import AnonymousUser

    answer = facet_counts(QueryDict(""), AnonymousUser(), facets=("series",))
    assert answer.counts == {"series": {}} and answer.errors == {}


# Chips and the menu


def chips_of(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<a class="chip chip-(\w+)" href="([^"]*)">', html)


def test_each_chip_links_to_the_same_list_without_its_value(client, meetings):
    html = client.get("/events/?country=JP&country=KR&match=all&start=2025&sort=title&page=1").content.decode()
    assert chips_of(html) == [
        ("start", "/events/?country=JP&amp;country=KR&amp;match=all&amp;sort=title"),
        ("country", "/events/?country=KR&amp;match=all&amp;start=2025&amp;sort=title"),
        ("country", "/events/?country=JP&amp;match=all&amp;start=2025&amp;sort=title"),
        ("match", "/events/?country=JP&amp;country=KR&amp;start=2025&amp;sort=title"),
    ]
    assert 'class="clear-all" href="/events/?sort=title"' in html


def test_no_chips_without_a_filter_and_none_for_a_pages_own_subject(client, meetings):
    assert chips_of(client.get("/events/").content.decode()) == []
    html = client.get("/people/lee-jae-myung/?country=CN").content.decode()
    assert chips_of(html) == [("country", "/people/lee-jae-myung/")]


def test_removing_a_person_of_a_counted_fact_removes_the_whole_fact(client, meetings):
    from tracker.models import Event

    uid = Event.objects.get(title="Tokyo talks").uid
    query = f"counted_for={uid}&person=lee-jae-myung&person=sanae-takaichi"
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    for _field, url in chips_of(response.content.decode()):
        assert client.get(url.replace("&amp;", "&")).status_code == 200


def test_the_menu_keeps_the_filter_but_not_the_page_or_sort(client, meetings):
    html = client.get("/events/?country=JP&kind=bilateral_summit&page=1&sort=title").content.decode()
    assert 'href="/?country=JP&amp;kind=bilateral_summit"' in html
    assert 'href="/events/?country=JP&amp;kind=bilateral_summit" aria-current="page"' in html
    assert filter_query(QueryDict("q=&start=2025&group=person")) == "start=2025"


def test_any_typed_name_answers_200_or_400(client, meetings):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60)
    @given(name=st.text(max_size=120))
    def run(name):
        response = client.get("/filters/people.json", {"name": name, "country": "KR"})
        assert response.status_code in (200, 400)
        body = orjson.loads(response.content)
        assert ("people" in body) == (response.status_code == 200)

    run()


def test_a_picker_may_ask_for_its_own_facet_alone(client, meetings):
    response = client.get("/filters/facets.json?facet=kind&facet=kind&country=CN")
    assert orjson.loads(response.content) == {"facets": {"kind": {"bilateral_summit": 1}}}
    response = client.get("/filters/facets.json?facet=planet")
    assert response.status_code == 400
    assert "planet is not a facet" in orjson.loads(response.content)["errors"]["facet"][0]


def test_people_search_counts_no_draft_for_a_reader_filtered_or_not(client, meetings):
    make_event("Draft with Lee", host="KR", people=("Lee Jae Myung",), published=False)
    assert people(client, "name=lee")[0]["count"] == 3
    assert people(client, "name=lee&country=KR")[0]["count"] == 3
    client.force_login(make_user("editor", group="Editor"))
    assert people(client, "name=lee")[0]["count"] == 4
    assert people(client, "name=lee&country=KR")[0]["count"] == 4
