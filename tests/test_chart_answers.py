"""The summaries' charts, without a browser: markers set apart and fitted, the matrix's counts and
diagonal, whole-number count axes, the place filter behind a marker, the list behind a matrix cell."""

import math
from datetime import date

import pytest

from tests.builders_reader import make_event
from tracker.charts import places, summaries
from tracker.models import Event
from tracker.queries.summaries import meeting_filter

BUSAN = {"place_name": "Busan", "latitude": 35.1796, "longitude": 129.0756, "events": 6}
GYEONGJU = {"place_name": "Gyeongju", "latitude": 35.8562, "longitude": 129.2247, "events": 2}
TOKYO = {"place_name": "Tokyo", "latitude": 35.6762, "longitude": 139.6503, "events": 5}
WASHINGTON = {"place_name": "Washington", "latitude": 38.9072, "longitude": -77.0369, "events": 1}


def drawn_apart(figure: dict) -> bool:
    """No two markers overlap on the narrowest map the spreading is reckoned for."""
    trace = figure["data"][0]
    (west, east), (south, north) = (figure["layout"]["geo"][axis]["range"] for axis in ("lonaxis", "lataxis"))
    scale = min(places.NARROWEST_MAP_PX / (east - west), places.MAP_HEIGHT_PX / (north - south))
    points = [(lon * scale, lat * scale) for lat, lon in zip(trace["lat"], trace["lon"], strict=True)]
    sizes = trace["marker"]["size"]
    return all(
        math.dist(points[a], points[b]) >= (sizes[a] + sizes[b]) / 2
        for a in range(len(points))
        for b in range(a + 1, len(points))
    )


@pytest.mark.parametrize("group", [[BUSAN, GYEONGJU], [BUSAN, GYEONGJU, TOKYO], [BUSAN, GYEONGJU, WASHINGTON]])
def test_map_sets_neighbouring_markers_apart(group):
    figure = summaries.map_figure(group)
    assert drawn_apart(figure)
    assert figure["layout"]["meta"]["spread"] >= 2


def test_many_places_in_one_city_are_set_apart_too():
    crowd = [
        {"place_name": f"Hall {number}", "latitude": 37.56 + number * 0.001, "longitude": 126.97, "events": 1 + number}
        for number in range(30)
    ]
    assert drawn_apart(summaries.map_figure(crowd))


def test_map_fits_its_view_to_the_places_and_shows_the_whole_globe_when_they_span_it():
    near = summaries.map_figure([BUSAN, TOKYO])["layout"]["geo"]
    west, east = near["lonaxis"]["range"]
    south, north = near["lataxis"]["range"]
    assert 120 < west < 129 and 139.7 < east < 150 and south < 35 < 35.7 < north
    world = summaries.map_figure([BUSAN, WASHINGTON])["layout"]["geo"]
    assert world["lonaxis"]["range"] == [-180, 180] and world["lataxis"]["range"] == [-90, 90]


def test_map_markers_carry_their_place_for_the_list_and_small_ones_are_drawn_last():
    trace = summaries.map_figure([GYEONGJU, BUSAN, {**TOKYO, "place_name": ""}])["data"][0]
    assert trace["customdata"] == ["Busan", None, "Gyeongju"]
    assert trace["marker"]["size"] == sorted(trace["marker"]["size"], reverse=True)


def test_matrix_writes_its_counts_and_greys_out_the_diagonal():
    figure = summaries.matrix_figure(["Japan", "South Korea"], [[5, 4], [4, 6]], ["JP", "KR"], {"kind": ["x"]})
    pairs, totals = figure["data"]
    assert pairs["text"] == [["", "4"], ["4", ""]]
    # The colours stop at the largest pair, so a country's total does not wash them out.
    assert pairs["zmax"] == 4
    assert totals["z"] == [[5, None], [None, 6]] and totals["showscale"] is False
    assert pairs["customdata"] == [["JP", "JP,KR"], ["KR,JP", "KR"]]
    assert figure["layout"]["meta"]["pair_filter"] == {"kind": ["x"]}


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (1, 1), (3, 1), (6, 1)])
def test_small_counts_step_by_one(largest, step):
    assert summaries.whole_number_axis(largest)["dtick"] == step


def test_monthly_chart_never_steps_by_half_an_event():
    figure = summaries.monthly_figure([{"month": date(2025, 6, 1), "kind": "bilateral_summit", "events": 2}])
    assert figure["layout"]["yaxis"]["dtick"] == 1
    many = summaries.monthly_figure([{"month": date(2025, 6, 1), "kind": "bilateral_summit", "events": 40}])
    assert many["layout"]["yaxis"]["tickformat"] == ",d"


def test_matrix_cells_list_only_the_kinds_and_statuses_it_counts():
    assert meeting_filter({}) == {
        "kind": [str(kind) for kind in Event.MEETING_KINDS],
        "status": ["held", "announced"],
    }
    chosen = meeting_filter({"kind": ["state_visit", "phone_call"], "status": ["held", "cancelled"]})
    assert chosen == {"kind": ["state_visit"], "status": ["held"]}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Gyeongju", "gyeongju"])
def test_place_filter_lists_the_events_at_that_place(client, typed):
    make_event("APEC in Gyeongju", place=("Gyeongju", 35.86, 129.22))
    make_event("Summit in Busan", place=("Busan", 35.18, 129.08))
    make_event("Draft in Gyeongju", place=("Gyeongju", 35.86, 129.22), published=False)
    response = client.get("/events/", {"place": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert "APEC in Gyeongju" in body and "Summit in Busan" not in body and "Draft in Gyeongju" not in body
    # The same filter feeds the exports.
    exported = b"".join(client.get("/events/export.csv", {"place": typed}).streaming_content).decode()
    assert "APEC in Gyeongju" in exported and "Summit in Busan" not in exported


@pytest.mark.django_db
def test_events_page_has_no_timeline_lanes_select(client):
    body = client.get("/events/").content.decode()
    assert 'name="group"' not in body
    assert 'name="group"' in client.get("/").content.decode()
