"""The home page's summaries beside the timeline: the map of places, events per month by kind (with its
table for readers without the chart) and the matrix of meetings between countries.
"""

from datetime import date
from html import escape

from tracker.charts.style import FONT, KIND_COLOURS, KIND_LABELS, KIND_ORDER


def map_figure(places: list[dict]) -> dict:
    """Event places on a world map (scattergeo, drawn from a local topojson file: no tiles)."""
    biggest = max((place["events"] for place in places), default=1)
    sizes = [8 + 26 * (place["events"] / biggest) ** 0.5 for place in places]
    trace = {
        "type": "scattergeo",
        "mode": "markers",
        "lat": [float(place["latitude"]) for place in places],
        "lon": [float(place["longitude"]) for place in places],
        "text": [
            f"<b>{escape(place['place_name'] or 'Unnamed place', quote=False)}</b><br>"
            f"{place['events']} event{'s' if place['events'] != 1 else ''}"
            for place in places
        ],
        "hoverinfo": "text",
        "marker": {"size": sizes, "color": "#1f5fa8", "opacity": 0.7, "line": {"color": "#ffffff", "width": 1}},
    }
    layout = {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "height": 420,
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
            # The whole world, not a crop around the markers, so distances read true.
            "fitbounds": False,
            "lonaxis": {"range": [-180, 180]},
            "lataxis": {"range": [-58, 84]},
        },
        "meta": {"places": len(places)},
    }
    return {"data": [trace] if places else [], "layout": layout}


def monthly_figure(counts: list[dict]) -> dict:
    """Stacked bars of events per month, one colour per kind. `counts`: month (date), kind, events."""
    by_kind: dict[str, tuple[list, list]] = {}
    for row in counts:
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
        "yaxis": {"title": {"text": "events"}, "automargin": True, "gridcolor": "#e6e9ef", "rangemode": "tozero"},
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


def matrix_figure(countries: list[str], matrix: list[list[int]]) -> dict:
    """A heatmap of meetings between pairs of countries; the diagonal is each country's total."""
    labels = [escape(name, quote=False) for name in countries]
    trace = {
        "type": "heatmap",
        "x": labels,
        "y": labels,
        "z": matrix,
        "colorscale": [[0, "#f5f7fb"], [1, "#1f5fa8"]],
        "hovertemplate": "%{y} – %{x}: %{z} meeting(s)<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    size = max(320, 140 + 28 * len(countries))
    layout = {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "height": size,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"automargin": True, "tickangle": -40},
        "yaxis": {"automargin": True, "autorange": "reversed"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }
    return {"data": [trace] if countries else [], "layout": layout}
