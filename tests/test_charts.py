"""The figure builders are pure: rows in, a Plotly figure dict out. No database, no browser."""

from datetime import date

import orjson
import pytest

from tracker import charts


def row(slug, *, title=None, kind="bilateral_summit", start, end=None, precision="day", people=(), countries=()):
    return {
        "slug": slug,
        "title": title or slug.replace("-", " "),
        "kind": kind,
        "start_date": start,
        "end_date": end or start,
        "date_precision": precision,
        "people": list(people),
        "countries": list(countries),
        "country_codes": [],
    }


def marks(figure):
    """(slug, x, lane label) for every clickable mark in the figure."""
    ticktext = figure["layout"]["yaxis"]["ticktext"]
    found = []
    for trace in figure["data"]:
        if trace.get("meta") == "marks":
            found += [
                (slug, x, ticktext[y]) for slug, x, y in zip(trace["customdata"], trace["x"], trace["y"], strict=True)
            ]
    return found


def test_timeline_has_one_mark_per_event_when_grouped_by_kind():
    rows = [
        row("a", start=date(2025, 1, 1)),
        row("b", kind="phone_call", start=date(2025, 2, 1)),
        row("c", start=date(2025, 3, 1), end=date(2025, 3, 3)),
    ]
    figure = charts.timeline_figure(rows, "kind")
    assert sorted(slug for slug, _, _ in marks(figure)) == ["a", "b", "c"]
    assert figure["layout"]["yaxis"]["ticktext"] == ["Bilateral summit", "Phone call"]
    assert figure["layout"]["meta"]["events"] == 3


def test_multi_day_events_get_a_bar_over_all_their_days():
    figure = charts.timeline_figure([row("nara", start=date(2026, 1, 13), end=date(2026, 1, 14))], "kind")
    bars = [trace for trace in figure["data"] if trace["name"].endswith("(duration)")]
    assert len(bars) == 1
    # The bar ends after the last day, so a two-day event covers two whole days.
    assert bars[0]["x"] == [date(2026, 1, 13), date(2026, 1, 15), None]
    assert bars[0]["hoverinfo"] == "skip"


def test_one_day_events_get_no_bar():
    figure = charts.timeline_figure([row("call", start=date(2025, 5, 5))], "kind")
    assert [trace["mode"] for trace in figure["data"]] == ["markers"]


def test_month_precision_is_drawn_as_a_light_span_over_the_month_with_a_hollow_mark():
    figure = charts.timeline_figure(
        [row("nhk", kind="interview", start=date(2026, 1, 1), end=date(2026, 1, 31), precision="month")], "kind"
    )
    span = next(trace for trace in figure["data"] if trace["mode"] == "lines")
    mark = next(trace for trace in figure["data"] if trace.get("meta") == "marks")
    assert span["x"] == [date(2026, 1, 1), date(2026, 2, 1), None]
    assert span["opacity"] < 0.5
    assert mark["marker"]["symbol"] == "circle-open"
    assert mark["x"] == [date(2026, 1, 16)]
    assert "Jan 2026" in mark["text"][0]


def test_year_precision_spans_the_whole_year():
    figure = charts.timeline_figure(
        [row("ban", kind="sanction", start=date(2013, 1, 1), end=date(2013, 12, 31), precision="year")], "kind"
    )
    span = next(trace for trace in figure["data"] if trace["mode"] == "lines")
    assert span["x"] == [date(2013, 1, 1), date(2014, 1, 1), None]
    assert "2013" in next(t for t in figure["data"] if t.get("meta") == "marks")["text"][0]


def test_hover_shows_title_dates_and_participants():
    figure = charts.timeline_figure(
        [
            row(
                "nara",
                title="Summit in Nara",
                start=date(2026, 1, 13),
                end=date(2026, 1, 14),
                people=["Lee", "Takaichi"],
            )
        ]
    )
    text = marks_trace(figure)["text"][0]
    assert text == "<b>Summit in Nara</b><br>13–14 Jan 2026<br>Lee, Takaichi"


def marks_trace(figure):
    return next(trace for trace in figure["data"] if trace.get("meta") == "marks")


def test_user_text_is_html_escaped_in_hover_and_lane_labels():
    attack = "<img src=x onerror=alert(1)>"
    figure = charts.timeline_figure([row("x", title=attack, start=date(2025, 1, 1), people=[attack])], "person")
    text = marks_trace(figure)["text"][0]
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert figure["layout"]["yaxis"]["ticktext"] == ["&lt;img src=x onerror=alert(1)&gt;"]


def test_grouping_by_country_puts_an_event_in_each_of_its_countries_lanes():
    rows = [
        row("nara", start=date(2026, 1, 13), countries=["Japan", "South Korea"]),
        row("beijing", start=date(2026, 1, 4), countries=["China", "South Korea"]),
    ]
    found = marks(charts.timeline_figure(rows, "country"))
    assert sorted((slug, lane) for slug, _, lane in found) == [
        ("beijing", "China"),
        ("beijing", "South Korea"),
        ("nara", "Japan"),
        ("nara", "South Korea"),
    ]
    # The busiest lane comes first.
    assert charts.timeline_figure(rows, "country")["layout"]["yaxis"]["ticktext"][0] == "South Korea"


def test_events_without_people_get_their_own_lane_when_grouped_by_person():
    figure = charts.timeline_figure([row("ban", start=date(2013, 1, 1))], "person")
    assert figure["layout"]["yaxis"]["ticktext"] == ["No participant named"]


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        charts.timeline_figure([], "planet")


def test_colour_is_by_kind_with_one_legend_entry_per_kind():
    rows = [row("a", start=date(2025, 1, 1)), row("b", kind="phone_call", start=date(2025, 1, 2))]
    figure = charts.timeline_figure(rows, "person")
    legend = {trace["name"]: trace["marker"]["color"] for trace in figure["data"] if trace.get("showlegend", True)}
    assert legend == {
        "Bilateral summit": charts.KIND_COLOURS["bilateral_summit"],
        "Phone call": charts.KIND_COLOURS["phone_call"],
    }


def test_small_timelines_use_svg_with_a_range_slider_and_large_ones_webgl_with_a_note():
    small = charts.timeline_figure([row("a", start=date(2025, 1, 1))])
    assert {trace["type"] for trace in small["data"]} == {"scatter"}
    assert small["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert small["layout"]["meta"]["notes"] == []

    many = [row(f"e{i}", start=date(2025, 1, 1 + i % 28), end=date(2025, 2, 1)) for i in range(charts.GL_THRESHOLD + 1)]
    large = charts.timeline_figure(many)
    assert {trace["type"] for trace in large["data"]} == {"scattergl"}
    assert large["layout"]["meta"]["webgl"] is True
    assert "WebGL" in large["layout"]["meta"]["notes"][0]


def test_lanes_past_the_limit_are_folded_into_other_with_a_note():
    rows = [row(f"e{i}", start=date(2025, 1, 1), people=[f"Person {i:03d}"]) for i in range(charts.MAX_LANES + 5)]
    figure = charts.timeline_figure(rows, "person")
    ticktext = figure["layout"]["yaxis"]["ticktext"]
    assert len(ticktext) == charts.MAX_LANES
    assert ticktext[-1] == "Other (6 more)"
    assert len(marks(figure)) == len(rows)
    assert any("folded" in note for note in figure["layout"]["meta"]["notes"])


def test_terms_of_office_are_bands_behind_the_lanes_of_their_holders():
    rows = [
        row("busan", start=date(2025, 9, 30), people=["Shigeru Ishiba"]),
        row("nara", start=date(2026, 1, 13), people=["Sanae Takaichi"]),
    ]
    terms = [
        {
            "person": "Shigeru Ishiba",
            "office": "Prime Minister of Japan",
            "office_slug": "pm-jp",
            "start_date": date(2024, 10, 1),
            "end_date": date(2025, 10, 21),
        },
        {
            "person": "Sanae Takaichi",
            "office": "Prime Minister of Japan",
            "office_slug": "pm-jp",
            "start_date": date(2025, 10, 21),
            "end_date": None,
        },
        {"person": "Nobody Here", "office": "X", "office_slug": "x", "start_date": date(2020, 1, 1), "end_date": None},
    ]
    figure = charts.timeline_figure(rows, "person", terms=terms, today=date(2026, 2, 1))
    shapes = figure["layout"]["shapes"]
    assert [(shape["x0"], shape["x1"]) for shape in shapes] == [
        (date(2024, 10, 1), date(2025, 10, 21)),
        (date(2025, 10, 21), date(2026, 2, 1)),
    ]
    lanes = figure["layout"]["yaxis"]["ticktext"]
    assert [round(shape["y0"] + 0.42) for shape in shapes] == [
        lanes.index("Shigeru Ishiba"),
        lanes.index("Sanae Takaichi"),
    ]
    assert shapes[0]["fillcolor"] == shapes[1]["fillcolor"]  # one office, one colour
    assert shapes[0]["label"]["text"] == "Prime Minister of Japan"
    # Bands belong to person lanes only.
    assert charts.timeline_figure(rows, "kind", terms=terms)["layout"]["shapes"] == []


def test_figure_serialises_with_dates_as_iso_strings():
    payload = orjson.loads(charts.to_json(charts.timeline_figure([row("a", start=date(2025, 6, 17))])))
    assert marks_trace(payload)["x"] == ["2025-06-17"]


def test_map_sizes_markers_by_event_count_and_escapes_place_names():
    figure = charts.map_figure(
        [
            {"place_name": "Nara", "latitude": 34.6851, "longitude": 135.8048, "events": 4},
            {"place_name": "<b>Tokyo</b>", "latitude": 35.6762, "longitude": 139.6503, "events": 1},
        ]
    )
    trace = figure["data"][0]
    assert trace["type"] == "scattergeo"
    assert trace["marker"]["size"][0] > trace["marker"]["size"][1]
    assert "&lt;b&gt;Tokyo&lt;/b&gt;" in trace["text"][1]
    assert charts.map_figure([])["data"] == []


def test_monthly_chart_stacks_one_bar_trace_per_kind():
    figure = charts.monthly_figure(
        [
            {"month": date(2025, 6, 1), "kind": "bilateral_summit", "events": 2},
            {"month": date(2025, 6, 1), "kind": "phone_call", "events": 1},
            {"month": date(2025, 8, 1), "kind": "bilateral_summit", "events": 1},
        ]
    )
    assert figure["layout"]["barmode"] == "stack"
    assert [(trace["name"], trace["x"], trace["y"]) for trace in figure["data"]] == [
        ("Bilateral summit", ["2025-06", "2025-08"], [2, 1]),
        ("Phone call", ["2025-06"], [1]),
    ]


def test_matrix_is_a_heatmap_of_the_given_counts():
    figure = charts.matrix_figure(["Japan", "South Korea"], [[5, 4], [4, 6]])
    assert figure["data"][0]["type"] == "heatmap"
    assert figure["data"][0]["z"] == [[5, 4], [4, 6]]
    assert charts.matrix_figure([], [])["data"] == []


def test_initial_view_skips_early_outliers_but_the_slider_keeps_the_whole_span():
    rows = [row("ban", kind="sanction", start=date(2013, 1, 1), end=date(2013, 12, 31), precision="year")]
    rows += [row(f"m{i}", start=date(2025, 1 + i, 10)) for i in range(10)]
    figure = charts.timeline_figure(rows)
    xaxis = figure["layout"]["xaxis"]
    assert date(2024, 12, 1) < xaxis["range"][0] < date(2025, 2, 10)
    assert xaxis["rangeslider"]["range"][0] < date(2013, 1, 1)
    assert any("Zoomed" in note for note in figure["layout"]["meta"]["notes"])


def test_view_covers_all_events_when_they_are_close_together():
    rows = [row(f"m{i}", start=date(2025, 1 + i, 10)) for i in range(10)]
    xaxis = charts.timeline_figure(rows)["layout"]["xaxis"]
    assert xaxis["range"][0] < date(2025, 1, 10) and xaxis["range"][1] > date(2025, 10, 10)
    assert xaxis["range"] == xaxis["rangeslider"]["range"]


def test_past_the_aggregation_threshold_the_timeline_counts_events_per_lane_and_period():
    rows = [
        row(f"e{i}", kind="phone_call" if i % 4 else "bilateral_summit", start=date(2020 + i % 5, 1 + i % 12, 1))
        for i in range(charts.AGGREGATE_THRESHOLD + 1)
    ]
    figure = charts.timeline_figure(rows, "kind")
    (trace,) = figure["data"]
    assert trace["type"] == "heatmap"
    assert figure["layout"]["meta"]["aggregated"] == "month"
    assert figure["layout"]["yaxis"]["ticktext"] == ["Bilateral summit", "Phone call"]
    assert sum(map(sum, trace["z"])) == len(rows)
    assert trace["x"][0] == date(2020, 1, 1) and len(trace["x"]) == len(trace["z"][0]) == 60
    assert "too many to draw one by one" in figure["layout"]["meta"]["notes"][0]
    # A few thousand numbers instead of one mark per event.
    assert len(charts.to_json(figure)) < 20_000


def test_aggregated_timeline_uses_days_for_a_short_window_and_counts_each_lane_of_an_event():
    rows = [
        row(f"e{i}", start=date(2025, 1, 1 + i % 28), countries=["Japan", "South Korea"])
        for i in range(charts.AGGREGATE_THRESHOLD)
    ]
    figure = charts.timeline_figure(rows, "country")
    trace = figure["data"][0]
    assert figure["layout"]["meta"]["aggregated"] == "day"
    assert figure["layout"]["meta"]["marks"] == 2 * len(rows)
    assert [sum(lane) for lane in trace["z"]] == [len(rows), len(rows)]
