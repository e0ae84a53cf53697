"""Downloads a person can use: every registered format linked on every list page with the page's
filter; the Excel variants keep Korean names and dashes; the readable CSV has names, addresses and
sources written out, and leaves out what readers may not see."""

import csv
import io
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.builders_api import make_event, make_person
from tests.builders_export import streamed
from tests.factories import make_office, make_position
from tracker.exports import formats
from tracker.models import Citation, Organization, Participation, Series, Source, Topic

pytestmark = pytest.mark.django_db

LIST_PAGES = (
    "/?country=KR&start=2025",
    "/events/?country=KR&start=2025",
    "/people/lee/?start=2025",
    "/countries/KR/?start=2025",
    "/topics/trade/?start=2025",
    "/series/shuttle/?start=2025",
)


@pytest.fixture
def nara():
    lee = make_person("Lee Jae Myung", slug="lee", native_name="이재명")
    takaichi = make_person("高市早苗 Takaichi", slug="takaichi")
    make_position(lee, make_office("President", country="KR"), date(2025, 6, 4))
    apec = make_event("APEC leaders' meeting", countries=["KR"], start_date=date(2025, 10, 31))
    secret = make_event("Secret talks", published=False, countries=["KR"], start_date=date(2025, 10, 1))
    summit = make_event(
        "Lee–Takaichi summit – Nara",
        countries=["KR", "JP"],
        people=[lee, takaichi],
        start_date=date(2026, 1, 13),
        end_date=date(2026, 1, 14),
        parent=apec,
        place_name="Nara",
        place_country_id="JP",
        host_organization=Organization.objects.create(name="Shuttle Forum", slug="shuttle-forum"),
        series=Series.objects.create(name="Korea–Japan shuttle diplomacy", slug="shuttle"),
    )
    summit.topics.set([Topic.objects.create(name="Trade", slug="trade")])
    hidden_child = make_event("Side meeting", countries=["KR"], parent=secret, start_date=date(2025, 10, 2))
    source = Source.objects.create(
        publisher="Yonhap", title="Leaders meet in Nara", url="https://example.org/nara", published_on=date(2026, 1, 14)
    )
    Citation.objects.create(event=summit, source=source)
    Participation.objects.filter(event=summit, person=lee).update(role="host")
    return {"summit": summit, "apec": apec, "secret": secret, "hidden_child": hidden_child}


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_list_page_links_every_registered_event_format_with_its_filter(client, nara, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for item in formats.FORMATS:
        if item.subject != formats.EVENTS:
            continue
        links = [link for link in _links(body) if urlsplit(link).path == _path(item)]
        assert links, f"{item.label} is not linked on {url}"
        assert any(("start", "2025") in parse_qsl(urlsplit(link).query) for link in links), links


def test_the_statements_page_links_the_statement_formats(client, nara):
    body = client.get("/statements/?speaker=lee").content.decode()
    paths = {urlsplit(link).path for link in _links(body) if "speaker=lee" in link}
    assert {"/statements/export.csv", "/statements/export.json"} <= paths


def test_a_newly_registered_format_appears_on_every_list_page(client, nara, monkeypatch):
    monkeypatch.setattr(formats, "FORMATS", list(formats.FORMATS))
    formats.register(formats.ExportFormat(formats.EVENTS, "Feed", "feed", "new entries as Atom", (("n", "1"),)))
    for url in LIST_PAGES:
        links = [urlsplit(link) for link in _links(client.get(url).content.decode())]
        feeds = [link for link in links if link.path == "/feed/" and ("n", "1") in parse_qsl(link.query)]
        assert feeds and ("start", "2025") in parse_qsl(feeds[0].query), url


@pytest.mark.parametrize("path", ["/events/export.csv?excel=1", "/events/export.readable.csv?excel=1"])
def test_the_excel_variants_keep_korean_names_and_dashes(client, nara, path):
    body = streamed(client.get(path))
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8")
    assert "Lee–Takaichi summit – Nara" in text and "高市早苗" in text


def test_the_readable_csv_writes_names_addresses_and_sources(client, nara):
    response = client.get("/events/export.readable.csv?country=JP")
    assert response["Content-Disposition"].endswith('-readable.csv"')
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8"), newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["Dates"] == "13–14 Jan 2026"
    assert row["Kind"] == "Bilateral summit" and row["Status"] == "Held"
    assert row["Place"] == "Nara" and row["Place country"] == "Japan"
    assert row["Host"] == "Shuttle Forum"
    assert row["Countries involved"] == "Japan; South Korea"
    assert (
        row["Participants"]
        == "Lee Jae Myung (President of South Korea), host; 高市早苗 Takaichi (South Korea), participant"
    )
    assert (row["Topics"], row["Series"], row["Part of"]) == (
        "Trade",
        "Korea–Japan shuttle diplomacy",
        "APEC leaders' meeting",
    )
    assert row["Sources"] == "Yonhap, “Leaders meet in Nara”, 2026-01-14, https://example.org/nara"
    assert row["Event page"] == f"http://testserver/events/{nara['summit'].slug}/"


def test_the_readable_csv_names_no_draft(client, nara):
    text = streamed(client.get("/events/export.readable.csv")).decode("utf-8")
    assert "Side meeting" in text and "Secret talks" not in text


def _links(body: str) -> list[str]:
    import re

    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', body)]


def _path(item: formats.ExportFormat) -> str:
    return urlsplit(item.href("")).path
