"""No input breaks it, and nothing a draft holds leaks: a draft's quotes, and the people, topics and
series only a draft names, stay out of every reader surface; search is bounded in words and
characters on every surface that searches.

The rule itself lives in tracker.models.visibility, the bounds in tracker.domain.search; the time
budget's tests are in test_query_budget.
"""

import time

import orjson
import pytest
from django.urls import resolve

from tests.builders_api import make_event, make_person, make_user
from tracker.domain.search import MAX_SEARCH_CHARACTERS, MAX_SEARCH_WORDS, SearchTooLong, search_words
from tracker.models import Event, Organization, Person, Series, Statement, Topic
from tracker.queries.selectors import events_matching

# Words that appear only in quotes a reader may not see, and one in a quote they may.
SAID_AT_DRAFT = "quokkafied"  # said at the draft, about the published event
ABOUT_DRAFT = "wombatish"  # said at the published event, about the draft
UNTIED_ABOUT_PUBLIC = "platypodes"  # said at no recorded event, about the published event
SAID_IN_PUBLIC = "sealionlike"  # said at the published event, about nothing else


@pytest.fixture
def leaky_world(db) -> dict:
    """A published event and a draft beside it. Only the draft names "Hidden Envoy", the topic, the
    series and the organisation; quotes tie the two events together both ways."""
    speaker = make_person("Open Speaker", slug="open-speaker")
    open_topic = Topic.objects.create(name="Opentopic", slug="opentopic")
    open_series = Series.objects.create(name="Openseries", slug="openseries")
    envoy = make_person("Hidden Envoy", slug="hidden-envoy")
    topic = Topic.objects.create(name="Hushtopic", slug="hushtopic")
    series = Series.objects.create(name="Hushseries", slug="hushseries")
    organization = Organization.objects.create(name="Hushorg Council", slug="hushorg")
    public = make_event(
        "Harbour talks in Mokpo",
        slug="harbour-talks",
        countries=["KR", "JP"],
        people=[speaker],
        latitude=34.8,
        longitude=126.4,
        series=open_series,
    )
    public.topics.add(open_topic)
    draft = make_event(
        "Embargoed talks",
        slug="embargoed-talks",
        published=False,
        cited=True,
        countries=["KR", "JP"],
        people=[envoy],
        series=series,
        host_organization=organization,
    )
    draft.topics.add(topic)
    Statement.objects.create(speaker=envoy, quote=f"A {SAID_AT_DRAFT} remark", event=draft, about_event=public)
    Statement.objects.create(speaker=speaker, quote=f"A {ABOUT_DRAFT} hint", event=public, about_event=draft)
    Statement.objects.create(speaker=speaker, quote=f"A {UNTIED_ABOUT_PUBLIC} promise", about_event=public)
    Statement.objects.create(speaker=speaker, quote=f"A {SAID_IN_PUBLIC} toast", event=public)
    return {"public": public, "draft": draft, "speaker": speaker, "envoy": envoy}


@pytest.fixture(params=["anonymous", "signed-in reader"])
def reader(request, client, db):
    if request.param == "signed-in reader":
        client.force_login(make_user("reader", staff=False))
    return client


@pytest.fixture
def staff(client, db):
    client.force_login(make_user("researcher", group="Researcher"))
    return client


def body_of(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


# Every surface that takes `q`; {q} is filled in, the rest from the published side of leaky_world.
SEARCH_URLS = [
    "/?q={q}",
    "/events/?q={q}",
    "/charts/timeline.json?q={q}",
    "/events/export.csv?q={q}",
    "/events/export.json?q={q}",
    "/events/export.geojson?q={q}",
    "/events/export.ics?q={q}",
    "/events/export.plover.jsonl?q={q}",
    "/events/export.timelinejs.json?q={q}",
    "/events/export.csv.meta.json?q={q}",
    "/api/events/?q={q}",
    "/feed/?q={q}",
    "/people/open-speaker/?q={q}",
    "/countries/KR/?q={q}",
]


def shows_public_event(url: str, response, public: Event) -> bool:
    text = body_of(response)
    if url.startswith("/events/export.csv.meta.json"):
        return orjson.loads(text)["row_count"] > 0
    return any(secret in text for secret in ["Mokpo", public.slug, str(public.uid)])


# --- Quotes: a reader's search reads the quotes a reader may see --------------------------------


@pytest.mark.parametrize("hidden_word", [SAID_AT_DRAFT, ABOUT_DRAFT])
@pytest.mark.parametrize("template", SEARCH_URLS)
def test_a_quote_tied_to_a_draft_does_not_find_the_published_event(reader, leaky_world, template, hidden_word):
    url = template.format(q=hidden_word)
    response = reader.get(url)
    assert response.status_code == 200, url
    assert not shows_public_event(url, response, leaky_world["public"]), f"{url} answers by a draft's quote"


@pytest.mark.parametrize("template", SEARCH_URLS)
def test_a_quote_readers_may_see_still_finds_the_published_event(reader, leaky_world, template):
    for word in [SAID_IN_PUBLIC, UNTIED_ABOUT_PUBLIC]:
        url = template.format(q=word)
        response = reader.get(url)
        assert response.status_code == 200, url
        assert shows_public_event(url, response, leaky_world["public"]), f"{url} misses a public quote"


def test_staff_still_find_events_by_every_quote(staff, leaky_world):
    for word in [SAID_AT_DRAFT, ABOUT_DRAFT]:
        rows = orjson.loads(body_of(staff.get(f"/events/export.json?q={word}")))["rows"]
        found = {row["slug"] for row in rows}
        assert found == {"harbour-talks", "embargoed-talks"}, word


def test_the_event_page_shows_the_quotes_the_search_reads(reader, leaky_world):
    text = reader.get("/events/harbour-talks/").content.decode()
    assert SAID_IN_PUBLIC in text and UNTIED_ABOUT_PUBLIC in text
    assert SAID_AT_DRAFT not in text and ABOUT_DRAFT not in text
    api = reader.get(f"/api/events/{leaky_world['public'].uid}/").content.decode()
    assert SAID_IN_PUBLIC in api and UNTIED_ABOUT_PUBLIC in api
    assert SAID_AT_DRAFT not in api and ABOUT_DRAFT not in api


def test_visible_statements_follow_the_rule(leaky_world):
    public = Statement.objects.public().values_list("quote", flat=True)
    assert sorted(public) == sorted([f"A {SAID_IN_PUBLIC} toast", f"A {UNTIED_ABOUT_PUBLIC} promise"])
    assert Statement.objects.visible_to(make_user("boss", group="Editor")).count() == 4


# --- People, topics, series, organisations only a draft names ------------------------------------

DRAFT_ONLY = ["hidden-envoy", "Hidden Envoy", "hushtopic", "Hushtopic", "hushseries", "Hushseries", "hushorg"]

DRAFT_ONLY_PAGES = [
    "/people/hidden-envoy/",
    "/topics/hushtopic/",
    "/series/hushseries/",
    "/api/people/hidden-envoy/",
    "/api/topics/hushtopic/",
    "/api/series/hushseries/",
]

LISTS = [
    "/",
    "/events/",
    "/people/open-speaker/",
    "/countries/KR/",
    "/topics/opentopic/",
    "/series/openseries/",
    "/events/harbour-talks/",
    "/charts/timeline.json",
    "/charts/timeline.json?group=person",
    "/api/people/",
    "/api/topics/",
    "/api/series/",
    "/api/events/",
    "/api/events/{public_uid}/",
    "/api/countries/KR/",
    "/events/export.csv",
    "/events/export.json",
    "/events/export.ics",
    "/events/export.geojson",
    "/feed/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", DRAFT_ONLY_PAGES)
def test_a_page_of_what_only_a_draft_names_is_not_found(reader, leaky_world, url):
    resolve(url)
    assert reader.get(url).status_code == 404


@pytest.mark.parametrize("template", LISTS)
def test_lists_and_choices_leave_out_what_only_a_draft_names(reader, leaky_world, template):
    url = template.format(public_uid=leaky_world["public"].uid)
    resolve(url.split("?")[0])
    response = reader.get(url)
    assert response.status_code == 200
    text = body_of(response)
    for secret in DRAFT_ONLY:
        assert secret not in text, f"{url} shows {secret!r}"


@pytest.mark.parametrize("param", ["person=hidden-envoy", "topic=hushtopic", "series=hushseries"])
def test_filtering_by_what_only_a_draft_names_answers_as_for_an_unknown_slug(reader, leaky_world, param):
    name = param.split("=")[0]
    for surface in ["/events/", "/api/events/", "/events/export.csv"]:
        hidden = reader.get(f"{surface}?{param}")
        unknown = reader.get(f"{surface}?{name}=no-such-slug")
        assert hidden.status_code == unknown.status_code == 400, surface


def test_staff_see_what_only_a_draft_names(staff, leaky_world):
    for url in DRAFT_ONLY_PAGES:
        assert staff.get(url).status_code == 200, url
    text = staff.get("/events/").content.decode()
    assert all(secret in text for secret in ["hidden-envoy", "hushtopic", "hushseries"])
    assert staff.get("/events/?person=hidden-envoy").status_code == 200


def test_reference_rows_are_public_through_a_published_event(leaky_world):
    assert list(Person.objects.public().values_list("slug", flat=True)) == ["open-speaker"]
    assert list(Topic.objects.public().values_list("slug", flat=True)) == ["opentopic"]
    assert list(Series.objects.public().values_list("slug", flat=True)) == ["openseries"]
    assert not Organization.objects.public().exists()
    Event.objects.filter(pk=leaky_world["draft"].pk).update(is_published=True)
    assert set(Person.objects.public().values_list("slug", flat=True)) == {"open-speaker", "hidden-envoy"}
    assert set(Topic.objects.public().values_list("slug", flat=True)) == {"opentopic", "hushtopic"}
    assert set(Series.objects.public().values_list("slug", flat=True)) == {"openseries", "hushseries"}
    assert list(Organization.objects.public().values_list("slug", flat=True)) == ["hushorg"]


def test_a_speaker_of_a_visible_quote_is_public(db):
    about = make_event("Talks")
    speaker = make_person("Commentator", slug="commentator")
    Statement.objects.create(speaker=speaker, quote="Well said", about_event=about)
    assert list(Person.objects.public()) == [speaker]


# --- Search is bounded ---------------------------------------------------------------------------

LONG_QUERY = " ".join(["a"] * 1900)  # the reported 3.8 KB URL

BOUNDED_URLS = [
    "/",
    "/events/",
    "/charts/timeline.json",
    "/events/export.csv",
    "/events/export.json",
    "/events/export.geojson",
    "/events/export.ics",
    "/events/export.csv.meta.json",
    "/api/events/",
    "/feed/",
    "/people/open-speaker/",
    "/countries/KR/",
]


@pytest.mark.parametrize("url", BOUNDED_URLS)
def test_a_search_of_1900_words_is_refused_at_once_naming_q(client, leaky_world, url):
    started = time.monotonic()
    response = client.get(url, {"q": LONG_QUERY})
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    text = body_of(response)
    if response["Content-Type"].startswith("text/html"):
        assert "<code>q</code>" in text
    else:
        assert list(orjson.loads(text)["errors"]) == ["q"]
    assert f"at most {MAX_SEARCH_WORDS} words" in text


@pytest.mark.parametrize(
    ("q", "valid"),
    [
        (" ".join(["talks"] * MAX_SEARCH_WORDS), True),
        (" ".join(["talks"] * (MAX_SEARCH_WORDS + 1)), False),
        ("t" * MAX_SEARCH_CHARACTERS, True),
        ("t" * (MAX_SEARCH_CHARACTERS + 1), False),
        ("  talks   " + " " * MAX_SEARCH_CHARACTERS, True),  # spaces around the words are not counted
    ],
)
def test_search_bounds_are_words_and_characters(leaky_world, q, valid):
    result = events_matching({"q": q}, None)
    assert result.is_valid is valid
    if not valid:
        assert list(result.errors) == ["q"]


def test_text_search_itself_refuses_an_unbounded_query(db):
    with pytest.raises(SearchTooLong):
        Event.objects.matching_text(LONG_QUERY)
    assert search_words(" nara  summit ") == ["nara", "summit"]


@pytest.mark.parametrize("link", ["host", "party", "represented"])
def test_an_organisation_is_public_through_any_link_to_a_published_event(db, link):
    organization = Organization.objects.create(name="Council", slug="council")
    for published in (False, True):
        event = make_event(published=published)
        if link == "host":
            Event.objects.filter(pk=event.pk).update(host_organization=organization)
        elif link == "party":
            event.party_organizations.add(organization)
        else:
            event.participations.create(person=make_person(), represented_organization=organization)
        assert Organization.objects.public().exists() is published
