"""PLOVER-style JSON lines and TimelineJS JSON: the same filtered rows as every export, in their shapes."""

import json
from uuid import UUID

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from tests.builders_export import clear_events, make_event, make_staff, streamed
from tests.test_export import QUERIES, expected_uids
from tracker import exports
from tracker.models import Event, Participation, Person

PATHS = {"plover": "/events/export.plover.jsonl", "timelinejs": "/events/export.timelinejs.json"}


def plover_lines(body: bytes) -> list[dict]:
    assert body == b"" or body.endswith(b"\n")
    return [json.loads(line) for line in body.decode("utf-8").splitlines()]


def ids_in(fmt: str, body: bytes) -> list[str]:
    if fmt == "plover":
        return [record["id"] for record in plover_lines(body)]
    return [slide["unique_id"] for slide in json.loads(body)["events"]]


@pytest.mark.parametrize("fmt", PATHS)
@pytest.mark.parametrize("params", QUERIES)
def test_interop_exports_honour_the_shared_filter(client, demo, fmt, params):
    response = client.get(PATHS[fmt], params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert ids_in(fmt, streamed(response)) == expected_uids(params)


@pytest.mark.parametrize("fmt", PATHS)
def test_interop_exports_never_carry_drafts_to_readers(client, demo, fmt):
    draft = make_event("Secret talks", when="Oct 2025", published=False, host_country_id="JP")
    assert str(draft.uid) not in ids_in(fmt, streamed(client.get(PATHS[fmt])))
    reader = make_staff("reader", superuser=False)
    reader.is_staff = False
    reader.save()
    client.force_login(reader)
    body = streamed(client.get(PATHS[fmt]))
    assert str(draft.uid) not in ids_in(fmt, body) and b"Secret talks" not in body
    client.force_login(make_staff())
    assert str(draft.uid) in ids_in(fmt, streamed(client.get(PATHS[fmt])))


@pytest.mark.parametrize("fmt", PATHS)
@pytest.mark.parametrize(
    "query", ["country=XX&start=31 Feb 2026", "start=yesterday-ish", "kind=nonsense", "country=%00"]
)
def test_interop_exports_answer_a_bad_filter_with_400(client, demo, fmt, query):
    response = client.get(f"{PATHS[fmt]}?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("fmt", PATHS)
def test_interop_downloads_are_named_and_point_to_their_metadata(client, demo, fmt):
    response = client.get(PATHS[fmt], {"country": "KR"})
    extension = PATHS[fmt].removeprefix("/events/export.")
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert response["Link"].startswith("</events/export.csv.meta.json?country=KR>")


def test_an_empty_plover_list_is_an_empty_file(client, db):
    clear_events()
    response = client.get(PATHS["plover"])
    assert response.status_code == 200 and streamed(response) == b""


def test_an_empty_timeline_is_a_valid_document_with_its_title(client, db):
    clear_events()
    document = json.loads(streamed(client.get(PATHS["timelinejs"], {"country": "KR"})))
    assert document["events"] == []
    assert document["title"]["text"]["headline"] == "Diplomacy Tracker"
    assert "country=KR" in document["title"]["text"]["text"]


def test_plover_record_of_the_nara_summit(client, demo):
    records = {record["url"]: record for record in plover_lines(streamed(client.get(PATHS["plover"])))}
    nara = records["http://testserver/events/lee-takaichi-nara-2026/"]
    event = Event.objects.get(slug="lee-takaichi-nara-2026")
    assert nara["id"] == str(event.uid)
    assert (nara["event"], nara["mode"], nara["cameo"]) == ("CONSULT", "visit", "040")
    assert (nara["actor"], nara["recipient"]) == ("KR", "JP")  # the guest comes to the host
    assert (nara["date"], nara["end_date"], nara["date_precision"]) == ("2026-01-13", "2026-01-14", "day")
    assert nara["edtf"] == "2026-01-13/2026-01-14"
    assert nara["location"] == {"placename": "Nara", "country": "JP", "lat": 34.6851, "lon": 135.8048}
    assert nara["text"] == event.title
    assert nara["source"] and nara["citations"]
    assert nara["wikidata"] is None and nara["actor_wikidata"] is None


def test_plover_actor_of_a_sanction_is_the_country_that_imposes_it(client, demo):
    ban = next(
        record
        for record in plover_lines(streamed(client.get(PATHS["plover"])))
        if record["url"].endswith("/korea-seafood-import-ban-2013/")
    )
    assert (ban["event"], ban["actor"], ban["recipient"]) == ("SANCTION", "KR", "JP")
    assert (ban["date"], ban["date_precision"], ban["edtf"]) == ("2013-01-01", "year", "2013")


@pytest.mark.parametrize(
    ("host", "roles", "actors", "recipients"),
    [
        (None, [], ["JP", "KR"], ["KR"]),  # undirected pair: the second is the recipient too
        (None, [("host", "KR")], ["JP"], ["KR"]),  # the host known from a participant's role
        ("JP", [], ["KR"], ["JP"]),
    ],
)
def test_plover_actors_and_recipients(host, roles, actors, recipients):
    row = {
        "countries": ["JP", "KR"],
        "host_country": host,
        "participants": [{"role": role, "country": code} for role, code in roles],
        "plover_type": "CONSULT",
    }
    from tracker.exports.plover import _actors_and_recipients

    assert _actors_and_recipients(row) == (actors, recipients)


def test_statements_have_no_plover_type_but_keep_their_line(client, db):
    make_event("A statement", kind=Event.Kind.STATEMENT, host_country_id="JP")
    (record,) = plover_lines(streamed(client.get(PATHS["plover"])))
    assert (record["event"], record["mode"], record["cameo"]) == (None, None, "010")


def test_timeline_dates_carry_only_the_parts_their_precision_knows(client, demo):
    uids = dict(Event.objects.values_list("uid", "slug"))
    slides = {
        uids[UUID(slide["unique_id"])]: slide
        for slide in json.loads(streamed(client.get(PATHS["timelinejs"])))["events"]
    }
    nara = slides["lee-takaichi-nara-2026"]
    assert nara["start_date"] == {"year": 2026, "month": 1, "day": 13}
    assert nara["end_date"] == {"year": 2026, "month": 1, "day": 14}
    assert nara["display_date"] == "13–14 Jan 2026"
    assert nara["group"] == "Bilateral summit"
    assert nara["text"]["headline"] == "Lee–Takaichi summit in Nara"
    assert 'href="http://testserver/events/lee-takaichi-nara-2026/"' in nara["text"]["text"]
    remarks = slides["takaichi-taiwan-remarks-2025"]
    assert remarks["start_date"] == {"year": 2025, "month": 11} and "end_date" not in remarks
    ban = slides["korea-seafood-import-ban-2013"]
    assert ban["start_date"] == {"year": 2013} and "end_date" not in ban
    assert all("media" not in slide for slide in slides.values())


def test_timeline_text_is_escaped_html(client, db):
    make_event("<script>alert(1)</script>", slug="talks", summary="A & B <b>bold</b>")
    (slide,) = json.loads(streamed(client.get(PATHS["timelinejs"])))["events"]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<p>A &amp; B &lt;b&gt;bold&lt;/b&gt;</p>" in slide["text"]["text"]


@pytest.mark.parametrize("fmt", PATHS)
def test_interop_exports_stream_a_long_list_in_chunks_with_a_fixed_number_of_queries(client, db, fmt):
    person = Person.objects.create(name="Envoy", slug="envoy")
    count = 2 * exports.CHUNK_ROWS + 1
    events = Event.objects.bulk_create(
        Event(
            title=f"Talks {index}",
            slug=f"talks-{index}",
            kind=Event.Kind.PHONE_CALL,
            start_date="2025-01-01",
            end_date="2025-01-01",
            is_published=True,
        )
        for index in range(count)
    )
    Participation.objects.bulk_create(Participation(event=event, person=person, role="guest") for event in events)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PATHS[fmt])
        chunks = list(response.streaming_content)
    assert len(captured.captured_queries) < 10
    body = b"".join(chunks)
    # The document arrives in one piece per chunk of rows (plus the head and tail of a document).
    assert len(chunks) >= 3
    assert len(ids_in(fmt, body)) == count


def test_plover_carries_the_wikidata_qids_recorded_for_events_and_countries(client, demo):
    from tracker.models import Country

    Event.objects.filter(slug="lee-takaichi-nara-2026").update(wikidata_qid="Q123456789")
    Country.objects.filter(code="KR").update(wikidata_qid="Q884")
    Country.objects.filter(code="JP").update(wikidata_qid="Q17")
    records = {record["url"]: record for record in plover_lines(streamed(client.get(PATHS["plover"])))}
    nara = records["http://testserver/events/lee-takaichi-nara-2026/"]
    assert (nara["wikidata"], nara["actor_wikidata"], nara["recipient_wikidata"]) == ("Q123456789", "Q884", "Q17")
