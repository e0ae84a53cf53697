"""Plotly figures as plain dicts, built from plain rows and columns: no ORM, no plotly.graph_objects,
no browser.

Every text a researcher typed (titles, names, places) is HTML-escaped before it reaches the figure,
because Plotly renders a subset of HTML (<b>, <a>, <img>…) in hover labels, tick labels and
annotations. The timeline reads its events as columns (tracker.charts.columns), its per-mark numbers travel
as Plotly typed arrays, and its columns are built in C (map, zip, itemgetter, array), so 20,000 marks
stay quick to build, to send and to serialise; past GL_THRESHOLD marks the timeline switches to
WebGL (scattergl) traces.
"""

import sys
from array import array
from base64 import b64encode
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape
from itertools import chain, compress, groupby, repeat
from operator import add, attrgetter, eq, floordiv, itemgetter, not_, sub
from typing import NamedTuple

import orjson

from tracker.charts.columns import EventColumns
from tracker.charts.marks import mark_keys
from tracker.domain.dates import DAY, MONTH, YEAR, format_period, period_unit_for_span
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import Event

# Past this many marks SVG scatter stops being smooth; WebGL draws hundreds of thousands.
GL_THRESHOLD = 1500
# Past this many marks a per-event chart stops being readable or quick to send: counts per period instead.
AGGREGATE_THRESHOLD = 20_000
# Lanes beyond this are folded into one "Other" lane so the chart stays readable.
MAX_LANES = 40
GROUPS = ("kind", "country", "person")

# A qualitative palette with enough distinct hues for every kind (colour-blind friendly first).
KIND_COLOURS = {
    Event.Kind.BILATERAL_SUMMIT: "#1f5fa8",
    Event.Kind.BILATERAL_MEETING_SIDELINES: "#5a9bd5",
    Event.Kind.MULTILATERAL_SUMMIT: "#e07b00",
    Event.Kind.STATE_VISIT: "#2a9d62",
    Event.Kind.OFFICIAL_VISIT: "#7cc47f",
    Event.Kind.WORKING_VISIT: "#a6d854",
    Event.Kind.PHONE_CALL: "#8e5ea2",
    Event.Kind.VIDEO_CALL: "#c39bd3",
    Event.Kind.MINISTERIAL_MEETING: "#17becf",
    Event.Kind.STATEMENT: "#7f7f7f",
    Event.Kind.INTERVIEW: "#bcbd22",
    Event.Kind.PRESS_CONFERENCE: "#b5a642",
    Event.Kind.JOINT_STATEMENT: "#d62728",
    Event.Kind.AGREEMENT_SIGNING: "#8c564b",
    Event.Kind.SANCTION: "#3b3b3b",
}
KIND_LABELS = dict(Event.Kind.choices)
KIND_ORDER = {kind: index for index, kind in enumerate(KIND_LABELS)}
TERM_COLOURS = ["#1f5fa8", "#d62728", "#2a9d62", "#e07b00", "#8e5ea2", "#17becf"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def to_json(figure: dict) -> bytes:
    """Serialise a figure (dates become ISO strings) with orjson, many times faster than json."""
    return orjson.dumps(figure)


NO_COUNTRY = ("No country recorded",)
NO_PERSON = ("No participant named",)


def _placed(events: EventColumns, group_by: str) -> tuple[list[str], list[int]]:
    """By country or person: each mark's lane, and the position of its event among `events`; one
    mark per country (or person) of an event, or one in the "none" lane for an event with none."""
    names, nobody = (events.countries, NO_COUNTRY) if group_by == "country" else (events.people, NO_PERSON)
    filled = [lanes or nobody for lanes in names]
    lanes = list(chain.from_iterable(filled))
    positions = list(chain.from_iterable(map(repeat, range(len(filled)), map(len, filled))))
    return lanes, positions


def _lanes(counts: Counter, group_by: str) -> tuple[list[str], list[str]]:
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


@cyclic_gc_paused()
def timeline_figure(
    events: EventColumns,
    group_by: str = "kind",
    *,
    terms: Iterable[dict] = (),
    today: date | None = None,
) -> dict:
    """A swimlane timeline of `events` (selectors.timeline_rows): one lane per kind, country or person
    (`group_by`), colour by kind.

    Day-precision events are markers at their first day; a multi-day event also gets a solid bar
    over its days. Month- and year-precision events are hollow markers in the middle of their period
    with a light bar over the whole period, so the reader sees the uncertainty. An event involving
    several countries (or people) appears in each of their lanes. `terms` (from
    selectors.terms_of_office) are drawn as bands behind the lanes of the people they belong to;
    a term with no end runs to `today`. Each mark carries its event's key (tracker.charts.marks) in customdata
    for clicks (/events/mark/<key>/ leads to the event page).

    The hover shows title, period and people. Each marks trace has a hovertemplate, and Plotly
    formats a single day, month or year from the mark's own x; only other periods travel as text.

    Past GL_THRESHOLD marks the traces are WebGL; past AGGREGATE_THRESHOLD the figure is a heat map
    of counts per lane and period instead, with a note saying so (layout.meta.notes).
    """
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPS)}")
    marks = mark_total(events, group_by)
    if marks > AGGREGATE_THRESHOLD:
        return _aggregated_timeline(events, group_by, marks)
    if group_by == "kind":
        # One lane per kind: every trace (one kind each) sits on one lane, given once as y0.
        columns = _MarkColumns(events)
        counts: Counter = Counter()
        for kind, number in columns.kinds().items():
            counts[KIND_LABELS.get(kind, kind)] += number
        lanes, folded = _lanes(counts, group_by)
        lane_index = {lane: index for index, lane in enumerate(lanes)}
        starts = events.start_date
    else:
        lane_names, positions = _placed(events, group_by)
        lanes, folded = _lanes(Counter(lane_names), group_by)
        lane_index = {lane: index for index, lane in enumerate(lanes)}
        mark_lanes = list(map(lane_index.get, lane_names, repeat(len(lanes) - 1)))
        columns = _MarkColumns(events, positions, mark_lanes)
        # The initial view follows the marks, so an event counts once per lane it is drawn in.
        starts = _taken(events.start_date, positions)
    mark_count = columns.count
    webgl = mark_count > GL_THRESHOLD
    traces = columns.traces("scattergl" if webgl else "scatter", lane_index)

    shapes = _term_bands(terms, lane_index, today or date.today()) if group_by == "person" else []
    notes = []
    view, full = _date_window(starts, max(events.end_date, default=None))
    if view != full:
        notes.append(
            f"Zoomed to where most events fall ({view[0]:%b %Y} – {view[1]:%b %Y}); "
            "use “all” or the range slider for the whole span."
        )
    if webgl:
        notes.append(f"{mark_count:,} marks: drawn with WebGL; the range slider is off at this size.")
    if folded:
        notes.append(f"{len(folded)} less frequent lanes are folded into “Other”.")
    layout = _timeline_layout(lanes, view, full, slider=not webgl)
    layout["shapes"] = shapes
    layout["meta"] = {"events": len(events), "marks": mark_count, "webgl": webgl, "lanes": len(lanes), "notes": notes}
    return {"data": traces, "layout": layout}


# How a mark's period reaches its hover label. Plotly formats the mark's own x when the period is a
# single day, month or year (a hollow mark sits mid-period); other periods ("13–14 Jan 2026",
# "Oct 2025 – Jan 2026") are the only ones sent as text.
SINGLE_DAY, SEVERAL_DAYS, SINGLE_MONTH, SINGLE_YEAR, OTHER_PERIOD = range(5)
PERIOD_FROM_X = {SINGLE_DAY: "%{x|%-d %b %Y}", SINGLE_MONTH: "%{x|%b %Y}", SINGLE_YEAR: "%{x|%Y}"}
_FORMS = 5
DAY_MS = 86_400_000
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Joins titles (and names) so that they are escaped in one call; a title cannot contain NUL.
_SEPARATOR = "\x00"


def _escaped(texts: Sequence[str]) -> Sequence[str]:
    """The texts HTML-escaped; checked in one pass, since few contain <, > or &."""
    joined = _SEPARATOR.join(texts)
    if "<" not in joined and ">" not in joined and "&" not in joined:
        return texts
    escaped = escape(joined, quote=False).split(_SEPARATOR)
    return escaped if len(escaped) == len(texts) else [escape(text, quote=False) for text in texts]


_ARRAY_CODES = {"f8": "d", "u4": "I", "i4": "i", "i1": "b"}
# y0 + i * LANE_STEP: 20,000 marks of one lane stay within 0.00002 of it (under a thousandth of a pixel).
LANE_STEP = 1e-9


def typed_array(values: Sequence[float] | array, dtype: str = "f8") -> dict:
    """A Plotly typed array ({"dtype", "bdata": base64, little-endian}): 8, 4 or 1 bytes a number
    instead of its decimal digits. Integers too large for `dtype` go as float64, which holds them exactly."""
    code = _ARRAY_CODES[dtype]
    if isinstance(values, array) and values.typecode == code:
        numbers = values
    else:
        try:
            numbers = array(code, values)
        except OverflowError:
            return typed_array(values)
    if numbers.itemsize != int(dtype[1:]):
        raise RuntimeError(f"this platform's array({code!r}) is not {dtype}")
    if sys.byteorder == "big":
        numbers = array(code, numbers)
        numbers.byteswap()
    return {"dtype": dtype, "bdata": b64encode(numbers).decode("ascii")}


def _taken(column: Sequence, positions: Sequence[int]) -> Sequence:
    """The items of `column` at `positions`, in one C call (itemgetter)."""
    if len(positions) > 1:
        return itemgetter(*positions)(column)
    return [column[position] for position in positions]


def _trace_numbers(keys: Iterable[tuple[str, str, bool, bool]]) -> dict[tuple, int]:
    """A number for each distinct (kind, precision, single day, has people), so that sorting by number
    orders traces by kind (in KIND_ORDER, then unknown kinds as first seen), then one day, several
    days, month, year, then with people before without."""
    ranks = dict(KIND_ORDER)
    numbers = {}
    for key in keys:
        kind, precision, single_day, has_people = key
        rank = ranks.setdefault(kind, len(ranks))
        order = {DAY: 0 if single_day else 1, MONTH: 2, YEAR: 3}.get(precision, 4)
        numbers[key] = (rank * _FORMS + order) * 2 + (not has_people)
    return numbers


class _Trace(NamedTuple):
    """One marks trace: its kind, form of period, whether its marks name people, and its marks'
    slice [low, high) of the columns in trace order."""

    kind: str
    form: int
    has_people: bool
    low: int
    high: int


class _MarkColumns:
    """The marks of `events` sorted into traces, and their columns in that order, so that each trace's
    arrays are slices. A mark is an event (by kind) or one of an event's lanes (by country or person:
    `positions` and `lanes` give each mark's event and lane, in any order).

    A trace holds the marks of one kind, form of period and presence of people; a kind's traces come
    in the order of their forms (one day, several days, then month, year and other periods), so the
    marks under each of its bar traces are one slice too. Work per mark runs in C (map, zip,
    itemgetter, array) but for one loop filing marks under their trace; Python runs once per trace,
    plus once per mark of month or year precision and for the periods sent as text.
    """

    def __init__(self, events: EventColumns, positions: list[int] | None = None, lanes: list[int] | None = None):
        self.starts = starts = events.start_date
        self.ends = ends = events.end_date
        self.precisions = events.date_precision
        keys = zip(events.kind, self.precisions, map(eq, starts, ends), map(bool, events.people), strict=True)
        if positions is not None:
            keys = map(list(keys).__getitem__, positions)
        marks_of: dict[tuple, list[int]] = {}
        for mark, key in enumerate(keys):
            try:
                marks_of[key].append(mark)
            except KeyError:
                marks_of[key] = [mark]
        numbers = _trace_numbers(marks_of)
        self.traces_in_order: list[_Trace] = []
        in_order: list[int] = []
        for key in sorted(marks_of, key=numbers.__getitem__):
            kind, precision, single_day, has_people = key
            marks = marks_of[key]
            if precision == DAY:
                forms = [(SINGLE_DAY if single_day else SEVERAL_DAYS, marks)]
            else:
                forms = self._split_periods(precision, marks, marks if positions is None else _taken(positions, marks))
            for form, part in forms:
                self.traces_in_order.append(_Trace(kind, form, has_people, len(in_order), len(in_order) + len(part)))
                in_order += part
        self.count = len(in_order)
        # `order`: each mark's event, in trace order; `lanes` likewise (by country or person).
        self.order = in_order if positions is None else list(_taken(positions, in_order))
        self.lanes = None if lanes is None else array("b", _taken(lanes, in_order))
        # Names joined and texts escaped once each, in the events' own order (kinder to the memory cache).
        people = _escaped(list(map(", ".join, events.people)))
        self.people = _taken(people, self.order)
        self.titles = _taken(_escaped(events.title), self.order)
        self.keys = mark_keys(_taken(events.pk, self.order))
        # Plotly reads a number on a date axis as milliseconds since 1970; few distinct days, so a table.
        ms_of = {day: float((day.toordinal() - EPOCH_ORDINAL) * DAY_MS) for day in set(starts)}
        self.start_ms = array("d", map(ms_of.__getitem__, _taken(starts, self.order)))

    def kinds(self) -> Counter:
        """Marks per kind."""
        counts: Counter = Counter()
        for trace in self.traces_in_order:
            counts[trace.kind] += trace.high - trace.low
        return counts

    def traces(self, scatter: str, lane_index: dict[str, int]) -> list[dict]:
        """Per kind: a bar trace of the periods of approximate marks, one of the days of multi-day
        events (both drawn under the marks), then the marks, one trace per form of period."""
        traces: list[dict] = []
        for kind, of_kind in groupby(self.traces_in_order, key=attrgetter("kind")):
            parts = list(of_kind)
            label, colour = KIND_LABELS.get(kind, kind), KIND_COLOURS.get(kind, "#444")
            lane = lane_index[label] if self.lanes is None else None
            common: dict = {"legendgroup": kind}
            periods = [part for part in parts if part.form >= SINGLE_MONTH]
            if periods:
                bars = {"name": f"{label} (approximate date)", "width": 0.42, "opacity": 0.22}
                traces.append(common | self._bars(periods[0].low, periods[-1].high, colour, lane) | bars)
            days = [part for part in parts if part.form == SEVERAL_DAYS]
            if days:
                bars = {"name": f"{label} (duration)", "width": 0.3, "opacity": 0.75}
                traces.append(common | self._bars(days[0].low, days[-1].high, colour, lane) | bars)
            common |= {"type": scatter, "name": label, "mode": "markers", "meta": "marks"}
            for index, part in enumerate(parts):
                # One legend entry per kind: its first marks trace, exact marks first.
                traces.append(common | self._marks(part, colour, lane) | {"showlegend": index == 0})
        return traces

    def _lengths(self, low: int, high: int) -> list[int]:
        """Each mark's period in milliseconds, from its first day to the end of its last."""
        events = self.order[low:high]
        firsts, lasts = _taken(self.starts, events), _taken(self.ends, events)
        days = map(sub, map(date.toordinal, lasts), map(date.toordinal, firsts))
        return list(map(DAY_MS.__mul__, map((1).__add__, days)))

    def _bars(self, low: int, high: int, colour: str, lane: int | None) -> dict:
        """Horizontal bars over the marks' whole periods: a start and a length each, no hover."""
        return {
            "type": "bar",
            "orientation": "h",
            "base": typed_array(self.start_ms[low:high]),
            "x": typed_array(self._lengths(low, high), dtype="i4"),
            "marker": {"color": colour, "line": {"width": 0}},
            "hoverinfo": "skip",
            "showlegend": False,
        } | self._lanes_of(low, high, lane)

    def _lanes_of(self, low: int, high: int, lane: int | None) -> dict:
        """y for a trace: the marks' lanes, or one lane for the whole trace (grouped by kind) as y0 with
        a step of LANE_STEP, since Plotly reads a step of 0 as 1."""
        if self.lanes is None:
            return {"y0": lane, "dy": LANE_STEP}
        return {"y": typed_array(self.lanes[low:high], "i1")}

    def _split_periods(self, precision: str, marks: list[int], events: Sequence[int]) -> list[tuple[int, list[int]]]:
        """Month- or year-precision marks: those within one month (or year), then the others."""
        if precision not in (MONTH, YEAR):
            return [(OTHER_PERIOD, marks)]
        unit = attrgetter("year", "month") if precision == MONTH else attrgetter("year")
        starts, ends = self.starts, self.ends
        single = [unit(starts[index]) == unit(ends[index]) for index in events]
        form = SINGLE_MONTH if precision == MONTH else SINGLE_YEAR
        parts = [(form, list(compress(marks, single))), (OTHER_PERIOD, list(compress(marks, map(not_, single))))]
        return [(form, part) for form, part in parts if part]

    def _marks(self, part: _Trace, colour: str, lane: int | None) -> dict:
        """A marks trace: the event keys, titles and names, and a hovertemplate for this form of period."""
        low, high = part.low, part.high
        marker = {"color": colour, "size": 11, "line": {"color": "#ffffff", "width": 1}}
        trace: dict = {"customdata": typed_array(self.keys[low:high], dtype="u4"), "text": self.titles[low:high]}
        if part.form <= SEVERAL_DAYS:
            trace["x"] = typed_array(self.start_ms[low:high])
        else:
            # A hollow mark in the middle of its period (noon of the middle day when the days are odd).
            middles = map(add, self.start_ms[low:high], map(floordiv, self._lengths(low, high), repeat(2)))
            trace["x"] = typed_array(array("d", middles))
            marker |= {"symbol": "circle-open", "line": {"color": colour, "width": 2.5}}
        trace["marker"] = marker
        trace |= self._lanes_of(low, high, lane)
        people = self.people[low:high] if part.has_people else ()
        if part.form in PERIOD_FROM_X:
            period = PERIOD_FROM_X[part.form]
            if part.has_people:
                trace["hovertext"] = people
                trace["hovertemplate"] = f"<b>%{{text}}</b><br>{period}<br>%{{hovertext}}<extra></extra>"
            else:
                # Plotly shows an empty hovertext as "-": no people, no line for them.
                trace["hovertemplate"] = f"<b>%{{text}}</b><br>{period}<extra></extra>"
        else:
            events = self.order[low:high]
            starts, ends = _taken(self.starts, events), _taken(self.ends, events)
            periods = list(map(format_period, starts, ends, _taken(self.precisions, events)))
            trace["hovertext"] = list(map("{}<br>{}".format, periods, people)) if part.has_people else periods
            trace["hovertemplate"] = "<b>%{text}</b><br>%{hovertext}<extra></extra>"
        return trace


def _timeline_layout(lanes: list[str], view: tuple, full: tuple, *, slider: bool) -> dict:
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


def _lane_label(lane: str | None, group_by: str) -> str:
    """The lane of a row counted in the database (selectors._counted_rows)."""
    if group_by == "kind":
        return KIND_LABELS.get(lane, lane)
    if lane is None:
        return (NO_COUNTRY if group_by == "country" else NO_PERSON)[0]
    return lane


def _aggregated_timeline(events: EventColumns, group_by: str, marks: int) -> dict:
    """Past AGGREGATE_THRESHOLD marks: counts per lane and period as a heat map, so 100,000 events
    cost a few thousand numbers. A click on a cell opens that period's events.

    Each mark counts in the period where its event starts. The events are those held as columns (each
    placed in its lanes) and those the database counted per lane and period (`counted`: they carry
    `marks` and their `unit`).
    """
    total = event_total(events)
    counted = events.counted
    if group_by == "kind":
        # map, zip and Counter all run in C: no Python bytecode per event.
        labels = map(KIND_LABELS.get, events.kind, events.kind)
        raw = Counter(zip(labels, events.start_date, strict=True))
    else:
        lane_names, positions = _placed(events, group_by)
        raw = Counter(zip(lane_names, map(events.start_date.__getitem__, positions), strict=True))
    labels_of = {lane: _lane_label(lane, group_by) for lane in {row["lane"] for row in counted}}
    for row in counted:
        if row["marks"]:
            raw[(labels_of[row["lane"]], row["start_date"])] += row["marks"]
    days = {day for _, day in raw}
    first, last = min(days), max(days)
    span = (last - first).days
    bucket = counted[0]["unit"] if counted else period_unit_for_span(first, last)
    if bucket == "day":
        origin = first.toordinal()
        size = span + 1
        column_of = {day: day.toordinal() - origin for day in days}
        edges = [date.fromordinal(origin + index) for index in range(size)]
    elif bucket == "month":
        origin = first.year * 12 + first.month - 1
        size = last.year * 12 + last.month - origin
        column_of = {day: day.year * 12 + day.month - 1 - origin for day in days}
        edges = [date((origin + index) // 12, (origin + index) % 12 + 1, 1) for index in range(size)]
    else:
        origin = first.year
        size = last.year - origin + 1
        column_of = {day: day.year - origin for day in days}
        edges = [date(origin + index, 1, 1) for index in range(size)]
    lane_counts: Counter = Counter()
    for (lane, _), number in raw.items():
        lane_counts[lane] += number
    lanes, folded = _lanes(lane_counts, group_by)
    lane_index = {lane: index for index, lane in enumerate(lanes)}
    other_index = len(lanes) - 1
    counts = [[0] * size for _ in lanes]
    for (lane, day), number in raw.items():
        counts[lane_index.get(lane, other_index)][column_of[day]] += number
    trace = {
        "type": "heatmap",
        "x": edges,
        "y": list(range(len(lanes))),
        "z": counts,
        "xperiod": {"day": 86400000, "month": "M1", "year": "M12"}[bucket],
        "xperiodalignment": "start",
        # Any non-zero count is visibly tinted; empty cells stay white.
        "zmin": 0,
        "colorscale": [[0, "#ffffff"], [0.000001, "#dbe7f5"], [1, "#14386b"]],
        "colorbar": {"title": {"text": "events"}, "thickness": 12},
        "hovertemplate": "%{x}: %{z} event(s)<extra></extra>",
        "ygap": 3,
    }
    unit = {"day": "day", "month": "month", "year": "year"}[bucket]
    notes = [
        f"{total:,} events ({marks:,} marks) are too many to draw one by one: each cell counts the events "
        f"starting in that {unit}. Click a cell, or narrow the filter, to see the events themselves."
    ]
    if folded:
        notes.append(f"{len(folded)} less frequent lanes are folded into “Other”.")
    pad = timedelta(days=max(1, span // 50))
    window = (first - pad, last + pad)
    layout = _timeline_layout(lanes, window, window, slider=False)
    layout["showlegend"] = False
    layout["meta"] = {
        "events": total,
        "marks": marks,
        "webgl": False,
        "aggregated": bucket,
        "lanes": len(lanes),
        "notes": notes,
    }
    return {"data": [trace], "layout": layout}


def _date_window(starts: list[date], last: date | None) -> tuple[tuple[date, date], tuple[date, date]]:
    """The initial view and the full span of the events, padded. When a few early outliers (a ban
    imposed in 2013 among meetings in 2025) would squeeze everything else into a corner, the view
    starts at the 10th percentile of start dates instead; the full span stays one click away."""
    if not starts or last is None:
        today = date.today()
        return (today - timedelta(days=365), today), (today - timedelta(days=365), today)
    first = min(starts)
    view_first = first
    if len(starts) >= 10:
        typical = sorted(starts)[len(starts) // 10]
        if (last - typical) * 3 < (last - first):
            view_first = typical
    pad = max(timedelta(days=15), (last - view_first) * 0.04)
    full_pad = max(timedelta(days=15), (last - first) * 0.02)
    view = (view_first - pad, last + pad)
    full = (first - full_pad, last + full_pad)
    return (view, view) if view_first == first else (view, full)


def _term_bands(terms: Iterable[dict], lane_index: dict[str, int], today: date) -> list[dict]:
    """Background bands for each person's terms, one colour per office, labelled with the office."""
    colours: dict[str, str] = {}
    shapes = []
    for term in terms:
        y = lane_index.get(term["person"])
        if y is None:
            continue
        colour = colours.setdefault(term["office_slug"], TERM_COLOURS[len(colours) % len(TERM_COLOURS)])
        shapes.append(
            {
                "type": "rect",
                "layer": "below",
                "xref": "x",
                "yref": "y",
                "x0": term["start_date"],
                "x1": term["end_date"] or today,
                "y0": y - 0.42,
                "y1": y + 0.42,
                "fillcolor": colour,
                "opacity": 0.12,
                "line": {"width": 0},
                "label": {
                    "text": escape(term["office"], quote=False),
                    "textposition": "top left",
                    "font": {"size": 10, "color": colour},
                },
            }
        )
    return shapes


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
