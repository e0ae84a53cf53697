"""Reading a timeline figure back as a browser would: typed arrays decoded, hovers rendered.

The timeline sends numbers as Plotly typed arrays ({"dtype", "bdata"}) and builds each hover from
a per-trace hovertemplate; these helpers undo both so tests compare plain values and the text a
reader sees. The hover rendering follows Plotly's rules for the parts the timeline uses: %{text},
%{hovertext} and %{x|<d3 date format>} (the same directives as strftime for %-d, %b and %Y).
"""

import base64
import re
from array import array
from datetime import UTC, date, datetime, timedelta

from tracker.charts.columns import FETCHED, EventColumns
from tracker.charts.marks import event_pk

_CODES = {"f8": "d", "u4": "I", "i4": "i", "i1": "b"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIELD = re.compile(r"%\{(\w+)(?:\|([^}]*))?\}")


def values(data) -> list:
    """A trace array as a list, whether plain or a typed array."""
    if isinstance(data, dict) and "bdata" in data:
        numbers = array(_CODES[data["dtype"]])
        numbers.frombytes(base64.b64decode(data["bdata"]))
        return list(numbers)
    return list(data)


def moment(milliseconds: float) -> datetime:
    """A number on a date axis (milliseconds since 1970) as the UTC time it stands for."""
    return _EPOCH + timedelta(milliseconds=milliseconds)


def day(milliseconds: float) -> date:
    return moment(milliseconds).date()


def mark_traces(figure: dict) -> list[dict]:
    return [trace for trace in figure["data"] if trace.get("meta") == "marks"]


def lanes(trace: dict) -> list[float]:
    """Each point's y: listed, or y0 plus a step per point."""
    count = len(values(trace.get("x", trace.get("base"))))
    if "y" in trace:
        return values(trace["y"])
    return [trace["y0"] + index * trace["dy"] for index in range(count)]


def mark_pks(figure: dict) -> list[int]:
    """The event primary keys behind every clickable mark's key (tracker.charts.marks)."""
    return [event_pk(key) for trace in mark_traces(figure) for key in values(trace["customdata"])]


def hover(trace: dict, index: int) -> str:
    """The hover label of a mark, as Plotly fills its trace's hovertemplate."""

    def field(match: re.Match) -> str:
        name, date_format = match.groups()
        if name == "x":
            return moment(values(trace["x"])[index]).strftime(date_format)
        return trace[name][index]

    return _FIELD.sub(field, trace["hovertemplate"]).removesuffix("<extra></extra>")


def hovers(figure: dict) -> dict[int, str]:
    """Event primary key → its mark's hover label (the first mark, by country or person)."""
    found: dict[int, str] = {}
    for trace in mark_traces(figure):
        for index, key in enumerate(values(trace["customdata"])):
            found.setdefault(event_pk(key), hover(trace, index))
    return found


def as_columns(rows: list[dict]) -> EventColumns:
    """Events written as one dict each (keyed like EventColumns' fields) as the columns the charts read."""
    names = (*FETCHED, "people", "countries", "country_codes")
    return EventColumns(**{name: [row[name] for row in rows] for name in names})
