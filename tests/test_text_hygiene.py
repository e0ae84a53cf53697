"""Control characters are normalised at the door, and every output format stays valid with rows
that carry them anyway (written before the rule, or by another tool)."""

import xml.etree.ElementTree as ET

import pytest

from tests.builders_api import make_event
from tracker.domain.text import normalise_text
from tracker.models import Event, Person

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    ("typed", "multiline", "stored"),
    [
        ("Talks\x0bin Busan", True, "Talks\nin Busan"),
        ("Talks\x0bin Busan", False, "Talks in Busan"),
        ("Page\x0cbreak", True, "Page\nbreak"),
        ("Windows\r\nline", True, "Windows\nline"),
        ("nul\x00 and esc\x1b[0m", True, "nul and esc[0m"),
        ("tab\tkept", True, "tab\tkept"),
        ("Cafe\u0301", True, "Café"),
        ("", True, ""),
    ],
)
def test_normalise_text(typed, multiline, stored):
    assert normalise_text(typed, multiline=multiline) == stored


@pytest.mark.django_db
def test_every_saved_text_is_normalised():
    event = make_event("Lee\x0bTakaichi summit", summary="Line one\x0cline two\x00")
    event.refresh_from_db()
    assert event.title == "Lee Takaichi summit"  # a one-line field
    assert event.summary == "Line one\nline two"
    person = Person.objects.create(name="Sanae\x0bTakaichi", slug="sanae-takaichi")
    person.refresh_from_db()
    assert person.name == "Sanae Takaichi"


@pytest.mark.django_db
def test_feed_survives_control_characters_and_serves_summaries_as_text(client):
    event = make_event("Talks", cited=True, summary="x")
    # As another tool would write it, past the normaliser.
    Event.objects.filter(pk=event.pk).update(title="Talks\x0bin Busan\x0c", summary="<b>bold</b>\x0b claims")
    response = client.get("/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Talks in Busan")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "<b>bold</b>\n claims"


@pytest.mark.django_db
def test_calendar_carries_no_control_characters_from_stored_rows(client):
    import icalendar

    event = make_event("Talks", cited=True, summary="x", place_name="Busan")
    Event.objects.filter(pk=event.pk).update(
        title="Talks\x0bin\x1b Busan", summary="One\x0ctwo", place_name="Bu\x1bsan"
    )
    body = b"".join(client.get("/events/export.ics").streaming_content)
    assert not any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in body)
    calendar = icalendar.Calendar.from_ical(body)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Talks in Busan"
    assert str(vevent["DESCRIPTION"]).startswith("One\ntwo")
    assert str(vevent["LOCATION"]).startswith("Busan")


@pytest.mark.django_db
def test_import_normalises_control_characters_on_its_bulk_path():
    from tracker.imports import import_events

    row = {
        "title": "Talks\x0bin Busan\x00",
        "kind": "phone_call",
        "start_date": "2026-01-13",
        "summary": "Line one\x0cline two",
        "place_name": "Bu\x1bsan",
        "is_published": False,
    }
    report = import_events([row])
    assert report.ok, report.errors
    event = Event.objects.get()
    assert (event.title, event.summary, event.place_name) == ("Talks in Busan", "Line one\nline two", "Busan")
