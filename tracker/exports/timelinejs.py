"""TimelineJS JSON: the filtered events as the slides of a TimelineJS3 timeline.

TimelineJS3 reads a JSON document with an optional ``title`` slide and an ``events`` array; each
event has a ``start_date`` (and optional ``end_date``) of ``year``, ``month`` and ``day`` parts, a
``text`` of ``headline`` and ``text`` (both read as HTML), a ``group`` (its row on the timeline) and
an optional ``media``. A date carries only the parts its precision knows: "Oct 2025" is
``{"year": 2025, "month": 10}``, never the first of the month, so TimelineJS shows it as a month.
The tracker holds no pictures, so no slide has ``media``; the sources are linked in the text.

The document is streamed: the title slide, then the events chunk by chunk, so a list of any length
costs the same memory; an empty list is a timeline of the title slide alone.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
from django.utils.html import escape

from tracker.domain.dates import DAY, MONTH, format_period
from tracker.domain.edtf import qualified_text, qualifier_of
from tracker.exports.arrays import array_items
from tracker.exports.identifiers import event_url
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records
from tracker.models import Event

_KIND_LABELS = dict(Event.Kind.choices)


def timeline_date(day: date, precision: str) -> dict[str, int]:
    """A TimelineJS date with the parts `precision` knows: the year, the month, the day."""
    parts = {"year": day.year}
    if precision in (MONTH, DAY):
        parts["month"] = day.month
    if precision == DAY:
        parts["day"] = day.day
    return parts


def _slide_text(row: dict[str, Any], url: str) -> str:
    """The slide's body as HTML: the summary, the outcome, the sources, and a link to the event."""
    paragraphs = [escape(text) for text in (row["summary"], row["outcome"] and f"Outcome: {row['outcome']}") if text]
    for citation in row["citations"]:
        label = escape(" – ".join(filter(None, [citation["publisher"], citation["title"]])) or citation["url"] or "")
        if citation["url"]:
            label = f'<a href="{escape(citation["url"])}">{label}</a>'
        if label:
            paragraphs.append(f"Source: {label}")
    paragraphs.append(f'<a href="{escape(url)}">The event in Diplomacy Tracker</a>')
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def timeline_slide(row: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    """The TimelineJS slide of one nested export row (tracker.exports.schema.export_row)."""
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    precision = row["date_precision"]
    url = event_url(base_url, row["slug"])
    slide: dict[str, Any] = {
        "unique_id": row["uid"],
        "start_date": timeline_date(start, precision),
        "display_date": qualified_text(format_period(start, end, precision), qualifier_of(row["edtf"])),
        "text": {"headline": escape(row["title"]), "text": _slide_text(row, url)},
        "group": _KIND_LABELS.get(row["kind"], row["kind"]),
    }
    end_parts = timeline_date(end, precision)
    if end_parts != slide["start_date"]:
        slide["end_date"] = end_parts
    return slide


def _title_slide(export: ExportRequest) -> dict[str, Any]:
    chosen = f"Events matching {escape(export.query)}" if export.query else "Every event"
    return {
        "text": {
            "headline": "Diplomacy Tracker",
            "text": f"<p>{chosen}, exported {export.generated_at.date().isoformat()}.</p>",
        }
    }


def iter_timelinejs_chunks(export: ExportRequest, *, base_url: str = "") -> Iterator[bytes]:
    """The TimelineJS3 document of the filtered events, streamed chunk by chunk."""
    yield b'{"title":' + orjson.dumps(_title_slide(export)) + b',"scale":"human","events":['
    yield from array_items(
        [orjson.dumps(timeline_slide(export_row(cells), base_url=base_url)) for cells in rows]
        for rows in iter_records(export.events, drafts_visible=export.drafts_visible)
    )
    yield b"\n]}\n"
