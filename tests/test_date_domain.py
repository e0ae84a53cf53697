"""The dates the tracker stores (years 0001 to 9999) and what happens at their edges: every surface
answers 200 or a 400 naming the field, never a 500, whatever dates are typed or stored."""

import base64
import json
from datetime import date, timedelta
from urllib.parse import quote, urlencode

import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.builders_api import make_event
from tests.builders_export import csv_rows
from tests.builders_reader import make_event as make_event_at
from tests.factories import make_person
from tracker.charts import timeline
from tracker.imports import import_events
from tracker.models import Event, Source, Statement

# The filtered surfaces: each reads the same query string through selectors.events_matching.
SURFACES = [
    "/",
    "/events/",
    "/charts/timeline.json",
    "/events/export.csv",
    "/events/export.csv.meta.json",
    "/events/export.json",
    "/events/export.geojson",
    "/events/export.ics",
    "/events/export.plover.jsonl",
    "/events/export.timelinejs.json",
    "/api/events/",
    "/feed/",
    "/people/lee-jae-myung/",
    "/countries/KR/",
    "/topics/north-korea/",
    "/series/korea-japan-shuttle-diplomacy/",
]
OUT_OF_RANGE = ["0000", "0000-01", "0000-01-01", "Jan 0000", "1 Jan 0000", "10000", "0000/2025"]
AT_THE_EDGES = ["0001", "0001-01", "0001-01-01", "1 Jan 0001", "9999", "9999-12", "9999-12-31", "31 Dec 9999"]


def reader() -> Client:
    """An anonymous reader's client that answers a server error with its 500, as production does."""
    return Client(raise_request_exception=False)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def scene(db):
    """A few published events behind every scoped page of SURFACES, one of them a whole year long,
    so the window's bound on start_date reaches back a year from any `start`."""
    common = {"people": ("Lee Jae Myung",), "topics": ("North Korea",), "series": "Korea Japan Shuttle Diplomacy"}
    make_event_at("Nara summit", when="13–14 Jan 2026", host="JP", parties=("KR",), **common)
    make_event_at("Seafood import ban", when="2013", kind=Event.Kind.SANCTION, host="KR", **common)
    make_event_at("Phone call", when="Mar 2025", kind=Event.Kind.PHONE_CALL, host="KR", **common)


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.mark.parametrize("surface", SURFACES)
def test_a_year_outside_the_calendar_is_a_400_naming_the_field(scene, production, surface):
    client = reader()
    for field in ("start", "end"):
        for typed in OUT_OF_RANGE:
            response = client.get(f"{surface}?{urlencode({field: typed})}")
            assert response.status_code == 400, (field, typed, response.status_code)
            text = body(response).decode()
            if response["Content-Type"].startswith("application/json"):
                assert list(json.loads(text)["errors"]) == [field], (field, typed)
            else:
                assert f"<code>{field}</code>" in text, (field, typed)
            assert "years 0001 to 9999" in text, (field, typed)


@pytest.mark.parametrize("surface", SURFACES)
def test_the_first_and_last_years_are_accepted_as_bounds(scene, production, surface):
    client = reader()
    for field in ("start", "end"):
        for typed in AT_THE_EDGES:
            response = client.get(f"{surface}?{urlencode({field: typed})}")
            assert response.status_code == 200, (field, typed, response.status_code)
            body(response)


@pytest.fixture
def long_draft(demo):
    """A draft a researcher imported, dated from 1 Jan 0001 to 31 Dec 2100: the longest event by far."""
    return make_event("Undated treaty", published=False, start_date=date(1, 1, 1), end_date=date(2100, 12, 31))


DRAFT_SURFACES = [
    "/?start=2025",
    "/events/",
    "/events/?start=2025",
    "/charts/timeline.json?start=2025",
    "/api/events/",
    "/api/events/?start=2025",
    "/feed/",
    "/feed/?start=2025",
    "/events/export.csv?start=2025",
    "/events/export.csv.meta.json?start=2025",
    "/events/export.json?start=2025",
    "/events/export.geojson?start=2025",
    "/events/export.ics?start=2025",
    "/countries/KR/",
    "/countries/KR/?start=2025",
]


def test_a_draft_spanning_two_millennia_does_not_take_the_site_down(long_draft, production):
    client = reader()
    answers = {url: client.get(url) for url in DRAFT_SURFACES}
    assert {url: response.status_code for url, response in answers.items()} == dict.fromkeys(DRAFT_SURFACES, 200)
    for url, response in answers.items():
        assert b"Undated treaty" not in body(response), url


def test_readers_window_ignores_drafts_and_staff_see_the_long_draft_in_it(long_draft, client, editor):
    published = set(Event.objects.published().filter(end_date__gte=date(2025, 1, 1)).values_list("slug", flat=True))
    anonymous = reader().get("/api/events/?start=2025&page_size=500").json()["results"]
    assert {row["slug"] for row in anonymous} == published
    staff = client.get("/api/events/?start=2025&page_size=500").json()["results"]
    assert {row["slug"] for row in staff} == published | {long_draft.slug}
    in_korea = client.get("/api/events/?start=2025&country=KR&page_size=500").json()["results"]
    assert long_draft.slug in {row["slug"] for row in in_korea}


def _change_form(event: Event, **overrides) -> dict:
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "when": event.when,
        "lifecycle": event.lifecycle,
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_an_editor_saves_events_while_the_long_draft_exists(long_draft, client, editor):
    event = make_event("Phone call", kind="phone_call", start_date=date(2025, 3, 3), published=False)
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", _change_form(event, title="Phone call, late"))
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Phone call, late"
    response = client.post(f"/admin/tracker/event/{long_draft.pk}/change/", _change_form(long_draft))
    assert response.status_code == 302
    long_draft.refresh_from_db()
    assert (long_draft.start_date, long_draft.end_date) == (date(1, 1, 1), date(2100, 12, 31))


@pytest.fixture
def edge_events(scene):
    """Published events on the first and the last days the tracker stores, with the person, country,
    topic and series of every scoped page in SURFACES."""
    common = {"people": ("Lee Jae Myung",), "topics": ("North Korea",), "series": "Korea Japan Shuttle Diplomacy"}
    place = ("Nara", 34.68, 135.8)
    first = make_event_at("Dawn of diplomacy", when="1–3 Jan 0001", host="KR", place=place, **common)
    last = make_event_at("End of the calendar", when="29–31 Dec 9999", host="KR", place=place, **common)
    return first, last


# Query string: the titles of the edge events it selects.
EDGE_QUERIES = {
    "": {"Dawn of diplomacy", "End of the calendar"},
    "start=0001&end=9999": {"Dawn of diplomacy", "End of the calendar"},
    "start=0001-01-01&end=9999-12-31": {"Dawn of diplomacy", "End of the calendar"},
    "start=9999-12-31": {"End of the calendar"},
    "end=1+Jan+0001": {"Dawn of diplomacy"},
    "start=2+Jan+0001&end=2+Jan+0001": {"Dawn of diplomacy"},
}


@pytest.mark.parametrize("surface", SURFACES)
def test_events_on_the_first_and_last_day_show_on_every_surface(edge_events, production, surface):
    first, last = edge_events
    client = reader()
    for query, shown in EDGE_QUERIES.items():
        response = client.get(f"{surface}?{query}")
        assert response.status_code == 200, query
        text = body(response).decode()
        if surface == "/events/export.csv.meta.json":
            assert json.loads(text)["row_count"] >= len(shown), query
            continue
        for event in (first, last):
            mark = str(event.uid) if surface.startswith(("/events/export", "/api/", "/feed/")) else event.title
            if event.title in shown:
                assert mark in text, (query, event.title)
            elif not surface.startswith("/series/"):  # a series page lists all its meetings too
                assert mark not in text, (query, event.title)


def test_the_edge_events_own_pages_and_api_records_show_their_dates(edge_events, production):
    client = reader()
    for event, when in zip(edge_events, ("1–3 Jan 0001", "29–31 Dec 9999"), strict=True):
        page = client.get(f"/events/{event.slug}/")
        assert page.status_code == 200
        assert when in page.content.decode()
        record = client.get(f"/api/events/{event.uid}/")
        assert record.status_code == 200
        assert (record.json()["start_date"], record.json()["end_date"]) == (
            event.start_date.isoformat(),
            event.end_date.isoformat(),
        )
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert all(event.slug in sitemap.content.decode() for event in edge_events)


def test_a_heat_map_spans_the_whole_calendar(edge_events, production, monkeypatch):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 1)
    response = reader().get("/charts/timeline.json")
    assert response.status_code == 200
    figure = response.json()
    assert figure["layout"]["meta"]["aggregated"] == "year"
    assert figure["data"][0]["x"][0].startswith("0001-01-01")
    assert reader().get("/?group=country").status_code == 200


def test_an_event_ending_on_the_last_day_exports_to_the_calendar_with_its_length(edge_events, production):
    first, last = edge_events
    calendar = icalendar.Calendar.from_ical(body(reader().get("/events/export.ics")))
    found = {str(component["UID"]): component for component in calendar.walk("VEVENT")}
    ending = found[str(last.uid)]
    # 31 Dec 9999 + 1 day does not exist: the length goes in DURATION instead of an exclusive DTEND.
    assert "DTEND" not in ending
    assert ending["DTSTART"].dt == date(9999, 12, 29)
    assert ending["DURATION"].dt == timedelta(days=3)
    starting = found[str(first.uid)]
    assert (starting["DTSTART"].dt, starting["DTEND"].dt) == (date(1, 1, 1), date(1, 1, 4))


def test_the_admin_keeps_a_date_in_the_first_century_when_an_event_is_saved_unchanged(client, editor):
    event = make_event("Ancient embassy", start_date=date(1, 1, 1), end_date=date(1, 1, 1), published=False)
    page = client.get(f"/admin/tracker/event/{event.pk}/change/").content.decode()
    assert 'value="1 Jan 0001"' in page
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", _change_form(event, when="1 Jan 0001"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.start_date, event.end_date, event.date_precision) == (date(1, 1, 1), date(1, 1, 1), "day")


@pytest.mark.parametrize("typed", ["0000", "0000-01", "0000-01-01", "Jan 0000", "10000", "0000 – 2025"])
def test_admin_date_outside_the_calendar_is_a_form_error(client, editor, production, typed):
    event = make_event("Phone call", kind="phone_call", start_date=date(2025, 3, 3), published=False)
    client.raise_request_exception = False
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", _change_form(event, when=typed))
    assert response.status_code == 200
    assert "years 0001 to 9999" in response.content.decode()
    assert Event.objects.get(pk=event.pk).start_date == date(2025, 3, 3)


def test_admin_statement_said_outside_the_calendar_is_a_form_error(client, editor, production):
    event = make_event("Phone call", kind="phone_call", start_date=date(2025, 3, 3), published=False)
    speaker = make_person("Speaker")
    client.raise_request_exception = False
    data = _change_form(
        event,
        **{
            "statements-TOTAL_FORMS": "1",
            "statements-0-speaker": str(speaker.pk),
            "statements-0-quote": "We talked.",
            "statements-0-language": "en",
            "statements-0-said": "0000",
        },
    )
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "years 0001 to 9999" in response.content.decode()
    assert not Statement.objects.exists()


def test_admin_source_dates_outside_the_calendar_are_a_form_error(client, editor, production):
    client.raise_request_exception = False
    response = client.post(
        "/admin/tracker/source/add/", {"publisher": "Reuters", "title": "Old news", "published_on": "0000-01-01"}
    )
    assert response.status_code == 200
    assert not Source.objects.filter(title="Old news").exists()


IMPORT_HEADER = "title,slug,kind,start_date,end_date,date_precision,edtf,is_published,citations"


def _import_file(start: str = "2025-03-03", end: str = "", *, edtf: str = "", citations: str = "") -> str:
    return f"{IMPORT_HEADER}\r\nTalks,talks,phone_call,{start},{end},,{edtf},false,{citations}\r\n"


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"start": "0000"}, "start_date"),
        ({"start": "0000-01-01"}, "start_date"),
        ({"start": "Jan 0000"}, "start_date"),
        ({"start": "2025-03-03", "end": "10000-01-01"}, "end_date"),
        ({"start": "", "edtf": "0000/2025"}, "edtf"),
        ({"citations": "Reuters|Old news|||0000-01-01|"}, "citations"),
    ],
)
def test_import_of_a_date_outside_the_calendar_is_a_row_error(db, cells, column):
    report = import_events(_import_file(**cells), file_format="csv")
    assert not report.ok
    assert not Event.objects.exists()
    messages = [str(error) for error in report.errors]
    assert any(column in message and "years 0001 to 9999" in message for message in messages), messages


def test_import_command_reports_year_zero_without_a_traceback(db, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(_import_file("0000"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_events", str(path))


def test_import_page_shows_year_zero_as_a_row_error(client, researcher, production):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.raise_request_exception = False
    upload = SimpleUploadedFile("events.csv", _import_file("0000").encode(), content_type="text/csv")
    response = client.post("/admin/tracker/event/import/", {"file": upload})
    assert response.status_code in (200, 400)
    assert "years 0001 to 9999" in response.content.decode()


def test_import_keeps_the_first_and_last_days(db):
    text = _import_file("0001-01-01", "9999-12-31")
    report = import_events(text, file_format="csv")
    assert report.ok, report.errors
    event = Event.objects.get(slug="talks")
    assert (event.start_date, event.end_date, event.edtf) == (date.min, date.max, "0001-01-01/9999-12-31")


def _cursor(**parts: str) -> str:
    return quote(base64.b64encode(urlencode(parts).encode()).decode())


@pytest.mark.parametrize("position", ["notadate", "0000-01-01", "2025-02-30", "10000-01-01", "2025"])
def test_a_forged_cursor_is_a_400_on_the_cursor(scene, production, position):
    response = reader().get(f"/api/events/?cursor={_cursor(p=position)}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_an_issued_cursor_still_pages_through_the_edges(edge_events, production):
    client = reader()
    seen, url = [], "/api/events/?page_size=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += [row["slug"] for row in page.json()["results"]]
        url = page.json()["next"]
    assert seen[0] == edge_events[0].slug and seen[-1] == edge_events[1].slug
    assert len(seen) == Event.objects.published().count()


def test_a_forged_cursor_on_a_reference_list_is_still_answered(scene, production):
    response = reader().get(f"/api/people/?cursor={_cursor(p='zzz')}")
    assert response.status_code == 200


def test_csv_export_writes_the_edge_dates_as_iso_days(edge_events, production):
    rows = {row["slug"]: row for row in csv_rows(body(reader().get("/events/export.csv")))}
    first, last = edge_events
    assert (rows[first.slug]["start_date"], rows[first.slug]["edtf"]) == ("0001-01-01", "0001-01-01/0001-01-03")
    assert (rows[last.slug]["end_date"], rows[last.slug]["edtf"]) == ("9999-12-31", "9999-12-29/9999-12-31")


@pytest.mark.parametrize(
    ("query", "edge"),
    [
        ("start_date__year=9999", 1),
        ("start_date__year=9999&start_date__month=12", 1),
        ("start_date__year=9999&start_date__month=12&start_date__day=29", 1),
        ("start_date__year=1", 0),
        ("start_date__year=1&start_date__month=1&start_date__day=1", 0),
    ],
)
def test_the_admin_date_hierarchy_drills_into_the_first_and_last_years(
    edge_events, client, editor, production, query, edge
):
    client.raise_request_exception = False
    response = client.get(f"/admin/tracker/event/?{query}")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [edge_events[edge]]


@pytest.mark.parametrize(
    "query",
    [
        "start_date__year=0",
        "start_date__year=10000",
        "start_date__year=2025&start_date__month=13",
        "start_date__year=x",
    ],
)
def test_a_date_hierarchy_outside_the_calendar_is_the_admins_bad_lookup_page(client, editor, production, query):
    client.raise_request_exception = False
    for url in ("/admin/tracker/event/", "/admin/tracker/position/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/countries/%00/", "/events/?country=K%00", "/events/?q=a%00b", "/api/events/?topic=%00", "/feed/?person=%00"],
)
def test_a_nul_character_is_a_clear_answer_not_a_server_error(url):
    """PostgreSQL refuses a NUL in any text it compares, so it must never reach a query."""
    from django.test import Client

    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in {400, 404}
