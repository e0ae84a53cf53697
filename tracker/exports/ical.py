"""The iCalendar export (RFC 5545): one all-day VEVENT per event; partial dates span their period.

The icalendar library writes every content line: it escapes TEXT values (RFC 5545 §3.3.11), writes
dates and the UTC stamp in their value types, and folds lines at 75 octets without splitting a
UTF-8 character or an escape.
"""

from collections.abc import Iterator
from datetime import UTC, date, timedelta
from typing import Any

from icalendar import Calendar, Event, vDatetime, vGeo, vText

import tracker
from tracker.domain.dates import LAST_DAY, format_period
from tracker.domain.edtf import EXACT, qualified_text, qualifier_of
from tracker.domain.text import normalise_text
from tracker.exports.identifiers import event_url
from tracker.exports.numbers import plain_decimal
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records

_ICS_STATUS = {"held": "CONFIRMED", "announced": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
_PRECISION_NOTE = {
    "month": "Date known only to the month ({when}); the calendar entry spans the whole month.",
    "year": "Date known only to the year ({when}); the calendar entry spans the whole year.",
}
_CALENDAR_END = "END:VCALENDAR\r\n"


class _Text(vText):
    """A TEXT value whose every backslash is written as an escaped backslash.

    icalendar's vText (7.3) takes a backslash followed by "N" in the Python string for the escaped
    newline "\\N" of RFC 5545, so "C:\\Nara" would be written as two lines. Escaping the text on
    either side of each such pair and writing the pair as "\\\\N" keeps the text as it was typed.
    """

    def to_ical(self) -> bytes:
        if "\\N" not in self:
            return super().to_ical()
        return b"\\\\N".join(vText(part).to_ical() for part in self.split("\\N"))


class _PlainGeo(vGeo):
    """GEO as RFC 5545's FLOAT form requires (§3.3.7: digits and a point, no exponent): icalendar
    (7.3) writes a float's repr, so -0.00005 would come out as -5e-05."""

    def __init__(self, latitude, longitude) -> None:
        super().__init__((latitude, longitude))
        self.exact = (latitude, longitude)

    def to_ical(self) -> str:
        return ";".join(plain_decimal(part) for part in self.exact)


def _clean(value: str, *, multiline: bool = False) -> _Text:
    """TEXT as RFC 5545 allows it: no control characters but the newlines it escapes, even in rows
    another tool wrote past tracker.domain.text."""
    return _Text(normalise_text(value, multiline=multiline))


def ics_event(row: dict[str, Any], *, stamp: vDatetime, base_url: str) -> Event:
    """One VEVENT: an all-day event whose DTEND is the day after the last day (exclusive), or, for an
    event ending on the last day the tracker stores, whose DURATION is its number of days."""
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    qualifier = qualifier_of(row["edtf"])
    when = qualified_text(format_period(start, end, row["date_precision"]), qualifier)
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
    event = Event()
    event.add("uid", row["uid"])
    event.add("dtstamp", stamp)
    event.add("dtstart", start)  # a date, so DTSTART;VALUE=DATE
    if end < LAST_DAY:
        event.add("dtend", end + timedelta(days=1))
    else:
        # The day after 31 Dec 9999 has no DATE value (four-digit years): the same span as a length.
        event.add("duration", timedelta(days=(end - start).days + 1))
    exact_day = row["date_precision"] == "day" and qualifier == EXACT
    event.add("summary", _clean(row["title"] if exact_day else f"{row['title']} ({when})"))
    event.add("status", _ICS_STATUS.get(row["lifecycle"], "CONFIRMED"))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [_clean(row["kind"])])
    if description:
        event.add("description", _clean("\n\n".join(description), multiline=True))
    if row["place_name"] or row["place_country"]:
        event.add("location", _clean(", ".join(filter(None, [row["place_name"], row["place_country"]]))))
    if row["latitude"] is not None and row["longitude"] is not None:
        event.add("geo", _PlainGeo(row["latitude"], row["longitude"]))
    if base_url:
        event.add("url", event_url(base_url, row["slug"]))
    return event


def _calendar_head(export: ExportRequest) -> str:
    """The VCALENDAR's first lines: BEGIN and the calendar's own properties, without its END."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//Diplomacy Tracker//tracker {tracker.__version__}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are written verbatim unless given as TEXT; these are text, so escaped as such.
    calendar.add("x-wr-calname", _Text("Diplomacy Tracker events"))
    calendar.add(
        "x-wr-caldesc",
        _Text(
            f"Exported {export.generated_at.isoformat()} by Diplomacy Tracker {tracker.__version__}; "
            f"query: {export.query or '(all events)'}"
        ),
    )
    return calendar.to_ical(sorted=False).decode("utf-8").removesuffix(_CALENDAR_END)


def iter_ics_chunks(export: ExportRequest, *, base_url: str = "") -> Iterator[str]:
    """A VCALENDAR of the events, streamed; partial dates span their whole month or year, with a note.

    icalendar writes a Calendar only whole, from a component holding every event in memory. To keep
    the download streaming in constant memory, each chunk of rows is written as its VEVENTs, one
    Event.to_ical() each (properties in the order added, not sorted), between the calendar's head
    and its END line.
    """
    # generated_at is UTC (export_request); DTSTAMP must be a UTC time, written with its Z.
    stamp = vDatetime(export.generated_at.replace(tzinfo=UTC))
    yield _calendar_head(export)
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        yield "".join(
            ics_event(export_row(cells), stamp=stamp, base_url=base_url).to_ical(sorted=False).decode("utf-8")
            for cells in rows
        )
    yield _CALENDAR_END
