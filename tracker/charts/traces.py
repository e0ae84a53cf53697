"""The timeline's marks sorted into Plotly traces: one per kind, form of period and presence of people.

The timeline reads its events as columns (tracker.charts.columns), its per-mark numbers travel as
Plotly typed arrays, and its columns are built in C (map, zip, itemgetter, array), so 20,000 marks
stay quick to build, to send and to serialise.
"""

import sys
from array import array
from base64 import b64encode
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import compress, groupby, repeat
from operator import add, attrgetter, eq, floordiv, itemgetter, not_, sub
from typing import NamedTuple

from tracker.charts.columns import EventColumns
from tracker.charts.marks import mark_keys
from tracker.charts.style import KIND_COLOURS, KIND_LABELS, KIND_ORDER, escaped
from tracker.domain.dates import DAY, MONTH, YEAR, format_period
from tracker.domain.edtf import EXACT, qualified_text

# How a mark's period reaches its hover label. Plotly formats the mark's own x when the period is a
# single day, month or year (a hollow mark sits mid-period); other periods ("13–14 Jan 2026",
# "Oct 2025 – Jan 2026") and the traces that hold a qualified date ("c. Oct 2025") are sent as text.
SINGLE_DAY, SEVERAL_DAYS, SINGLE_MONTH, SINGLE_YEAR, OTHER_PERIOD = range(5)
PERIOD_FROM_X = {SINGLE_DAY: "%{x|%-d %b %Y}", SINGLE_MONTH: "%{x|%b %Y}", SINGLE_YEAR: "%{x|%Y}"}
_FORMS = 5
DAY_MS = 86_400_000
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


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


def taken(column: Sequence, positions: Sequence[int]) -> Sequence:
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


class MarkColumns:
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
        # Only the qualifiers of dates that are not exact matter to the hover text; usually none.
        self.qualifiers = events.date_qualifier if set(events.date_qualifier) - {EXACT} else None
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
                forms = self._split_periods(precision, marks, marks if positions is None else taken(positions, marks))
            for form, part in forms:
                self.traces_in_order.append(_Trace(kind, form, has_people, len(in_order), len(in_order) + len(part)))
                in_order += part
        self.count = len(in_order)
        # `order`: each mark's event, in trace order; `lanes` likewise (by country or person).
        self.order = in_order if positions is None else list(taken(positions, in_order))
        self.lanes = None if lanes is None else array("b", taken(lanes, in_order))
        # Names joined and texts escaped once each, in the events' own order (kinder to the memory cache).
        people = escaped(list(map(", ".join, events.people)))
        self.people = taken(people, self.order)
        self.titles = taken(escaped(events.title), self.order)
        self.keys = mark_keys(taken(events.pk, self.order))
        # Plotly reads a number on a date axis as milliseconds since 1970; few distinct days, so a table.
        ms_of = {day: float((day.toordinal() - EPOCH_ORDINAL) * DAY_MS) for day in set(starts)}
        self.start_ms = array("d", map(ms_of.__getitem__, taken(starts, self.order)))

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

    def _any_qualified(self, low: int, high: int) -> bool:
        """Whether a mark of the slice has a qualified date ("c. Oct 2025"), which Plotly's formatting
        of x cannot show: such a trace sends its periods as text."""
        if self.qualifiers is None:
            return False
        return bool(set(taken(self.qualifiers, self.order[low:high])) - {EXACT})

    def _lengths(self, low: int, high: int) -> list[int]:
        """Each mark's period in milliseconds, from its first day to the end of its last."""
        events = self.order[low:high]
        firsts, lasts = taken(self.starts, events), taken(self.ends, events)
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
        if part.form in PERIOD_FROM_X and not self._any_qualified(low, high):
            period = PERIOD_FROM_X[part.form]
            if part.has_people:
                trace["hovertext"] = people
                trace["hovertemplate"] = f"<b>%{{text}}</b><br>{period}<br>%{{hovertext}}<extra></extra>"
            else:
                # Plotly shows an empty hovertext as "-": no people, no line for them.
                trace["hovertemplate"] = f"<b>%{{text}}</b><br>{period}<extra></extra>"
        else:
            events = self.order[low:high]
            starts, ends = taken(self.starts, events), taken(self.ends, events)
            periods = list(map(format_period, starts, ends, taken(self.precisions, events)))
            if self.qualifiers is not None:
                periods = list(map(qualified_text, periods, taken(self.qualifiers, events)))
            trace["hovertext"] = list(map("{}<br>{}".format, periods, people)) if part.has_people else periods
            trace["hovertemplate"] = "<b>%{text}</b><br>%{hovertext}<extra></extra>"
        return trace
