"""The one registry of download formats: every list page links every format registered here for its
subject, carrying the page's filter, so a format added here appears everywhere at once.

A format names its download's URL (tracker/urls.py), the parameters that shape the file rather than
choose its rows (`excel=1`), a label and a line saying who it is for. `links(subject, query)` is
what the templates read (tracker.templatetags.reader `export_links`).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

EVENTS = "events"
STATEMENTS = "statements"


@dataclass(frozen=True)
class ExportFormat:
    subject: str
    label: str
    url_name: str
    hint: str
    shaping: tuple[tuple[str, str], ...] = ()

    def href(self, query: str) -> str:
        """The download's address for the page's query string (already encoded), plus the shaping."""
        parts = [part for part in (query, urlencode(self.shaping)) if part]
        return reverse(self.url_name) + ("?" + "&".join(parts) if parts else "")


FORMATS: list[ExportFormat] = []


def register(export_format: ExportFormat) -> ExportFormat:
    """Add a format to every list page of its subject, in the order registered."""
    FORMATS.append(export_format)
    return export_format


def links(subject: str, query: str) -> list[dict[str, str]]:
    """The registered formats of `subject` as {label, href, hint}, each carrying `query`."""
    chosen = [item for item in FORMATS if item.subject == subject]
    return [{"label": item.label, "href": item.href(query), "hint": item.hint} for item in chosen]


EXCEL = (("excel", "1"),)

register(
    ExportFormat(
        EVENTS,
        "Readable CSV",
        "events_export_readable_csv",
        "names, dates as written, each event's address and its sources; opens in Excel",
        EXCEL,
    )
)
register(ExportFormat(EVENTS, "CSV", "events_export_csv", "the import format: codes and slugs, reads back in"))
register(
    ExportFormat(
        EVENTS, "CSV for Excel", "events_export_csv", "the import format with a byte-order mark for Excel", EXCEL
    )
)
register(ExportFormat(EVENTS, "JSON", "events_export_json", "the import format nested, with the quotes"))
register(ExportFormat(EVENTS, "GeoJSON", "events_export_geojson", "events with coordinates, for maps"))
register(ExportFormat(EVENTS, "iCalendar", "events_export_ics", "for a calendar app; partial dates span their period"))
register(
    ExportFormat(EVENTS, "PLOVER JSON lines", "events_export_plover", "one event a line in the PLOVER event-data style")
)
register(ExportFormat(EVENTS, "TimelineJS", "events_export_timelinejs", "a TimelineJS3 document, ready for its embed"))
register(ExportFormat(STATEMENTS, "CSV", "statements_export_csv", "one quote a row, with its sources"))
register(
    ExportFormat(
        STATEMENTS, "CSV for Excel", "statements_export_csv", "the same with a byte-order mark for Excel", EXCEL
    )
)
register(ExportFormat(STATEMENTS, "JSON", "statements_export_json", "one quote an object, sources as a list"))
