import hashlib
import json
from urllib.parse import urlencode

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict, StreamingHttpResponse

from tests.builders_export import csv_rows, make_event, make_staff, streamed
from tracker import exports
from tracker.models import Event, Participation, Person
from tracker.queries.selectors import events_matching

FORMATS = ["csv", "json", "geojson", "ics"]


def uids_in(fmt: str, body: bytes) -> list[str]:
    if fmt == "csv":
        return [row["uid"] for row in csv_rows(body)]
    if fmt == "json":
        return [row["uid"] for row in json.loads(body)["rows"]]
    if fmt == "geojson":
        return [feature["id"] for feature in json.loads(body)["features"]]
    calendar = icalendar.Calendar.from_ical(body)
    return [str(component["UID"]) for component in calendar.walk("VEVENT")]


def expected_uids(params: dict, user=None) -> list[str]:
    """The uids the timeline shows for the same query string."""
    result = events_matching(QueryDict(urlencode(params, doseq=True)), user or AnonymousUser())
    assert result.is_valid, result.errors
    return [str(uid) for uid in result.events.values_list("uid", flat=True)]


def test_csv_export_parses_back_to_the_published_events(client, demo):
    response = client.get("/events/export.csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    rows = csv_rows(streamed(response))
    assert [row["uid"] for row in rows] == expected_uids({})
    assert list(rows[0]) == list(exports.COLUMNS)
    nara = next(row for row in rows if row["slug"] == "lee-takaichi-nara-2026")
    assert nara["edtf"] == "2026-01-13/2026-01-14"
    assert (nara["start_date"], nara["end_date"], nara["date_precision"]) == ("2026-01-13", "2026-01-14", "day")
    assert (nara["cameo"], nara["plover_type"], nara["plover_mode"]) == ("040", "CONSULT", "visit")
    assert (nara["latitude"], nara["longitude"], nara["place_country"]) == ("34.6851", "135.8048", "JP")
    assert nara["countries"] == "JP;KR"
    assert nara["participants"] == (
        "sanae-takaichi|Sanae Takaichi|host|JP||prime-minister-jp;lee-jae-myung|Lee Jae Myung|guest|KR||president-kr"
    )
    assert nara["topics"].split(";")[0] == "abductions"
    assert nara["series"] == "korea-japan-shuttle-diplomacy"
    assert nara["is_published"] == "true"
    assert [item.split("|")[0] for item in nara["citations"].split(";")] == ["Reuters", "Yonhap", "NHK"]
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["takaichi-taiwan-remarks-2025"]["edtf"] == "2025-11"
    assert by_slug["korea-seafood-import-ban-2013"]["edtf"] == "2013"
    assert by_slug["lee-ishiba-kananaskis-2025"]["parent"] == by_slug["g7-summit-kananaskis-2025"]["uid"]


def test_edtf_and_codes_from_sql_match_the_model(demo):
    rows = {
        cells[0]: exports.export_row(cells) for chunk in exports.iter_records(Event.objects.all()) for cells in chunk
    }
    for event in Event.objects.all():
        row = rows[str(event.uid)]
        assert row["edtf"] == event.edtf
        assert (row["cameo"], row["plover_type"] or "", row["plover_mode"] or "") == (
            event.cameo_code,
            event.plover_type,
            event.plover_mode,
        )


def test_json_rows_are_the_csv_rows_nested(client, demo):
    csv_body = streamed(client.get("/events/export.csv"))
    document = json.loads(streamed(client.get("/events/export.json")))
    nested = [exports.export_row([row[name] for name in exports.COLUMNS]) for row in csv_rows(csv_body)]
    assert document["rows"] == nested
    nara = next(row for row in document["rows"] if row["slug"] == "lee-takaichi-nara-2026")
    assert nara["participants"][0] == {
        "person": "sanae-takaichi",
        "name": "Sanae Takaichi",
        "role": "host",
        "country": "JP",
        "organization": None,
        "office": "prime-minister-jp",
    }
    assert nara["latitude"] == 34.6851
    assert nara["is_published"] is True
    assert nara["countries"] == ["JP", "KR"]


def test_json_meta_carries_provenance_and_a_verifiable_hash(client, demo):
    response = client.get("/events/export.json?country=KR")
    document = json.loads(streamed(response))
    meta = document["meta"]
    assert meta["query"] == "country=KR"
    assert meta["filters"] == {"country": ["KR"]}
    assert meta["row_count"] == len(document["rows"]) == len(expected_uids({"country": "KR"}))
    assert meta["app_version"] == "0.1.0"
    assert meta["generated_at"].endswith("Z")
    digest = hashlib.sha256()
    for row in document["rows"]:
        line = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        digest.update(line.encode())
    assert meta["sha256"] == digest.hexdigest()


@pytest.mark.parametrize("excel", [False, True])
def test_csv_meta_hash_is_the_sha256_of_the_downloaded_bytes(client, demo, excel):
    query = "country=JP&start=2025-09" + ("&excel=1" if excel else "")
    body = streamed(client.get(f"/events/export.csv?{query}"))
    meta = client.get(f"/events/export.csv.meta.json?{query}").json()
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    assert meta["row_count"] == len(csv_rows(body))
    assert meta["query"] == "country=JP&start=2025-09"
    json_meta = json.loads(streamed(client.get("/events/export.json?country=JP&start=2025-09")))["meta"]
    assert meta["rows_sha256"] == json_meta["sha256"]
    assert body.startswith(b"\xef\xbb\xbf") is excel


def test_csv_download_is_named_with_the_date_and_points_to_its_metadata(client, demo):
    response = client.get("/events/export.csv?country=KR")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="diplomacy-tracker-events-20')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["Link"] == '</events/export.csv.meta.json?country=KR>; rel="describedby"; type="application/json"'
    body = streamed(response)
    assert b"\r\n" in body and not body.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil")', "+1 rally", "-2 talks", "@SUM(A1)", "\tindent", "\rreturn", "'Tis the season"],
)
def test_formula_cells_are_neutralised(client, db, text):
    event = make_event("Formula", slug="formula", latitude=-33.9, longitude=-70.5)
    # Written as another tool would, past the text normaliser: exports must hold whatever is stored.
    Event.objects.filter(pk=event.pk).update(title=text, summary=text, place_name=text)
    row = csv_rows(streamed(client.get("/events/export.csv")))[0]
    assert row["uid"] == str(event.uid)
    for column in ("title", "summary", "place_name"):
        assert row[column] == "'" + text
    # Numbers stay numbers, and JSON carries the text untouched.
    assert (row["latitude"], row["longitude"]) == ("-33.9", "-70.5")
    assert json.loads(streamed(client.get("/events/export.json")))["rows"][0]["title"] == text


def test_neutralised_multi_valued_cell(client, db):
    event = make_event("Talks")
    person = Person.objects.create(name="=Evil; Name|x", slug="-evil")
    Participation.objects.create(event=event, person=person, role="guest")
    row = csv_rows(streamed(client.get("/events/export.csv")))[0]
    assert row["participants"] == "'-evil|=Evil\\; Name\\|x|guest|||"
    nested = json.loads(streamed(client.get("/events/export.json")))["rows"][0]["participants"]
    assert nested[0]["name"] == "=Evil; Name|x"


QUERIES = [
    {},
    {"country": "KR"},
    {"country": ["KR", "JP"], "match": "all", "start": "2025-06"},
    {"country": ["CN", "CA"]},
    {"kind": "bilateral_summit"},
    {"person": "sanae-takaichi"},
    {"topic": "north-korea", "end": "2025"},
    {"status": "held", "kind": ["statement", "interview"]},
    {"start": "Oct 2025", "end": "Jan 2026"},
    {"q": "Nara"},
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params", QUERIES)
def test_export_honours_the_shared_filter(client, demo, fmt, params):
    response = client.get(f"/events/export.{fmt}", params)
    assert response.status_code == 200
    wanted = expected_uids(params)
    if fmt == "geojson":
        with_coordinates = {
            str(uid) for uid in Event.objects.filter(latitude__isnull=False).values_list("uid", flat=True)
        }
        wanted = [uid for uid in wanted if uid in with_coordinates]
    assert uids_in(fmt, streamed(response)) == wanted


@pytest.mark.parametrize("fmt", FORMATS)
def test_drafts_are_never_exported_to_anonymous_readers(client, demo, fmt):
    draft = make_event("Secret talks", when="Oct 2025", published=False, latitude=1, longitude=2)
    assert str(draft.uid) not in uids_in(fmt, streamed(client.get(f"/events/export.{fmt}")))
    signed_in_reader = make_staff("reader", superuser=False)
    signed_in_reader.is_staff = False
    signed_in_reader.save()
    client.force_login(signed_in_reader)
    assert str(draft.uid) not in uids_in(fmt, streamed(client.get(f"/events/export.{fmt}")))
    client.force_login(make_staff())
    assert str(draft.uid) in uids_in(fmt, streamed(client.get(f"/events/export.{fmt}")))


@pytest.mark.parametrize("fmt", [*FORMATS, "csv.meta.json"])
def test_bad_filter_is_a_400_naming_the_field(client, demo, fmt):
    response = client.get(f"/events/export.{fmt}?country=XX&start=31 Feb 2026")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"country", "start"}
    assert "XX" in errors["country"][0]


def test_ics_is_rfc5545_with_exclusive_end_and_honest_partial_dates(client, demo):
    body = streamed(client.get("/events/export.ics"))
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\n" not in body.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    events = {str(component["UID"]): component for component in calendar.walk("VEVENT")}
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    component = events[str(nara.uid)]
    assert component.decoded("DTSTART").isoformat() == "2026-01-13"
    assert component.decoded("DTEND").isoformat() == "2026-01-15"  # exclusive
    assert str(component["SUMMARY"]) == "Lee–Takaichi summit in Nara"
    assert str(component["LOCATION"]) == "Nara, JP"
    remarks = events[str(Event.objects.get(slug="takaichi-taiwan-remarks-2025").uid)]
    assert (remarks.decoded("DTSTART").isoformat(), remarks.decoded("DTEND").isoformat()) == (
        "2025-11-01",
        "2025-12-01",
    )
    assert str(remarks["SUMMARY"]).endswith("(Nov 2025)")
    assert "known only to the month" in str(remarks["DESCRIPTION"])
    ban = events[str(Event.objects.get(slug="korea-seafood-import-ban-2013").uid)]
    assert ban.decoded("DTEND").isoformat() == "2014-01-01"
    assert "known only to the year" in str(ban["DESCRIPTION"])
    assert str(component["URL"]) == "http://testserver/events/lee-takaichi-nara-2026/"


def test_ics_escapes_and_folds_long_non_ascii_text(client, db):
    make_event("Summit; talks, and more — 日本と韓国の首脳会談" * 3, slug="long", summary="Line one\nLine two; done")
    body = streamed(client.get("/events/export.ics"))
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    component = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(component["SUMMARY"]) == "Summit; talks, and more — 日本と韓国の首脳会談" * 3
    assert str(component["DESCRIPTION"]).startswith("Line one\nLine two; done")


def test_geojson_is_a_feature_collection_of_points(client, demo):
    document = json.loads(streamed(client.get("/events/export.geojson")))
    assert document["type"] == "FeatureCollection"
    nara = next(f for f in document["features"] if f["properties"]["slug"] == "lee-takaichi-nara-2026")
    assert nara["geometry"] == {"type": "Point", "coordinates": [135.8048, 34.6851]}
    assert nara["id"] == nara["properties"]["uid"]
    assert document["meta"]["row_count"] == len(document["features"])
    assert all(feature["geometry"]["coordinates"] for feature in document["features"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_query_count_does_not_grow_with_rows(client, demo, fmt, django_assert_num_queries):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            streamed(client.get(f"/events/export.{fmt}?country=JP"))
        return len(captured.captured_queries)

    few = count_queries()
    for index in range(30):
        event = make_event(f"Extra {index}", slug=f"extra-{index}", host_country_id="JP", latitude=1, longitude=1)
        Participation.objects.create(event=event, person=Person.objects.get(slug="sanae-takaichi"), role="host")
    assert count_queries() == few


def test_write_csv_for_benchmarks_counts_rows(demo, tmp_path):
    path = tmp_path / "out.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        written = exports.write_csv(handle, Event.objects.all())
    assert written == Event.objects.count() == len(csv_rows(path.read_text(encoding="utf-8")))
    assert "SELECT" in exports.export_sql_for_shell(Event.objects.filter(host_country_id="JP"))
    assert "'JP'" in exports.export_sql_for_shell(Event.objects.filter(host_country_id="JP"))


def unfolded_ics_lines(body: bytes) -> list[bytes]:
    return body.replace(b"\r\n ", b"").split(b"\r\n")


def test_ics_writes_a_backslash_before_n_as_a_backslash(client, db):
    # Read the raw lines: icalendar's own parser decodes an escaped backslash before "n" as a newline.
    make_event("Files on C:\\Nara", slug="files", summary="C:\\New\\nope")
    lines = unfolded_ics_lines(streamed(client.get("/events/export.ics")))
    assert b"SUMMARY:Files on C:\\\\Nara" in lines
    assert b"DESCRIPTION:C:\\\\New\\\\nope" in lines


def test_ics_escapes_survive_folding(client, db):
    make_event("Talks; at last, " * 12, slug="escapes", summary="a;b,c\\d\n" * 40)
    component = icalendar.Calendar.from_ical(streamed(client.get("/events/export.ics"))).walk("VEVENT")[0]
    assert str(component["SUMMARY"]) == "Talks; at last, " * 12
    assert str(component["DESCRIPTION"]) == "a;b,c\\d\n" * 40
