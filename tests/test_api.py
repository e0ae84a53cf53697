"""The read-only API: same filters and rows as the pages, one error shape, a schema it keeps to."""

import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.builders_api import make_event, make_person, make_user
from tracker.queries.selectors import events_matching
from tracker.wsgi import application


def uids(response) -> list[str]:
    return [row["uid"] for row in response.json()["results"]]


def all_pages(client, url: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=KR",
        "country=KR&country=JP&match=all",
        "country=jp&start=2025-10",
        "start=Oct 2025&end=2026",
        "person=lee-jae-myung",
        "kind=bilateral_summit&kind=phone_call",
        "topic=north-korea",
        "series=korea-japan-shuttle-diplomacy",
        "status=held",
        "q=Nara",
    ],
)
def test_event_list_returns_the_rows_the_shared_selector_returns(client, demo, query):
    from django.http import QueryDict

    expected = [str(event.uid) for event in events_matching(QueryDict(query), None).events]
    rows = all_pages(client, f"/api/events/?{query}&page_size=3")
    assert [row["uid"] for row in rows] == expected
    assert expected, "every query in this table selects some demo events"


def test_cursor_pages_cover_every_event_once_in_date_order(client, demo):
    rows = all_pages(client, "/api/events/?page_size=2")
    assert len(rows) == len({row["uid"] for row in rows}) == 11
    assert [row["start_date"] for row in rows] == sorted(row["start_date"] for row in rows)


def test_bad_filter_is_a_400_naming_each_bad_parameter(client, db):
    response = client.get("/api/events/?country=XX&start=not-a-date&kind=party")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"country", "start", "kind"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        (f"/api/events/{uuid.uuid4()}/", 404, "detail"),
        ("/api/events/not-a-uuid/", 404, "detail"),
        ("/api/people/nobody/", 404, "detail"),
        ("/api/countries/QQ/", 404, "detail"),
        ("/api/no-such-thing/", 404, "detail"),
        ("/api/events/?cursor=forged", 400, "cursor"),
        ("/api/events/?page_size=0", 400, "page_size"),
        ("/api/people/?page_size=many", 400, "page_size"),
    ],
)
def test_errors_share_one_shape(client, db, url, status, field):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["errors"]
    assert isinstance(body["errors"][field], list)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/events/", "detail", "/api/people/", "/api/countries/KR/", "/api/topics/"])
def test_no_api_endpoint_writes(client, db, method, path):
    event = make_event("Kept as it was")
    url = f"/api/events/{event.uid}/" if path == "detail" else path
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert set(response.json()["errors"]) == {"detail"}
    assert "POST" not in response["Allow"] and "DELETE" not in response["Allow"]
    assert client.get(f"/api/events/{event.uid}/").json()["title"] == "Kept as it was"


def test_event_detail_shows_derived_facts_and_sources(client, demo):
    from tracker.models import Event

    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    body = client.get(f"/api/events/{nara.uid}/").json()
    assert body["when"] == "13–14 Jan 2026"
    assert "Lee Jae Myung's 5th summit with a Prime Minister of Japan since taking office" in body["facts"]
    assert {citation["publisher"] for citation in body["citations"]} == {"Reuters", "Yonhap", "NHK"}
    assert body["countries"] == ["JP", "KR"]


def test_draft_detail_is_404_for_readers_and_visible_to_staff(client, db):
    draft = make_event("Unannounced talks", published=False)
    assert client.get(f"/api/events/{draft.uid}/").status_code == 404
    client.force_login(make_user("reader", staff=False))
    assert client.get(f"/api/events/{draft.uid}/").status_code == 404
    client.force_login(make_user("researcher", group="Researcher"))
    assert client.get(f"/api/events/{draft.uid}/").json()["title"] == "Unannounced talks"


def test_a_draft_parent_does_not_show_through_its_published_child(client, db):
    parent = make_event("Secret umbrella summit", published=False)
    child = make_event("Public side meeting", parent=parent)
    assert client.get(f"/api/events/{child.uid}/").json()["parent"] is None
    assert b"Secret umbrella" not in client.get("/api/events/").content


@pytest.mark.parametrize("url", ["/api/events/", "/api/people/", "/api/countries/", "/api/topics/", "/api/series/"])
def test_list_query_count_does_not_grow_with_rows(client, db, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    lee = make_person("Lee")
    make_event(people=[lee], countries=["KR", "JP"])
    few = queries()
    for _ in range(12):
        make_event(people=[make_person(), make_person()], countries=["KR", "JP", "CN"])
    assert queries() == few
    with django_assert_max_num_queries(12):
        client.get(url)


def test_schema_documents_every_filter_with_examples(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["openapi"].startswith("3.")
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/api/events/"]["get"]["parameters"]}
    for name in ["start", "end", "country", "match", "person", "kind", "topic", "series", "status", "q"]:
        assert parameters[name]["examples"], name
    assert parameters["kind"]["schema"]["items"]["enum"]
    assert not any(method in schema["paths"]["/api/events/"] for method in ["post", "put", "patch", "delete"])


def test_interactive_docs_load_their_assets_from_this_site(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
    assert "<script>" not in page, "the init script is served separately so the CSP needs no inline scripts"
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


# Schemathesis generates requests from the schema (valid and invalid) against the WSGI app and checks
# every response: no 5xx, a documented status, the documented content type and body.
# Fetching the schema touches no database, so it can be loaded when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Calls through the raw WSGI app end with request_finished, which closes the database connection
    and with it the test's transaction on PostgreSQL; Django's own test client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_schema(demo, wsgi_keeps_the_test_connection, case):
    # A schema cannot say which slugs or country codes exist, so a well-formed unknown slug is
    # rightly a 400: the "schema-valid data must be accepted" check cannot apply to these filters.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_feed_takes_the_page_filters_and_rejects_bad_ones(client, demo):
    from tracker.models import Event

    feed = client.get("/feed/?q=Nara").content.decode()
    assert feed.count("<entry>") == Event.objects.published().matching_text("Nara").count() >= 1
    assert "Lee–Takaichi summit in Nara" in feed
    assert client.get("/feed/?country=XX").json() == {
        "errors": {"country": ["XX is not a known ISO 3166-1 alpha-2 country code (e.g. KR, JP, CN)."]}
    }


def test_sitemap_lists_published_event_pages(client, demo):
    from tracker.models import Event

    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.count("/events/") == Event.objects.published().count()
    assert "/events/lee-takaichi-nara-2026/" in sitemap


def test_an_empty_choice_is_a_400_not_the_default(client, demo):
    # Found by the schema test: "?match=" was taken as "any" although the schema allows only any or all.
    response = client.get("/api/events/?match=")
    assert response.status_code == 400
    assert "match" in response.json()["errors"]
    assert client.get("/api/events/?match=all").status_code == 200
    assert client.get("/api/events/").status_code == 200


def test_every_example_in_the_schema_is_answered_on_the_demo(client, demo):
    """The interactive docs offer these values; each must select something, not answer 400."""
    from tracker.api.parameters import EVENT_FILTER_PARAMETERS

    for parameter in EVENT_FILTER_PARAMETERS:
        if parameter.name == "office":  # read only beside counted_for, whose uids differ per database
            continue
        for example in parameter.examples:
            value = example.value
            response = client.get("/api/events/", {parameter.name: value})
            assert response.status_code == 200, (parameter.name, value, response.content)
