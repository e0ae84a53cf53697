"""The iCalendar export (RFC 5545): one all-day VEVENT per event; partial dates span their period."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import tracker
from tracker.domain.dates import format_period
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records

_ICS_STATUS = {"held": "CONFIRMED", "announced": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
_PRECISION_NOTE = {
    "month": "Date known only to the month ({when}); the calendar entry spans the whole month.",
    "year": "Date known only to the year ({when}); the calendar entry spans the whole year.",
}


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _ics_date(value: date) -> str:
    return value.strftime("%Y%m%d")


def ics_event(row: dict[str, Any], *, stamp: str, base_url: str) -> str:
    """One VEVENT: an all-day event whose DTEND is the day after the last day (exclusive)."""
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    when = format_period(start, end, row["date_precision"])
    description = [row["summary"]] if row["summary"] else []
    if row["date_precision"] in _PRECISION_NOTE:
        description.append(_PRECISION_NOTE[row["date_precision"]].format(when=when))
    if row["outcome"]:
        description.append(f"Outcome: {row['outcome']}")
    people = [f"{item['name'] or item['person']} ({item['role']})" for item in row["participants"]]
    if people:
        description.append("Participants: " + ", ".join(people))
    for citation in row["citations"]:
        description.append("Source: " + " – ".join(filter(None, [citation["publisher"], citation["title"]])))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{row['uid']}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_date(start)}",
        f"DTEND;VALUE=DATE:{_ics_date(end + timedelta(days=1))}",
        "SUMMARY:" + ics_text(row["title"] if row["date_precision"] == "day" else f"{row['title']} ({when})"),
        f"STATUS:{_ICS_STATUS.get(row['lifecycle'], 'CONFIRMED')}",
        "TRANSP:TRANSPARENT",
        "CATEGORIES:" + ics_text(row["kind"]),
    ]
    if description:
        lines.append("DESCRIPTION:" + ics_text("\n\n".join(description)))
    if row["place_name"] or row["place_country"]:
        lines.append("LOCATION:" + ics_text(", ".join(filter(None, [row["place_name"], row["place_country"]]))))
    if row["latitude"] is not None and row["longitude"] is not None:
        lines.append(f"GEO:{row['latitude']};{row['longitude']}")
    if base_url:
        lines.append(f"URL:{base_url}/events/{row['slug']}/")
    lines.append("END:VEVENT")
    return "".join(fold(line) for line in lines)


def iter_ics_chunks(export: ExportRequest, *, base_url: str = "") -> Iterator[str]:
    """A VCALENDAR of the events, streamed; partial dates span their whole month or year, with a note."""
    stamp = export.generated_at.strftime("%Y%m%dT%H%M%SZ")
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Diplomacy Tracker//tracker {tracker.__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Diplomacy Tracker events",
        "X-WR-CALDESC:"
        + ics_text(
            f"Exported {export.generated_at.isoformat()} by Diplomacy Tracker {tracker.__version__}; "
            f"query: {export.query or '(all events)'}"
        ),
    ]
    yield "".join(fold(line) for line in header)
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        yield "".join(ics_event(export_row(cells), stamp=stamp, base_url=base_url) for cells in rows)
    yield "END:VCALENDAR\r\n"
