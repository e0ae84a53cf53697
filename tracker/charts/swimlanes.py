"""The lanes shared by the timeline and its heat map: which lanes, in what order (the rare ones folded
into "Other"), how many marks the events make in them, and the layout that draws them.
"""

from collections import Counter
from html import escape
from itertools import chain, repeat
from operator import itemgetter

from tracker.charts.columns import EventColumns
from tracker.charts.style import FONT, KIND_LABELS, KIND_ORDER

# Lanes beyond this are folded into one "Other" lane so the chart stays readable.
MAX_LANES = 40
GROUPS = ("kind", "country", "person")

NO_COUNTRY = ("No country recorded",)
NO_PERSON = ("No participant named",)


def placed(events: EventColumns, group_by: str) -> tuple[list[str], list[int]]:
    """By country or person: each mark's lane, and the position of its event among `events`; one
    mark per country (or person) of an event, or one in the "none" lane for an event with none."""
    names, nobody = (events.countries, NO_COUNTRY) if group_by == "country" else (events.people, NO_PERSON)
    filled = [lanes or nobody for lanes in names]
    lanes = list(chain.from_iterable(filled))
    positions = list(chain.from_iterable(map(repeat, range(len(filled)), map(len, filled))))
    return lanes, positions


def fold_lanes(counts: Counter, group_by: str) -> tuple[list[str], list[str]]:
    """The lanes in display order, the last one "Other" when more than MAX_LANES; and the folded ones."""
    ordered = _order_lanes(counts, group_by)
    if len(ordered) <= MAX_LANES:
        return ordered, []
    folded = ordered[MAX_LANES - 1 :]
    return ordered[: MAX_LANES - 1] + [f"Other ({len(folded)} more)"], folded


def _order_lanes(counts: dict[str, int], group_by: str) -> list[str]:
    if group_by == "kind":
        by_label = {label: KIND_ORDER[kind] for kind, label in KIND_LABELS.items()}
        return sorted(counts, key=lambda lane: by_label.get(lane, len(by_label)))
    return sorted(counts, key=lambda lane: (-counts[lane], lane))


def event_total(events: EventColumns) -> int:
    """How many events the columns stand for: a row counted in the database carries its weight."""
    return len(events) + sum(map(itemgetter("weight"), events.counted))


def mark_total(events: EventColumns, group_by: str) -> int:
    """How many marks the events make in lanes by `group_by`: one per event by kind, one per country or
    participant (or one in the "none" lane) otherwise; a row counted in the database carries its marks."""
    counted = sum(map(itemgetter("marks"), events.counted))
    if group_by == "kind":
        return len(events) + counted
    names = events.countries if group_by == "country" else events.people
    return sum(map(len, names)) + names.count([]) + counted


def timeline_layout(lanes: list[str], view: tuple, full: tuple, *, slider: bool) -> dict:
    return {
        "font": {"family": FONT, "size": 13, "color": "#1d2433"},
        "height": max(300, 110 + 34 * len(lanes)),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "hovermode": "closest",
        # Period bars of one lane lie on top of each other, never side by side.
        "barmode": "overlay",
        "hoverlabel": {"align": "left"},
        "dragmode": "zoom",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "showlegend": True,
        "legend": {"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top", "font": {"size": 12}},
        "xaxis": {
            "type": "date",
            "automargin": True,
            "gridcolor": "#e6e9ef",
            # Set from the events, so a long term of office behind a lane does not stretch the view.
            "range": list(view),
            "rangeslider": {"visible": slider, "thickness": 0.08, "range": list(full)},
            "rangeselector": {
                "buttons": [
                    {"count": 1, "label": "1 m", "step": "month", "stepmode": "backward"},
                    {"count": 6, "label": "6 m", "step": "month", "stepmode": "backward"},
                    {"count": 1, "label": "1 y", "step": "year", "stepmode": "backward"},
                    {"count": 5, "label": "5 y", "step": "year", "stepmode": "backward"},
                    {"step": "all", "label": "all"},
                ]
            },
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": [escape(lane, quote=False) for lane in lanes],
            "range": [len(lanes) - 0.5, -0.5],
            "fixedrange": True,
            "automargin": True,
            "gridcolor": "#eef0f4",
            "zeroline": False,
        },
    }
