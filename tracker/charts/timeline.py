"""The per-event timeline: a swimlane chart of marks with their periods, terms of office behind the
people's lanes; past GL_THRESHOLD marks its traces are WebGL (scattergl), past AGGREGATE_THRESHOLD it
becomes the heat map of tracker.charts.heatmap.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from html import escape
from itertools import repeat

from tracker.charts.columns import EventColumns
from tracker.charts.heatmap import aggregated_timeline
from tracker.charts.style import KIND_LABELS, TERM_COLOURS
from tracker.charts.swimlanes import GROUPS, fold_lanes, mark_total, placed, timeline_layout
from tracker.charts.traces import MarkColumns, taken
from tracker.domain.dates import shifted
from tracker.infra.collector import cyclic_gc_paused

# Past this many marks SVG scatter stops being smooth; WebGL draws hundreds of thousands.
GL_THRESHOLD = 1500
# A browser without WebGL (a virtual desktop, a locked-down machine, headless Chromium) draws up to
# this many marks as SVG all the same, a little slower; past it, static/tracker/timeline-fallback.js
# counts the marks per lane and period into a heat map instead, as SVG cannot draw them quickly.
SVG_MARK_LIMIT = 4000
# Past this many marks a per-event chart stops being readable or quick to send: counts per period instead.
AGGREGATE_THRESHOLD = 20_000


@cyclic_gc_paused()
def timeline_figure(
    events: EventColumns,
    group_by: str = "kind",
    *,
    terms: Iterable[dict] = (),
    today: date | None = None,
) -> dict:
    """A swimlane timeline of `events` (tracker.queries.timeline_data.timeline_rows): one lane per
    kind, country or person (`group_by`), colour by kind.

    Day-precision events are markers at their first day; a multi-day event also gets a solid bar
    over its days. Month- and year-precision events are hollow markers in the middle of their period
    with a light bar over the whole period, so the reader sees the uncertainty. An event involving
    several countries (or people) appears in each of their lanes. `terms` (from
    timeline_data.terms_of_office) are drawn as bands behind the lanes of the people they belong to;
    a term with no end runs to `today`. Each mark carries its event's key (tracker.charts.marks) in customdata
    for clicks (/events/mark/<key>/ leads to the event page).

    The hover shows title, period and people. Each marks trace has a hovertemplate, and Plotly
    formats a single day, month or year from the mark's own x; only other periods travel as text.

    Past GL_THRESHOLD marks the traces are WebGL (a browser without it redraws them as SVG up to
    SVG_MARK_LIMIT marks, as a heat map beyond: layout.meta says both); past AGGREGATE_THRESHOLD the
    figure is a heat map of counts per lane and period instead, with a note saying so (layout.meta.notes).
    """
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPS)}")
    marks = mark_total(events, group_by)
    if marks > AGGREGATE_THRESHOLD:
        return aggregated_timeline(events, group_by, marks)
    if group_by == "kind":
        # One lane per kind: every trace (one kind each) sits on one lane, given once as y0.
        columns = MarkColumns(events)
        counts: Counter = Counter()
        for kind, number in columns.kinds().items():
            counts[KIND_LABELS.get(kind, kind)] += number
        lanes, folded = fold_lanes(counts, group_by)
        lane_index = {lane: index for index, lane in enumerate(lanes)}
        starts = events.start_date
    else:
        lane_names, positions = placed(events, group_by)
        lanes, folded = fold_lanes(Counter(lane_names), group_by)
        lane_index = {lane: index for index, lane in enumerate(lanes)}
        mark_lanes = list(map(lane_index.get, lane_names, repeat(len(lanes) - 1)))
        columns = MarkColumns(events, positions, mark_lanes)
        # The initial view follows the marks, so an event counts once per lane it is drawn in.
        starts = taken(events.start_date, positions)
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
        notes.append(
            f"{mark_count:,} marks: drawn with WebGL where the browser offers it (otherwise as SVG, or as counts "
            "per period past a few thousand marks); the range slider is off at this size."
        )
    if folded:
        notes.append(f"{len(folded)} less frequent lanes are folded into “Other”.")
    layout = timeline_layout(lanes, view, full, slider=not webgl)
    layout["shapes"] = shapes
    layout["meta"] = {
        "events": len(events),
        "marks": mark_count,
        "webgl": webgl,
        "svg_limit": SVG_MARK_LIMIT,
        "lanes": len(lanes),
        "notes": notes,
    }
    return {"data": traces, "layout": layout}


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
    # Whole days, as date ± timedelta counts them; the padding stops at the ends of the calendar
    # (1 Jan 0001, 31 Dec 9999) rather than overflow.
    view = (shifted(view_first, (-pad).days), shifted(last, pad.days))
    full = (shifted(first, (-full_pad).days), shifted(last, full_pad.days))
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
