"""The timeline as a heat map of counts per lane and period, drawn in place of the marks past
tracker.charts.timeline.AGGREGATE_THRESHOLD.
"""

from collections import Counter
from datetime import date

from tracker.charts.columns import EventColumns
from tracker.charts.style import KIND_LABELS
from tracker.charts.swimlanes import NO_COUNTRY, NO_PERSON, event_total, fold_lanes, placed, timeline_layout
from tracker.domain.dates import period_unit_for_span, shifted


def _lane_label(lane: str | None, group_by: str) -> str:
    """The lane of a row counted in the database (tracker.queries.timeline_data._counted_rows)."""
    if group_by == "kind":
        return KIND_LABELS.get(lane, lane)
    if lane is None:
        return (NO_COUNTRY if group_by == "country" else NO_PERSON)[0]
    return lane


def aggregated_timeline(events: EventColumns, group_by: str, marks: int) -> dict:
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
        lane_names, positions = placed(events, group_by)
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
    lanes, folded = fold_lanes(lane_counts, group_by)
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
    pad = max(1, span // 50)
    window = (shifted(first, -pad), shifted(last, pad))
    layout = timeline_layout(lanes, window, window, slider=False)
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
