"""After a change, the home page and the timeline answer at once with the previous counts, saying when
they were made, while one background thread recounts; the next readers get the current counts."""

import pytest

from tests.builders_reader import make_event
from tracker.charts import timeline
from tracker.queries import summaries
from tracker.queries.selectors import events_matching


@pytest.fixture
def in_background(settings):
    settings.SUMMARY_RECOUNT_IN_BACKGROUND = True
    yield
    summaries.wait_for_recounts()


def places(response) -> set[str]:
    return {place["place_name"] for place in response.context["places"]}


@pytest.mark.django_db(transaction=True)
def test_the_first_reader_after_a_change_gets_the_previous_counts_marked_then_the_new_ones(client, in_background):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    first = client.get("/")
    assert places(first) == {"Nara"} and first.context["counted_at"] is None
    assert b"being recounted" not in first.content

    make_event("Seoul talks", host="KR", parties=["JP"], when="Mar 2026", place=("Seoul", 37.5, 127.0))
    after_the_change = client.get("/")
    assert places(after_the_change) == {"Nara"}
    assert after_the_change.context["counted_at"] is not None
    assert b"being recounted" in after_the_change.content

    summaries.wait_for_recounts()
    recounted = client.get("/")
    assert places(recounted) == {"Nara", "Seoul"} and recounted.context["counted_at"] is None


@pytest.mark.django_db(transaction=True)
def test_counts_outside_a_page_that_can_say_so_are_always_current(client, in_background):
    from django.contrib.auth.models import AnonymousUser

    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    client.get("/")
    make_event("Seoul talks", host="KR", parties=["JP"], when="Mar 2026", place=("Seoul", 37.5, 127.0))
    counted = summaries.reader_summaries(events_matching({}, AnonymousUser()))
    assert {place["place_name"] for place in counted["places"]} == {"Nara", "Seoul"}


@pytest.mark.django_db(transaction=True)
def test_the_timeline_heat_map_says_when_its_counts_were_made(client, in_background, monkeypatch):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 1)
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026")
    make_event("Seoul talks", host="KR", parties=["JP"], when="Mar 2026")
    assert "Counted-At" not in client.get("/charts/timeline.json")
    make_event("Tokyo call", host="JP", parties=["US"], when="Apr 2026")
    assert "Counted-At" in client.get("/charts/timeline.json")
    summaries.wait_for_recounts()
    assert "Counted-At" not in client.get("/charts/timeline.json")


@pytest.mark.django_db
def test_without_the_setting_the_reader_waits_for_the_new_count(client):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    client.get("/")
    make_event("Seoul talks", host="KR", parties=["JP"], when="Mar 2026", place=("Seoul", 37.5, 127.0))
    response = client.get("/")
    assert places(response) == {"Nara", "Seoul"} and response.context["counted_at"] is None
