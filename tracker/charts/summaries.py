"""The home page's summaries beside the timeline: the map of places, events per month by kind (with its
table for readers without the chart) and the matrix of meetings between countries.
"""

from datetime import date
from html import escape

from tracker.charts.places import MAP_HEIGHT_PX, fitted_view, spread
from tracker.charts.style import FONT, KIND_COLOURS, KIND_LABELS, KIND_ORDER


def map_figure(places: list[dict]) -> dict:
    """Event places on a map (scattergeo, drawn from a local topojson file: no tiles), fitted to the
    places (the whole globe when they span it). Markers that would hide each other are set apart
    around their common centre (tracker.charts.places); the hover names the place and its events, and
    each named place carries its name in customdata, which the page turns into a link to its list."""
    biggest = max((place["events"] for place in places), default=1)
    sizes = [8 + 18 * (place["events"] / biggest) ** 0.5 for place in places]
    latitudes = [float(place["latitude"]) for place in places]
    longitudes = [float(place["longitude"]) for place in places]
    view = fitted_view(latitudes, longitudes)
    drawn_lats, drawn_lons, moved = spread(latitudes, longitudes, sizes, view)
    # The biggest first, so a small marker is drawn, and hovered, on top.
    order = sorted(range(len(places)), key=lambda index: -sizes[index])
    trace = {
        "type": "scattergeo",
        "mode": "markers",
        "lat": [drawn_lats[index] for index in order],
        "lon": [drawn_lons[index] for index in order],
        "text": [_place_label(places[index], moved[index]) for index in order],
        "customdata": [places[index]["place_name"] or None for index in order],
        "hoverinfo": "text",
        "marker": {
            "size": [sizes[index] for index in order],
            "color": "#1f5fa8",
            "opacity": 0.75,
            "line": {"color": "#ffffff", "width": 1},
        },
    }
    layout = {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "height": MAP_HEIGHT_PX,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "geo": {
            "projection": {"type": "natural earth"},
            "showcountries": True,
            "countrycolor": "#c9ced8",
            "showland": True,
            "landcolor": "#f3f4f7",
            "coastlinecolor": "#b5bcc9",
            "showframe": False,
            "showocean": True,
            "oceancolor": "#eef4fb",
            "resolution": 110,
            "lonaxis": {"range": list(view[0])},
            "lataxis": {"range": list(view[1])},
        },
        "meta": {"places": len(places), "spread": sum(moved)},
    }
    return {"data": [trace] if places else [], "layout": layout}


def _place_label(place: dict, moved: bool) -> str:
    events = place["events"]
    label = (
        f"<b>{escape(place['place_name'] or 'Unnamed place', quote=False)}</b><br>"
        f"{events} event{'s' if events != 1 else ''}"
    )
    if moved:
        label += "<br><i>set beside nearby places</i>"
    if place["place_name"]:
        label += "<br>Click for the list"
    return label


def whole_number_axis(largest: int) -> dict:
    """An axis of counts that never steps by a fraction: one by one up to a few, then Plotly's own
    steps (1, 2, 5, 10…) written without decimals."""
    if largest <= 6:
        return {"tickmode": "linear", "tick0": 0, "dtick": 1, "tickformat": "d"}
    return {"tickformat": ",d"}


def monthly_figure(counts: list[dict]) -> dict:
    """Stacked bars of events per month, one colour per kind. `counts`: month (date), kind, events."""
    by_kind: dict[str, tuple[list, list]] = {}
    totals: dict[date, int] = {}
    for row in counts:
        totals[row["month"]] = totals.get(row["month"], 0) + row["events"]
        months, values = by_kind.setdefault(row["kind"], ([], []))
        months.append(row["month"].strftime("%Y-%m"))
        values.append(row["events"])
    traces = [
        {
            "type": "bar",
            "name": KIND_LABELS.get(kind, kind),
            "x": months,
            "y": values,
            "marker": {"color": KIND_COLOURS.get(kind, "#444")},
            "hovertemplate": "%{x|%b %Y}: %{y} " + KIND_LABELS.get(kind, kind).lower() + "<extra></extra>",
        }
        for kind, (months, values) in sorted(by_kind.items(), key=lambda item: KIND_ORDER.get(item[0], 99))
    ]
    layout = {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "barmode": "stack",
        "height": 360,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"type": "date", "automargin": True, "gridcolor": "#e6e9ef"},
        "yaxis": {
            "title": {"text": "events"},
            "automargin": True,
            "gridcolor": "#e6e9ef",
            "rangemode": "tozero",
        }
        | whole_number_axis(max(totals.values(), default=0)),
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }
    return {"data": traces, "layout": layout}


def monthly_table(counts: list[dict]) -> list[tuple[str, int, str]]:
    """The monthly chart as table rows for readers without the chart: one row per month with its
    total and its kinds ("Phone call 2, Bilateral summit 1"), so decades of data stay a few hundred
    rows rather than one per month and kind."""
    by_month: dict[date, list[tuple[str, int]]] = {}
    for row in counts:
        by_month.setdefault(row["month"], []).append((row["kind"], row["events"]))
    table = []
    for month in sorted(by_month):
        kinds = sorted(by_month[month], key=lambda item: KIND_ORDER.get(item[0], 99))
        detail = ", ".join(f"{KIND_LABELS.get(kind, kind)} {number}" for kind, number in kinds)
        table.append((month.strftime("%b %Y"), sum(number for _, number in kinds), detail))
    return table


def matrix_figure(
    countries: list[str], matrix: list[list[int]], codes: list[str] | None = None, pair_filter: dict | None = None
) -> dict:
    """A heatmap of meetings between pairs of countries, each count written in its cell.

    The diagonal (a country with itself) counts every meeting of that country, which would outweigh
    every pair: the colour scale stops at the largest pair, and a second trace covers the diagonal in
    grey with that total, so it reads as a row total, not as the strongest pair.
    With `codes`, each cell carries its pair of country codes (one code on the diagonal) and
    layout.meta.pair_filter the other filters of the list a click opens (the meeting kinds and
    statuses the matrix counts: tracker.queries.summaries.meeting_filter)."""
    size = len(countries)
    labels = [escape(name, quote=False) for name in countries]
    pairs = [[value for column, value in enumerate(line) if column != row] for row, line in enumerate(matrix)]
    largest = max((value for line in pairs for value in line), default=0)
    cells = {"x": labels, "y": labels, "xgap": 2, "ygap": 2, "hoverongaps": False}
    if codes is not None:
        cells["customdata"] = [
            [first if first == second else f"{first},{second}" for second in codes] for first in codes
        ]
    trace = cells | {
        "type": "heatmap",
        "z": matrix,
        "zmin": 0,
        "zmax": max(largest, 1),
        "text": [
            ["" if row == column or not value else str(value) for column, value in enumerate(line)]
            for row, line in enumerate(matrix)
        ],
        "texttemplate": "%{text}",
        "colorscale": [[0, "#f5f7fb"], [1, "#1f5fa8"]],
        "colorbar": {"title": {"text": "meetings"}, "thickness": 12} | whole_number_axis(largest),
        "hovertemplate": "%{y} – %{x}: %{z} meeting(s)<extra></extra>",
    }
    diagonal = [
        [value if row == column else None for column, value in enumerate(line)] for row, line in enumerate(matrix)
    ]
    totals = cells | {
        "type": "heatmap",
        "name": "all meetings",
        "z": diagonal,
        "text": [["" if value is None else str(value) for value in line] for line in diagonal],
        "texttemplate": "<i>%{text}</i>",
        "colorscale": [[0, "#e4e6eb"], [1, "#e4e6eb"]],
        "showscale": False,
        "hovertemplate": "%{y}: %{z} meeting(s) in all<extra></extra>",
    }
    height = max(320, 140 + 28 * size)
    layout = {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"automargin": True, "tickangle": -40},
        "yaxis": {"automargin": True, "autorange": "reversed"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "meta": {"pair_filter": pair_filter or {}},
    }
    return {"data": [trace, totals] if countries else [], "layout": layout}
