"""Past the aggregation threshold the timeline fetches only what a heat map needs."""

from datetime import date

import pytest

from tests.builders_reader import make_event as make_reader_event
from tests.factories import make_event, make_person
from tracker import charts, selectors, views
from tracker.models import Country, Event


@pytest.fixture
def many_events(db):
    lee, ishiba = make_person("Lee Jae Myung"), make_person("Shigeru Ishiba")
    korea = Country.objects.get(code="KR")
    for day in range(1, 9):
        make_event(f"Meeting {day}", when=f"{day} Jan 2026", participants=[lee, ishiba], host_country=korea)


@pytest.mark.parametrize(
    ("group", "lanes"),
    [
        ("kind", {"bilateral_summit": 6}),
        ("country", {"South Korea": 6}),
        ("person", {"Lee Jae Myung": 6, "Shigeru Ishiba": 6}),
    ],
)
def test_summarised_rows_are_a_detailed_head_then_marks_counted_per_lane_and_day(many_events, group, lanes):
    rows = selectors.timeline_rows(
        Event.objects.order_by("start_date"), group_by=group, summary_past=3, detailed_head=2
    )
    head, counted = rows.head(len(rows)), rows.counted
    assert [row["title"] for row in head] == ["Meeting 1", "Meeting 2"]
    assert head[0]["people"] == ["Lee Jae Myung", "Shigeru Ishiba"]
    assert all("title" not in row and row["unit"] == "day" for row in counted)
    marks: dict = {}
    for row in counted:
        if row["marks"]:
            marks[row["lane"]] = marks.get(row["lane"], 0) + row["marks"]
    assert marks == lanes
    assert charts.event_total(rows) == 8
    assert charts.mark_total(rows, group) == 2 * (2 if group == "person" else 1) + sum(lanes.values())


def test_counted_rows_put_events_without_a_country_or_participant_in_the_none_lane(db):
    for number in range(4):
        make_event(f"Statement {number}", when=f"{number + 1} Mar 2026", kind=Event.Kind.STATEMENT)
    for group, lane in [("country", "No country recorded"), ("person", "No participant named")]:
        rows = selectors.timeline_rows(Event.objects.order_by("start_date"), group_by=group, summary_past=1)
        figure = charts._aggregated_timeline(rows, group, charts.mark_total(rows, group))
        assert figure["layout"]["yaxis"]["ticktext"] == [lane]
        assert sum(figure["data"][0]["z"][0]) == 4
        assert figure["layout"]["meta"]["events"] == 4


def test_counted_rows_use_months_for_a_long_span_with_the_same_cells_as_the_events(db):
    for number in range(30):
        make_event(f"Call {number}", when=f"{1 + number % 28} {['Jan', 'Jun', 'Nov'][number % 3]} {2020 + number % 4}")
    events = Event.objects.order_by("start_date")
    summary = selectors.timeline_rows(events, summary_past=5)
    assert {row["unit"] for row in summary.counted} == {"month"}
    assert all(row["start_date"].day == 1 for row in summary.counted)
    detailed = selectors.timeline_rows(events)
    short = charts._aggregated_timeline(summary, "kind", 30)
    full = charts._aggregated_timeline(detailed, "kind", 30)
    assert short["data"][0]["z"] == full["data"][0]["z"]
    assert short["data"][0]["x"] == full["data"][0]["x"]


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
    assert rows.counted[0]["weight"] == 4
    figure = charts._aggregated_timeline(rows, "kind", charts.event_total(rows))
    assert sum(map(sum, figure["data"][0]["z"])) == 5


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_timeline_page_past_the_threshold_draws_a_heat_map_for_every_grouping(client, many_events, monkeypatch, group):
    monkeypatch.setattr(charts, "AGGREGATE_THRESHOLD", 3)
    monkeypatch.setattr(views, "FALLBACK_ROWS", 2)
    response = client.get("/", {"group": group, "terms": "1"})
    assert response.status_code == 200
    assert response.context["timeline"]["data"][0]["type"] == "heatmap"
    assert response.context["event_count"] == 8


def test_timeline_rows_are_columns_in_the_events_order_with_names_and_countries(db):
    later = make_reader_event("Nara summit", when="13 Jan 2026", parties=("KR", "JP"), people=("Lee", "Takaichi"))
    earlier = make_reader_event("Phone call", when="Oct 2025", kind=Event.Kind.PHONE_CALL, people=("Ishiba",))
    alone = make_reader_event("Statement", when="2013", kind=Event.Kind.STATEMENT)
    columns = selectors.timeline_rows(Event.objects.order_by("start_date", "id"))
    assert columns.pk == [alone.pk, earlier.pk, later.pk]
    assert columns.title == ["Statement", "Phone call", "Nara summit"]
    assert columns.date_precision == ["year", "month", "day"]
    assert columns.end_date == [date(2013, 12, 31), date(2025, 10, 31), date(2026, 1, 13)]
    assert columns.people == [[], ["Ishiba"], ["Lee", "Takaichi"]]
    assert columns.country_codes[2] == ["JP", "KR"] and columns.countries[2] == ["Japan", "South Korea"]
    assert columns.counted == []
    assert columns.head(2) == [columns.row(0), columns.row(1)]
    assert columns.row(2) | {"pk": 0} == {
        "pk": 0,
        "slug": later.slug,
        "title": "Nara summit",
        "kind": "bilateral_summit",
        "start_date": date(2026, 1, 13),
        "end_date": date(2026, 1, 13),
        "date_precision": "day",
        "people": ["Lee", "Takaichi"],
        "countries": ["Japan", "South Korea"],
        "country_codes": ["JP", "KR"],
    }


def test_timeline_table_under_the_chart_lists_the_first_events_with_their_names(client, many_events, monkeypatch):
    monkeypatch.setattr(views, "FALLBACK_ROWS", 3)
    response = client.get("/")
    assert [row["title"] for row in response.context["timeline_rows"]] == ["Meeting 1", "Meeting 2", "Meeting 3"]
    page = response.content.decode()
    assert "<td>Lee Jae Myung, Shigeru Ishiba</td>" in page and "<td>South Korea</td>" in page
    assert "first 3 of 8" in page
