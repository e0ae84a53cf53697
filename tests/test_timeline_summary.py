"""Past the aggregation threshold the timeline fetches only what a heat map needs."""

import pytest

from tests.factories import make_event, make_person
from tracker import charts, selectors
from tracker.models import Country, Event


@pytest.fixture
def many_events(db):
    lee, ishiba = make_person("Lee Jae Myung"), make_person("Shigeru Ishiba")
    korea = Country.objects.get(code="KR")
    for day in range(1, 9):
        make_event(f"Meeting {day}", when=f"{day} Jan 2026", participants=[lee, ishiba], host_country=korea)


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_summarised_rows_keep_the_lane_field_and_a_detailed_head(many_events, group):
    rows = selectors.timeline_rows(
        Event.objects.order_by("start_date"), group_by=group, summary_past=3, detailed_head=2
    )
    assert len(rows) == 8
    assert [row["title"] for row in rows[:2]] == ["Meeting 1", "Meeting 2"]
    assert rows[0]["people"] == ["Lee Jae Myung", "Shigeru Ishiba"]
    assert "title" not in rows[2]
    if group == "person":
        assert rows[5]["people"] == ["Lee Jae Myung", "Shigeru Ishiba"]
    if group == "country":
        assert rows[5]["countries"] == ["South Korea"]


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_summarised_figure_counts_the_same_as_the_detailed_rows(many_events, group):
    detailed = selectors.timeline_rows(Event.objects.order_by("start_date"))
    summary = selectors.timeline_rows(Event.objects.order_by("start_date"), group_by=group, summary_past=3)
    full = charts._aggregated_timeline(detailed, group, len(detailed))
    short = charts._aggregated_timeline(summary, group, len(summary))
    assert short["data"][0]["z"] == full["data"][0]["z"]


def test_timeline_endpoint_past_the_threshold_is_a_heat_map_in_few_queries(
    client, many_events, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(charts, "AGGREGATE_THRESHOLD", 3)
    with django_assert_max_num_queries(6):
        response = client.get("/charts/timeline.json", {"group": "person"})
    assert response.status_code == 200
    assert response.json()["data"][0]["type"] == "heatmap"


def test_events_on_the_same_day_are_counted_once_each(db):
    for number in range(5):
        make_event(f"Call {number}", when="3 Feb 2026", kind=Event.Kind.PHONE_CALL)
    rows = selectors.timeline_rows(Event.objects.order_by("start_date"), summary_past=2, detailed_head=1)
    assert charts.event_total(rows) == 5
    assert rows[1]["weight"] == 4
    figure = charts._aggregated_timeline(rows, "kind", charts.event_total(rows))
    assert sum(map(sum, figure["data"][0]["z"])) == 5
