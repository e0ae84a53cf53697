"""Past the aggregation threshold the timeline fetches only what a heat map needs."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.builders_reader import make_event as make_reader_event
from tests.factories import make_event, make_person
from tracker.charts import timeline
from tracker.charts.heatmap import aggregated_timeline
from tracker.charts.swimlanes import event_total, mark_total
from tracker.models import Country, Event
from tracker.queries import selectors, timeline_data
from tracker.web import pages


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
    rows = timeline_data.timeline_rows(
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
    assert event_total(rows) == 8
    assert mark_total(rows, group) == 2 * (2 if group == "person" else 1) + sum(lanes.values())


def test_counted_rows_put_events_without_a_country_or_participant_in_the_none_lane(db):
    for number in range(4):
        make_event(f"Statement {number}", when=f"{number + 1} Mar 2026", kind=Event.Kind.STATEMENT)
    for group, lane in [("country", "No country recorded"), ("person", "No participant named")]:
        rows = timeline_data.timeline_rows(Event.objects.order_by("start_date"), group_by=group, summary_past=1)
        figure = aggregated_timeline(rows, group, mark_total(rows, group))
        assert figure["layout"]["yaxis"]["ticktext"] == [lane]
        assert sum(figure["data"][0]["z"][0]) == 4
        assert figure["layout"]["meta"]["events"] == 4


def test_counted_rows_use_months_for_a_long_span_with_the_same_cells_as_the_events(db):
    for number in range(30):
        make_event(f"Call {number}", when=f"{1 + number % 28} {['Jan', 'Jun', 'Nov'][number % 3]} {2020 + number % 4}")
    events = Event.objects.order_by("start_date")
    summary = timeline_data.timeline_rows(events, summary_past=5)
    assert {row["unit"] for row in summary.counted} == {"month"}
    assert all(row["start_date"].day == 1 for row in summary.counted)
    detailed = timeline_data.timeline_rows(events)
    short = aggregated_timeline(summary, "kind", 30)
    full = aggregated_timeline(detailed, "kind", 30)
    assert short["data"][0]["z"] == full["data"][0]["z"]
    assert short["data"][0]["x"] == full["data"][0]["x"]


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_summarised_figure_counts_the_same_as_the_detailed_rows(many_events, group):
    detailed = timeline_data.timeline_rows(Event.objects.order_by("start_date"))
    summary = timeline_data.timeline_rows(Event.objects.order_by("start_date"), group_by=group, summary_past=3)
    full = aggregated_timeline(detailed, group, len(detailed))
    short = aggregated_timeline(summary, group, len(summary))
    assert short["data"][0]["z"] == full["data"][0]["z"]


def test_timeline_endpoint_past_the_threshold_is_a_heat_map_in_few_queries(
    client, many_events, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 3)
    with django_assert_max_num_queries(6):
        response = client.get("/charts/timeline.json", {"group": "person"})
    assert response.status_code == 200
    assert response.json()["data"][0]["type"] == "heatmap"


def test_events_on_the_same_day_are_counted_once_each(db):
    for number in range(5):
        make_event(f"Call {number}", when="3 Feb 2026", kind=Event.Kind.PHONE_CALL)
    rows = timeline_data.timeline_rows(Event.objects.order_by("start_date"), summary_past=2, detailed_head=1)
    assert event_total(rows) == 5
    assert rows.counted[0]["weight"] == 4
    figure = aggregated_timeline(rows, "kind", event_total(rows))
    assert sum(map(sum, figure["data"][0]["z"])) == 5


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_timeline_page_past_the_threshold_draws_a_heat_map_for_every_grouping(client, many_events, monkeypatch, group):
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 3)
    monkeypatch.setattr(pages, "FALLBACK_ROWS", 2)
    response = client.get("/", {"group": group, "terms": "1"})
    assert response.status_code == 200
    assert response.context["timeline"]["data"][0]["type"] == "heatmap"
    assert response.context["event_count"] == 8


# Dates spanning up to two years (counted per day), up to forty (per month) and beyond (per year),
# with partial dates, several events on one day and events on the span's first and last days.
SPANS = {
    "day": ["3 Jan 2025", "3 Jan 2025", "3 Jan 2025", "Feb 2025", "28 Feb 2025", "2025", "31 Dec 2026"],
    "month": ["2001", "17 Jan 2001", "Jan 2001", "31 Jan 2001", "30 Jun 2014", "Dec 2030", "1 Dec 2030"],
    "year": ["1950", "31 Dec 1950", "Mar 1977", "1 Jan 2026", "2026", "9 Sep 2026", "2026"],
}


@pytest.mark.parametrize("unit", list(SPANS))
@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_counted_rows_draw_the_heat_map_of_the_detailed_rows(db, group, unit):
    """Whatever the period: several lanes a day, events with no country or participant, partial dates."""
    lee, ishiba, xi = make_person("Lee Jae Myung"), make_person("Shigeru Ishiba"), make_person("Xi Jinping")
    hosts = [Country.objects.get(code=code) for code in ("KR", "JP")] + [None]
    casts = [[lee, ishiba], [], [xi], [lee, ishiba, xi]]
    kinds = [Event.Kind.BILATERAL_SUMMIT, Event.Kind.PHONE_CALL, Event.Kind.STATEMENT]
    for number, when in enumerate(SPANS[unit]):
        make_event(
            when=when,
            participants=casts[number % len(casts)],
            host_country=hosts[number % len(hosts)],
            kind=kinds[number % len(kinds)],
        )
    events = Event.objects.order_by("start_date", "id")
    detailed = timeline_data.timeline_rows(events)
    counted = timeline_data.timeline_rows(events, group_by=group, summary_past=1)
    assert {row["unit"] for row in counted.counted} == {unit}
    assert mark_total(counted, group) == mark_total(detailed, group)
    short = aggregated_timeline(counted, group, mark_total(counted, group))
    full = aggregated_timeline(detailed, group, mark_total(detailed, group))
    assert short["layout"]["meta"]["aggregated"] == unit
    assert short["layout"]["yaxis"]["ticktext"] == full["layout"]["yaxis"]["ticktext"]
    assert short["data"][0]["x"] == full["data"][0]["x"]
    assert short["data"][0]["z"] == full["data"][0]["z"]
    assert short["layout"]["meta"]["events"] == len(SPANS[unit])


def test_counted_rows_are_one_per_lane_and_period_in_period_order(db):
    lee = make_person("Lee Jae Myung")
    for when in ["2 Jan 2026", "9 Jan 2026", "Jan 2026", "3 Mar 2026"]:
        make_event(when=when, participants=[lee])
    make_event(when="5 Jan 2026")
    summary = timeline_data.timeline_rows(Event.objects.order_by("start_date"), group_by="person", summary_past=1)
    rows = [(row["lane"], row["start_date"], row["marks"], row["weight"]) for row in summary.counted]
    # Day precision up to two years: "Jan 2026" counts on its first day, with the events of 1 Jan.
    assert rows == [
        ("Lee Jae Myung", date(2026, 1, 1), 1, 0),
        ("Lee Jae Myung", date(2026, 1, 2), 1, 0),
        (None, date(2026, 1, 5), 1, 0),
        ("Lee Jae Myung", date(2026, 1, 9), 1, 0),
        ("Lee Jae Myung", date(2026, 3, 3), 1, 0),
        (None, date(2026, 1, 1), 0, 5),
    ]


@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_timeline_endpoint_heat_map_counts_events_without_a_country_or_participant(db, client, monkeypatch, group):
    lee = make_person("Lee Jae Myung")
    for day in range(1, 5):
        make_event(f"Statement {day}", when=f"{day} Mar 2026", kind=Event.Kind.STATEMENT)
    make_event("Summit", when="9 Mar 2026", participants=[lee], host_country=Country.objects.get(code="KR"))
    monkeypatch.setattr(timeline, "AGGREGATE_THRESHOLD", 2)
    response = client.get("/charts/timeline.json", {"group": group})
    assert response.status_code == 200
    figure = response.json()
    assert figure["data"][0]["type"] == "heatmap"
    assert figure["layout"]["meta"]["events"] == 5
    cells = [count for lane in figure["data"][0]["z"] for count in lane if count]
    assert sorted(cells) == [1] * 5


@pytest.mark.parametrize(
    "params",
    [{"q": "summit"}, {"country": ["KR"]}, {"person": ["lee"]}, {"kind": ["phone_call"], "start": "2026"}],
)
@pytest.mark.parametrize("group", ["kind", "country", "person"])
def test_counted_rows_of_a_filtered_list_draw_the_heat_map_of_its_detailed_rows(db, params, group):
    """The count runs the filter's own SQL and parameters inside its grouping."""
    lee, ishiba = make_person("Lee Jae Myung", slug="lee"), make_person("Shigeru Ishiba")
    korea = Country.objects.get(code="KR")
    for day in range(1, 7):
        make_event(f"Summit {day}", when=f"{day} Feb 2026", participants=[lee, ishiba][: day % 3], host_country=korea)
        make_event(f"Call {day}", when=f"{day} Mar 2026", participants=[lee], kind=Event.Kind.PHONE_CALL)
    make_event("Old summit", when="2024", participants=[ishiba])
    events = selectors.events_matching(params, AnonymousUser()).events
    detailed = timeline_data.timeline_rows(events)
    counted = timeline_data.timeline_rows(events, group_by=group, summary_past=1)
    assert counted.counted and all("marks" in row for row in counted.counted)
    marks = mark_total(detailed, group)
    short = aggregated_timeline(counted, group, marks)
    full = aggregated_timeline(detailed, group, marks)
    assert short["layout"]["yaxis"]["ticktext"] == full["layout"]["yaxis"]["ticktext"]
    assert short["data"][0]["z"] == full["data"][0]["z"]
    assert short["layout"]["meta"]["events"] == len(detailed) > 1


def test_timeline_rows_are_columns_in_the_events_order_with_names_and_countries(db):
    later = make_reader_event("Nara summit", when="13 Jan 2026", parties=("KR", "JP"), people=("Lee", "Takaichi"))
    earlier = make_reader_event("Phone call", when="Oct 2025", kind=Event.Kind.PHONE_CALL, people=("Ishiba",))
    alone = make_reader_event("Statement", when="2013", kind=Event.Kind.STATEMENT)
    columns = timeline_data.timeline_rows(Event.objects.order_by("start_date", "id"))
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
    monkeypatch.setattr(pages, "FALLBACK_ROWS", 3)
    response = client.get("/")
    assert [row["title"] for row in response.context["timeline_rows"]] == ["Meeting 1", "Meeting 2", "Meeting 3"]
    page = response.content.decode()
    assert "<td>Lee Jae Myung, Shigeru Ishiba</td>" in page and "<td>South Korea</td>" in page
    assert "first 3 of 8" in page
