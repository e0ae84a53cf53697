"""Writes made outside the app (psql, another tool, raw SQL) raise the data version too: the database's
own triggers (migration 0016) do it, so a cached count never outlives a change, whoever made it."""

import pytest
from django.db import connection

from tests.builders_reader import make_event
from tracker.models import DataVersion, Event

RAW_WRITES = {
    "insert": "INSERT INTO tracker_event_party_countries (event_id, country_id) VALUES (%(event)s, 'FR')",
    "update": "UPDATE tracker_event SET title = 'Renamed outside the app' WHERE id = %(event)s",
    "delete": "DELETE FROM tracker_eventcountry WHERE event_id = %(event)s",
    "reference": "UPDATE tracker_country SET name = 'Nippon' WHERE code = 'JP'",
}


def _raw(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
@pytest.mark.parametrize("write", list(RAW_WRITES))
def test_a_raw_write_raises_the_data_version(write):
    event = make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026")
    before = DataVersion.current()
    _raw(RAW_WRITES[write], {"event": event.pk})
    assert DataVersion.current() > before


@pytest.mark.django_db
def test_a_raw_write_to_a_table_readers_never_see_leaves_it_alone():
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026")
    before = DataVersion.current()
    _raw("UPDATE tracker_exportline SET line = NULL")
    assert DataVersion.current() == before


@pytest.mark.django_db
def test_the_reader_after_a_raw_edit_gets_the_new_counts(client):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    hidden = make_event("Seoul talks", host="KR", parties=["JP"], when="Mar 2026", place=("Seoul", 37.5, 127.0))
    Event.objects.filter(pk=hidden.pk).update(is_published=False)
    assert {place["place_name"] for place in client.get("/").context["places"]} == {"Nara"}
    # Published behind the app's back: no signal fires, only the trigger.
    _raw("UPDATE tracker_event SET is_published = %s WHERE id = %s", [True, hidden.pk])
    assert {place["place_name"] for place in client.get("/").context["places"]} == {"Nara", "Seoul"}
