"""Plotly figures as plain dicts, built from plain rows and columns: no ORM, no plotly.graph_objects,
no browser.

- style: colours and labels per kind, the font, HTML-escaping, to_json.
- columns: the timeline's events as columns (EventColumns); marks: each mark's short key to its event.
- timeline: the per-event timeline (timeline_figure), its date window and the bands of terms of office.
- traces: the timeline's marks sorted into Plotly traces, numbers as typed arrays.
- heatmap: the timeline as counts per lane and period, past timeline.AGGREGATE_THRESHOLD marks.
- swimlanes: the lanes the timeline and its heat map share, their marks and their layout.
- summaries: the home page's map of places, events per month by kind and meetings matrix.

Every text a researcher typed is HTML-escaped before it reaches a figure (see style).

The builders are re-exported here for convenience. Thresholds and other constants are not: each
is read in its own module (e.g. tracker.charts.timeline.AGGREGATE_THRESHOLD), so change it there.
"""

from tracker.charts.style import to_json
from tracker.charts.summaries import map_figure, matrix_figure, monthly_figure, monthly_table
from tracker.charts.timeline import timeline_figure

__all__ = ["map_figure", "matrix_figure", "monthly_figure", "monthly_table", "timeline_figure", "to_json"]
