"""The figure builders are pure: rows in, a Plotly figure dict out. No database, no browser."""

from datetime import date, datetime
from itertools import count

import orjson
import pytest

from tests.figures import as_columns, day, hover, hovers, lanes, mark_traces, moment, values
from tracker.charts import style, summaries, timeline, traces
from tracker.charts.marks import event_pk, mark_key
from tracker.charts.swimlanes import MAX_LANES
from tracker.domain.dates import format_period

_PKS = count(1)


def row(slug, *, title=None, kind="bilateral_summit", start, end=None, precision="day", people=(), countries=()):
    return {
        "pk": next(_PKS),
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


def timeline_figure(rows, *args, **kwargs):
    """timeline.timeline_figure over events written as one dict each."""
    return timeline.timeline_figure(as_columns(rows), *args, **kwargs)


def marks(figure, rows):
    """(slug, first day, lane label) for every clickable mark in the figure; customdata is the mark key."""
    ticktext = figure["layout"]["yaxis"]["ticktext"]
    slugs = {row["pk"]: row["slug"] for row in rows}
    found = []
    for trace in mark_traces(figure):
        keys, xs = values(trace["customdata"]), values(trace["x"])
        found += [
            (slugs[event_pk(key)], day(x), ticktext[round(y)]) for key, x, y in zip(keys, xs, lanes(trace), strict=True)
        ]
    return found


def bars(figure, suffix):
    """(first day, day after the last, lane) of each bar of the traces named "… (suffix)"."""
    found = []
    for trace in figure["data"]:
        if trace["name"].endswith(f"({suffix})"):
            assert trace["type"] == "bar" and trace["hoverinfo"] == "skip"
            starts, lengths = values(trace["base"]), values(trace["x"])
            found += [
                (day(start), day(start + length), round(y))
                for start, length, y in zip(starts, lengths, lanes(trace), strict=True)
            ]
    return found


def test_timeline_has_one_mark_per_event_when_grouped_by_kind():
    rows = [
        row("a", start=date(2025, 1, 1)),
        row("b", kind="phone_call", start=date(2025, 2, 1)),
        row("c", start=date(2025, 3, 1), end=date(2025, 3, 3)),
    ]
    figure = timeline_figure(rows, "kind")
    assert sorted(marks(figure, rows)) == [
        ("a", date(2025, 1, 1), "Bilateral summit"),
        ("b", date(2025, 2, 1), "Phone call"),
        ("c", date(2025, 3, 1), "Bilateral summit"),
    ]
    assert figure["layout"]["yaxis"]["ticktext"] == ["Bilateral summit", "Phone call"]
    assert figure["layout"]["meta"]["events"] == 3


def test_multi_day_events_get_a_bar_over_all_their_days():
    figure = timeline_figure([row("nara", start=date(2026, 1, 13), end=date(2026, 1, 14))], "kind")
    # The bar ends after the last day, so a two-day event covers two whole days.
    assert bars(figure, "duration") == [(date(2026, 1, 13), date(2026, 1, 15), 0)]
    assert figure["layout"]["barmode"] == "overlay"


def test_one_day_events_get_no_bar():
    figure = timeline_figure([row("call", start=date(2025, 5, 5))], "kind")
    assert [(trace["type"], trace["mode"]) for trace in figure["data"]] == [("scatter", "markers")]


def test_bars_of_one_lane_stay_on_it_when_grouped_by_kind():
    rows = [row(f"e{i}", kind="phone_call", start=date(2025, 1, 1 + i), end=date(2025, 1, 3 + i)) for i in range(9)]
    rows.append(row("summit", start=date(2025, 2, 1)))
    figure = timeline_figure(rows, "kind")
    assert {lane for _, _, lane in bars(figure, "duration")} == {1}
    for trace in figure["data"]:
        # Plotly reads dy=0 as a step of 1: the step has to be tiny, not zero.
        assert 0 < trace["dy"] * 20_000 < 0.001
        assert {round(y) for y in lanes(trace)} == {trace["y0"]}


def test_month_precision_is_drawn_as_a_light_span_over_the_month_with_a_hollow_mark():
    figure = timeline_figure(
        [row("nhk", kind="interview", start=date(2026, 1, 1), end=date(2026, 1, 31), precision="month")], "kind"
    )
    assert bars(figure, "approximate date") == [(date(2026, 1, 1), date(2026, 2, 1), 0)]
    span = next(trace for trace in figure["data"] if trace["type"] == "bar")
    assert span["opacity"] < 0.5
    mark = marks_trace(figure)
    assert mark["marker"]["symbol"] == "circle-open"
    # The middle of the 31 days.
    assert [moment(x) for x in values(mark["x"])] == [datetime(2026, 1, 16, 12, tzinfo=moment(0).tzinfo)]
    assert hover(mark, 0) == "<b>nhk</b><br>Jan 2026"


def test_year_precision_spans_the_whole_year():
    figure = timeline_figure(
        [row("ban", kind="sanction", start=date(2013, 1, 1), end=date(2013, 12, 31), precision="year")], "kind"
    )
    assert bars(figure, "approximate date") == [(date(2013, 1, 1), date(2014, 1, 1), 0)]
    assert hover(marks_trace(figure), 0) == "<b>ban</b><br>2013"


def test_hover_shows_title_dates_and_participants():
    figure = timeline_figure(
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
    assert hover(marks_trace(figure), 0) == "<b>Summit in Nara</b><br>13–14 Jan 2026<br>Lee, Takaichi"


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (date(2026, 1, 5), None, "day", "5 Jan 2026"),
        (date(2026, 1, 30), date(2026, 2, 2), "day", "30 Jan – 2 Feb 2026"),
        (date(2025, 12, 30), date(2026, 1, 2), "day", "30 Dec 2025 – 2 Jan 2026"),
        (date(2025, 2, 1), date(2025, 2, 28), "month", "Feb 2025"),
        (date(2025, 10, 1), date(2026, 1, 31), "month", "Oct 2025 – Jan 2026"),
        (date(2025, 3, 1), date(2025, 5, 31), "month", "Mar–May 2025"),
        (date(2024, 1, 1), date(2024, 12, 31), "year", "2024"),
        (date(2022, 1, 1), date(2023, 12, 31), "year", "2022–2023"),
    ],
)
def test_hover_shows_each_period_as_the_event_page_does(start, end, precision, shown):
    assert format_period(start, end or start, precision) == shown
    with_people = row("a", title="Talks", start=start, end=end, precision=precision, people=["Lee", "Ishiba"])
    without = row("b", title="Call", kind="phone_call", start=start, end=end, precision=precision)
    figure = timeline_figure([with_people, without])
    assert hovers(figure) == {
        with_people["pk"]: f"<b>Talks</b><br>{shown}<br>Lee, Ishiba",
        without["pk"]: f"<b>Call</b><br>{shown}",
    }


def test_only_periods_plotly_cannot_format_from_x_travel_as_text():
    rows = [row(f"d{i}", start=date(2025, 1, 1 + i), people=["Lee"]) for i in range(20)]
    rows.append(row("two", start=date(2025, 3, 1), end=date(2025, 3, 2), people=["Lee"]))
    hover_texts = [text for trace in mark_traces(timeline_figure(rows)) for text in trace["hovertext"]]
    assert sorted(hover_texts) == ["1–2 Mar 2025<br>Lee"] + ["Lee"] * 20


def marks_trace(figure):
    return next(trace for trace in figure["data"] if trace.get("meta") == "marks")


def test_user_text_is_html_escaped_in_hover_and_lane_labels():
    attack = "<img src=x onerror=alert(1)>"
    figure = timeline_figure([row("x", title=attack, start=date(2025, 1, 1), people=[attack])], "person")
    text = hover(marks_trace(figure), 0)
    assert "<img" not in text
    assert text == "<b>&lt;img src=x onerror=alert(1)&gt;</b><br>1 Jan 2025<br>&lt;img src=x onerror=alert(1)&gt;"
    assert figure["layout"]["yaxis"]["ticktext"] == ["&lt;img src=x onerror=alert(1)&gt;"]


def test_grouping_by_country_puts_an_event_in_each_of_its_countries_lanes():
    rows = [
        row("nara", start=date(2026, 1, 13), countries=["Japan", "South Korea"]),
        row("beijing", start=date(2026, 1, 4), countries=["China", "South Korea"]),
    ]
    found = marks(timeline_figure(rows, "country"), rows)
    assert sorted((slug, lane) for slug, _, lane in found) == [
        ("beijing", "China"),
        ("beijing", "South Korea"),
        ("nara", "Japan"),
        ("nara", "South Korea"),
    ]
    # The busiest lane comes first.
    assert timeline_figure(rows, "country")["layout"]["yaxis"]["ticktext"][0] == "South Korea"


def test_events_without_people_get_their_own_lane_when_grouped_by_person():
    figure = timeline_figure([row("ban", start=date(2013, 1, 1))], "person")
    assert figure["layout"]["yaxis"]["ticktext"] == ["No participant named"]


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        timeline_figure([], "planet")


def test_colour_is_by_kind_with_one_legend_entry_per_kind():
    rows = [row("a", start=date(2025, 1, 1)), row("b", kind="phone_call", start=date(2025, 1, 2))]
    figure = timeline_figure(rows, "person")
    legend = {trace["name"]: trace["marker"]["color"] for trace in figure["data"] if trace.get("showlegend", True)}
    assert legend == {
        "Bilateral summit": style.KIND_COLOURS["bilateral_summit"],
        "Phone call": style.KIND_COLOURS["phone_call"],
    }


def test_small_timelines_use_svg_with_a_range_slider_and_large_ones_webgl_with_a_note():
    small = timeline_figure([row("a", start=date(2025, 1, 1))])
    assert {trace["type"] for trace in small["data"]} == {"scatter"}
    assert small["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert small["layout"]["meta"]["notes"] == []

    many = [
        row(f"e{i}", start=date(2025, 1, 1 + i % 28), end=date(2025, 2, 1)) for i in range(timeline.GL_THRESHOLD + 1)
    ]
    large = timeline_figure(many)
    assert {trace["type"] for trace in mark_traces(large)} == {"scattergl"}
    # Period bars stay SVG under the WebGL marks.
    assert {trace["type"] for trace in large["data"]} == {"scattergl", "bar"}
    assert large["layout"]["meta"]["webgl"] is True
    assert "WebGL" in large["layout"]["meta"]["notes"][0]


def test_lanes_past_the_limit_are_folded_into_other_with_a_note():
    rows = [row(f"e{i}", start=date(2025, 1, 1), people=[f"Person {i:03d}"]) for i in range(MAX_LANES + 5)]
    figure = timeline_figure(rows, "person")
    ticktext = figure["layout"]["yaxis"]["ticktext"]
    assert len(ticktext) == MAX_LANES
    assert ticktext[-1] == "Other (6 more)"
    assert len(marks(figure, rows)) == len(rows)
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
    figure = timeline_figure(rows, "person", terms=terms, today=date(2026, 2, 1))
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
    assert timeline_figure(rows, "kind", terms=terms)["layout"]["shapes"] == []


def test_figure_serialises_with_numbers_as_typed_arrays():
    event = row("a", start=date(2025, 6, 17))
    payload = orjson.loads(style.to_json(timeline_figure([event])))
    trace = marks_trace(payload)
    assert trace["x"]["dtype"] == "f8" and [day(x) for x in values(trace["x"])] == [date(2025, 6, 17)]
    assert trace["customdata"]["dtype"] == "u4" and values(trace["customdata"]) == [mark_key(event["pk"])]


def test_typed_arrays_hold_numbers_exactly_and_widen_when_they_must():
    assert values(traces.typed_array([-3, 0, 2**31 - 1], "i4")) == [-3, 0, 2**31 - 1]
    # 2**31 does not fit four bytes: it goes as float64, still exact.
    wide = traces.typed_array([2**31, 5], "i4")
    assert wide["dtype"] == "f8" and values(wide) == [2**31, 5]
    assert values(traces.typed_array([1.5e12, -2.5], "f8")) == [1.5e12, -2.5]


def test_a_mark_costs_little_more_than_its_title_and_names():
    rows = [
        row(
            f"event-{i}",
            title=f"Meeting number {i:05d} of two leaders",
            start=date(2025, 1, 1 + i % 28),
            people=["Lee Jae-myung", "Sanae Takaichi"],
        )
        for i in range(2000)
    ]
    size = len(style.to_json(timeline_figure(rows)))
    text = sum(len(r["title"]) + len(", ".join(r["people"])) for r in rows)
    # Title and names as sent; per mark 6 quotes and commas, 10.7 bytes of date, 5.3 of key, no y.
    assert size < text + 25 * len(rows)


def test_map_sizes_markers_by_event_count_and_escapes_place_names():
    figure = summaries.map_figure(
        [
            {"place_name": "Nara", "latitude": 34.6851, "longitude": 135.8048, "events": 4},
            {"place_name": "<b>Tokyo</b>", "latitude": 35.6762, "longitude": 139.6503, "events": 1},
        ]
    )
    trace = figure["data"][0]
    assert trace["type"] == "scattergeo"
    assert trace["marker"]["size"][0] > trace["marker"]["size"][1]
    assert "&lt;b&gt;Tokyo&lt;/b&gt;" in trace["text"][1]
    assert summaries.map_figure([])["data"] == []


def test_monthly_chart_stacks_one_bar_trace_per_kind():
    figure = summaries.monthly_figure(
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
    figure = summaries.matrix_figure(["Japan", "South Korea"], [[5, 4], [4, 6]])
    assert figure["data"][0]["type"] == "heatmap"
    assert figure["data"][0]["z"] == [[5, 4], [4, 6]]
    assert summaries.matrix_figure([], [])["data"] == []


def test_initial_view_skips_early_outliers_but_the_slider_keeps_the_whole_span():
    rows = [row("ban", kind="sanction", start=date(2013, 1, 1), end=date(2013, 12, 31), precision="year")]
    rows += [row(f"m{i}", start=date(2025, 1 + i, 10)) for i in range(10)]
    figure = timeline_figure(rows)
    xaxis = figure["layout"]["xaxis"]
    assert date(2024, 12, 1) < xaxis["range"][0] < date(2025, 2, 10)
    assert xaxis["rangeslider"]["range"][0] < date(2013, 1, 1)
    assert any("Zoomed" in note for note in figure["layout"]["meta"]["notes"])


def test_view_covers_all_events_when_they_are_close_together():
    rows = [row(f"m{i}", start=date(2025, 1 + i, 10)) for i in range(10)]
    xaxis = timeline_figure(rows)["layout"]["xaxis"]
    assert xaxis["range"][0] < date(2025, 1, 10) and xaxis["range"][1] > date(2025, 10, 10)
    assert xaxis["range"] == xaxis["rangeslider"]["range"]


def test_past_the_aggregation_threshold_the_timeline_counts_events_per_lane_and_period():
    rows = [
        row(f"e{i}", kind="phone_call" if i % 4 else "bilateral_summit", start=date(2020 + i % 5, 1 + i % 12, 1))
        for i in range(timeline.AGGREGATE_THRESHOLD + 1)
    ]
    figure = timeline_figure(rows, "kind")
    (trace,) = figure["data"]
    assert trace["type"] == "heatmap"
    assert figure["layout"]["meta"]["aggregated"] == "month"
    assert figure["layout"]["yaxis"]["ticktext"] == ["Bilateral summit", "Phone call"]
    assert sum(map(sum, trace["z"])) == len(rows)
    assert trace["x"][0] == date(2020, 1, 1) and len(trace["x"]) == len(trace["z"][0]) == 60
    assert "too many to draw one by one" in figure["layout"]["meta"]["notes"][0]
    # A few thousand numbers instead of one mark per event.
    assert len(style.to_json(figure)) < 20_000


def test_aggregated_timeline_uses_days_for_a_short_window_and_counts_each_lane_of_an_event():
    rows = [
        row(f"e{i}", start=date(2025, 1, 1 + i % 28), countries=["Japan", "South Korea"])
        for i in range(timeline.AGGREGATE_THRESHOLD)
    ]
    figure = timeline_figure(rows, "country")
    trace = figure["data"][0]
    assert figure["layout"]["meta"]["aggregated"] == "day"
    assert figure["layout"]["meta"]["marks"] == 2 * len(rows)
    assert [sum(lane) for lane in trace["z"]] == [len(rows), len(rows)]
