"""The home page's summaries and the timeline's heat map are cached under the data version: served
again until anything a reader sees changes, counted afresh after, and never shared between readers
who see drafts and readers who do not."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders_reader import make_event
from tests.factories import cite, make_person
from tracker.charts import timeline
from tracker.domain.publishing import publish_events, unpublish_events
from tracker.imports import import_events
from tracker.models import Country, DataVersion, Event, Topic


def summaries(client) -> dict:
    context = client.get("/").context
    return {"places": context["places"], "months": context["months"], "matrix_pairs": context["matrix_pairs"]}


def places_named(client) -> set[str]:
    return {place["place_name"] for place in summaries(client)["places"]}


@pytest.mark.django_db
def test_a_second_reader_is_served_the_counts_without_counting_again(client):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    with CaptureQueriesContext(connection) as counted:
        first = summaries(client)
    with CaptureQueriesContext(connection) as cached:
        assert summaries(client) == first
    assert len(cached.captured_queries) < len(counted.captured_queries)
    pair_counts = [query for query in cached if "tracker_eventcountry" in query["sql"] and "GROUP BY" in query["sql"]]
    assert pair_counts == []
    assert first["matrix_pairs"] == [("Japan", "South Korea", 1)]


@pytest.mark.django_db
def test_publishing_and_unpublishing_change_the_counts_at_once(client, django_user_model):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    draft = make_event(
        "Seoul talks", host="KR", parties=["JP"], when="Mar 2026", place=("Seoul", 37.5, 127.0), published=False
    )
    cite(draft)
    assert places_named(client) == {"Nara"}
    editor = django_user_model.objects.create_superuser("editor", password="x")
    publish_events(Event.objects.filter(pk=draft.pk), user=editor)
    assert places_named(client) == {"Nara", "Seoul"}
    unpublish_events(Event.objects.filter(pk=draft.pk), user=editor)
    assert places_named(client) == {"Nara"}


@pytest.mark.django_db
def test_counts_a_researcher_saw_with_drafts_never_reach_an_anonymous_reader(client, researcher):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    make_event(
        "Secret talks", host="KR", parties=["CN"], when="Mar 2026", place=("Busan", 35.1, 129.0), published=False
    )
    assert places_named(client) == {"Nara", "Busan"}
    anonymous = Client()
    assert places_named(anonymous) == {"Nara"}
    body = anonymous.get("/").content.decode()
    assert "Busan" not in body and "China" not in {
        name for pair in summaries(anonymous)["matrix_pairs"] for name in pair
    }


@pytest.mark.django_db
def test_each_filter_has_its_own_counts(client):
    make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026", place=("Nara", 34.68, 135.8))
    make_event("Beijing visit", host="CN", parties=["KR"], when="5 Jan 2026", place=("Beijing", 39.9, 116.4))
    assert places_named(client) == {"Nara", "Beijing"}
    context = client.get("/", {"country": "jp"}).context
    assert {place["place_name"] for place in context["places"]} == {"Nara"}
    context = client.get("/", {"country": ["KR", "CN"], "match": "all"}).context
    assert {place["place_name"] for place in context["places"]} == {"Beijing"}


@pytest.mark.django_db
def test_every_kind_of_write_raises_the_data_version():
    def raised(write) -> bool:
        before = DataVersion.current()
        write()
        return DataVersion.current() > before

    event = make_event("Nara summit", host="JP", parties=["KR"], when="13 Jan 2026")
    topic = Topic.objects.create(name="Seafood ban", slug="seafood-ban")
    assert raised(lambda: make_event("Call", host="KR", when="Dec 2025"))
    assert raised(lambda: Event.objects.filter(pk=event.pk).first().save())
    assert raised(lambda: event.topics.add(topic))
    assert raised(lambda: event.party_countries.remove("KR"))
    assert raised(lambda: Country.objects.filter(code="KR").first().save())
    assert raised(lambda: event.participations.create(person=make_person("Takaichi Sanae")))
    text = "title,kind,start_date,countries\r\nTalks in Seoul,bilateral_summit,Oct 2025,KR;JP\r\n"
    assert raised(lambda: import_events(text, file_format="csv"))
    assert raised(lambda: Event.objects.filter(pk=event.pk).delete())


@pytest.mark.django_db
def test_a_failed_or_dry_import_leaves_the_version_alone():
    before = DataVersion.current()
    import_events("title,kind,start_date\r\nTalks,bilateral_summit,Oct 2025\r\n", file_format="csv", dry_run=True)
    import_events("title,kind,start_date\r\nTalks,no_such_kind,Oct 2025\r\n", file_format="csv")
    assert DataVersion.current() == before


def heat_map_cells(client, **params) -> int:
    figure = client.get("/charts/timeline.json", params).json()
    assert figure["data"][0]["type"] == "heatmap"
    return sum(count for lane in figure["data"][0]["z"] for count in lane if count)


@pytest.mark.django_db
def test_the_timeline_heat_map_is_counted_once_then_served_until_a_change(client, monkeypatch):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 2)
    for day in range(1, 5):
        make_event(f"Call {day}", kind=Event.Kind.PHONE_CALL, host="KR", when=f"{day} Mar 2026")
    assert heat_map_cells(client, group="country") == 4
    with CaptureQueriesContext(connection) as cached:
        assert heat_map_cells(client, group="country") == 4
    assert not any("GROUP BY" in query["sql"] for query in cached)
    make_event("Call 5", kind=Event.Kind.PHONE_CALL, host="JP", when="5 Mar 2026")
    assert heat_map_cells(client, group="country") == 5
    assert heat_map_cells(client, group="kind") == 5


@pytest.mark.django_db
def test_a_heat_map_a_researcher_saw_with_drafts_never_reaches_an_anonymous_reader(client, researcher, monkeypatch):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 2)
    for day in range(1, 4):
        make_event(f"Call {day}", kind=Event.Kind.PHONE_CALL, host="KR", when=f"{day} Mar 2026")
    make_event("Secret call", kind=Event.Kind.PHONE_CALL, host="KP", when="4 Mar 2026", published=False)
    assert heat_map_cells(client, group="country") == 4
    anonymous = Client()
    assert heat_map_cells(anonymous, group="country") == 3
    assert "North Korea" not in anonymous.get("/charts/timeline.json", {"group": "country"}).content.decode()
