"""Coordinates are written in plain decimal notation in every format (-0.00005, never -5e-05), and
each documented hash recipe (docs/data-format.md) recomputes the hash its meta block carries."""

import hashlib
import json
import re
import subprocess
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders_export import clear_events, csv_rows, make_event, streamed
from tracker.exports.numbers import plain_decimal
from tracker.imports import import_events
from tracker.models import Event

# A number with an exponent where JSON puts numbers (after : [ or ,), or in the CSV's coordinate cells
# or the calendar's GEO line; uids hold hex like 5e4, which is not a number.
JSON_EXPONENT = re.compile(rb"[:\[,]-?\d+(\.\d+)?[eE][-+]?\d")
PLAIN = re.compile(r"-?\d+(\.\d+)?")


def has_an_exponent(fmt: str, body: bytes) -> bool:
    if fmt in {"json", "geojson"}:
        return bool(JSON_EXPONENT.search(body))
    if fmt == "csv":
        cells = [row[name] for row in csv_rows(body) for name in ("latitude", "longitude") if row[name]]
        return not all(PLAIN.fullmatch(cell) for cell in cells)
    geo = re.findall(rb"^GEO:(.*)\r$", body, flags=re.MULTILINE)
    return not all(PLAIN.fullmatch(part) for line in geo for part in line.decode().split(";"))


FIVE_PLACES = Decimal("0.00001")


def latitudes() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=-90, max_value=90, places=5, allow_nan=False, allow_infinity=False)


def longitudes() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=-180, max_value=180, places=5, allow_nan=False, allow_infinity=False)


def downloads(client) -> dict[str, bytes]:
    return {fmt: streamed(client.get(f"/events/export.{fmt}")) for fmt in ("csv", "json", "geojson", "ics")}


@pytest.mark.parametrize(
    ("number", "written"),
    [(-0.00005, "-0.00005"), (1e-05, "0.00001"), (51.0, "51"), (-115.0, "-115"), (-0.0, "0"), (179.99999, "179.99999")],
)
def test_plain_decimal_never_writes_an_exponent(number, written):
    assert plain_decimal(number) == written
    assert plain_decimal(Decimal(str(number))) == written


@settings(max_examples=200)
@given(st.one_of(latitudes(), longitudes()))
def test_plain_decimal_reads_back_as_the_same_number(number):
    for value in (number, float(number)):
        text = plain_decimal(value)
        assert "e" not in text.lower() and re.fullmatch(r"-?\d+(\.\d+)?", text)
        assert Decimal(text) == number


def test_a_small_negative_coordinate_is_written_plainly_in_every_format(client, db):
    make_event("Near the meridian", latitude=Decimal("-0.00005"), longitude=Decimal("0.00001"))
    files = downloads(client)
    assert csv_rows(files["csv"])[0]["latitude"] == "-0.00005"
    assert json.loads(files["json"])["rows"][0]["latitude"] == -0.00005
    assert b'"latitude":-0.00005' in files["json"] and b'"longitude":0.00001' in files["json"]
    assert b'"coordinates":[0.00001,-0.00005]' in files["geojson"]
    assert b"GEO:-0.00005;0.00001\r\n" in files["ics"]
    for fmt, body in files.items():
        assert not has_an_exponent(fmt, body), fmt


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(latitude=latitudes(), longitude=longitudes())
def test_any_coordinate_is_written_plainly_and_imports_back_unchanged(client, db, latitude, longitude):
    clear_events()
    make_event("Somewhere", latitude=latitude, longitude=longitude)
    files = downloads(client)
    for fmt, body in files.items():
        assert not has_an_exponent(fmt, body), fmt
    row = csv_rows(files["csv"])[0]
    assert (Decimal(row["latitude"]), Decimal(row["longitude"])) == (latitude, longitude)
    geo = re.search(rb"GEO:([-0-9.]+);([-0-9.]+)\r\n", files["ics"])
    assert geo and (Decimal(geo[1].decode()), Decimal(geo[2].decode())) == (latitude, longitude)
    for fmt in ("csv", "json"):
        report = import_events(files[fmt], file_format=fmt)
        assert report.ok and len(report.unchanged) == 1, (fmt, report.errors, report.updated)


def recipe_json_rows(data: bytes) -> str:
    """The documented recipe for meta.sha256 of a JSON download: its row lines as written."""
    document = json.loads(data)
    lines = data.split(b"\n")
    rows = [line.removesuffix(b",") for line in lines[1 : 1 + document["meta"]["row_count"]]]
    return hashlib.sha256(b"".join(row + b"\n" for row in rows)).hexdigest()


def recipe_geojson_properties(data: bytes) -> str:
    """The documented recipe for a GeoJSON download: each feature line's properties object as written."""
    document = json.loads(data)
    lines = data.split(b"\n")[1 : 1 + document["meta"]["row_count"]]
    properties = [line.removesuffix(b",").split(b',"properties":', 1)[1][:-1] for line in lines]
    return hashlib.sha256(b"".join(item + b"\n" for item in properties)).hexdigest()


def recipe_shell(data: bytes, tmp_path) -> str:
    """The documented shell recipe: sed picks the row lines, sha256sum hashes them."""
    path = tmp_path / "export.json"
    path.write_bytes(data)
    script = f"sed -n '/^],$/q; 2,$ {{s/,$//; p}}' {path} | sha256sum"
    return subprocess.run(["sh", "-c", script], capture_output=True, check=True, text=True).stdout.split()[0]


@pytest.mark.parametrize("query", ["", "?country=KR", "?country=ZW"])
def test_every_documented_hash_recipe_holds(client, db, tmp_path, query):
    make_event("Near the meridian", latitude=Decimal("-0.00005"), longitude=Decimal("0.00001"), host_country_id="KR")
    make_event("Nara", when="14 Jan 2026", latitude=Decimal("34.6851"), longitude=Decimal("135.8048"))
    make_event("Nowhere in particular", when="Feb 2026")
    json_body = streamed(client.get(f"/events/export.json{query}"))
    json_meta = json.loads(json_body)["meta"]
    assert recipe_json_rows(json_body) == recipe_shell(json_body, tmp_path) == json_meta["sha256"]
    assert client.get(f"/events/export.meta.json{query}").json()["rows_sha256"] == json_meta["sha256"]
    geojson_body = streamed(client.get(f"/events/export.geojson{query}"))
    assert recipe_geojson_properties(geojson_body) == json.loads(geojson_body)["meta"]["sha256"]
    csv_body = streamed(client.get(f"/events/export.csv{query}"))
    csv_meta = client.get(f"/events/export.csv.meta.json{query}").json()
    assert hashlib.sha256(csv_body).hexdigest() == csv_meta["sha256"]
    assert csv_meta["rows_sha256"] == json_meta["sha256"]


def test_geojson_properties_are_the_json_rows(client, db):
    make_event("Near the meridian", latitude=Decimal("-0.00005"), longitude=Decimal("0.00001"))
    rows = json.loads(streamed(client.get("/events/export.json")))["rows"]
    features = json.loads(streamed(client.get("/events/export.geojson")))["features"]
    assert [feature["properties"] for feature in features] == rows
    assert Event.objects.get().latitude == Decimal("-0.00005")
