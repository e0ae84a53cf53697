"""The readable CSV: the events for a person with a spreadsheet, beside the import CSV.

The import CSV (tracker.exports.csv) is the round-trip format: codes, slugs and packed
`slug|name|role|…` cells that the importer reads back. This one is for reading: names instead of
codes and slugs, labels instead of kinds, each event's address on the site, and every source
written out with its publisher, title, date and URL. It is built from the very same rows (the one
SELECT of tracker.exports.sql, nested by `export_row`), with the names looked up once per download,
so the two files always hold the same events. The importer does not read it.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.domain.dates import format_period
from tracker.exports.csv import neutralise
from tracker.exports.identifiers import event_url
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records
from tracker.exports.statements import source_text
from tracker.models import Country, Event, Office, Organization, Participation, Series, Topic

READABLE_COLUMNS = (
    "Title",
    "Dates",
    "Start date",
    "End date",
    "Date known to the",
    "Kind",
    "Status",
    "Place",
    "Place country",
    "Host",
    "Countries involved",
    "Participants",
    "Topics",
    "Series",
    "Part of",
    "Summary",
    "Outcome",
    "Sources",
    "Event page",
    "Record ID",
)
# Every cell but dates, the URL and the ID is text a spreadsheet could take for a formula.
_NOT_TEXT = frozenset({"Start date", "End date", "Event page", "Record ID"})
_KINDS = dict(Event.Kind.choices)
_LIFECYCLES = dict(Event.Lifecycle.choices)
_ROLES = dict(Participation.Role.choices)


@dataclass
class Names:
    """The names behind the codes and slugs of the export rows, read once per download."""

    countries: dict[str, str]
    organizations: dict[str, str]
    topics: dict[str, str]
    series: dict[str, str]
    offices: dict[str, str]

    @classmethod
    def load(cls) -> "Names":
        offices = Office.objects.select_related("country", "organization")
        return cls(
            countries=dict(Country.objects.values_list("code", "name")),
            organizations=dict(Organization.objects.values_list("slug", "name")),
            topics=dict(Topic.objects.values_list("slug", "name")),
            series=dict(Series.objects.values_list("slug", "name")),
            offices={office.slug: str(office) for office in offices},
        )


def _participant(item: dict[str, Any], names: Names) -> str:
    """ "Lee Jae Myung (President of South Korea), guest"; the office held there when recorded."""
    name = item["name"] or item["person"] or ""
    office = names.offices.get(item["office"] or "")
    represented = names.countries.get(item["country"] or "") or names.organizations.get(item["organization"] or "")
    detail = office or represented
    role = _ROLES.get(item["role"] or "", item["role"] or "").lower()
    return f"{name}{f' ({detail})' if detail else ''}{f', {role}' if role else ''}"


def _dates(row: dict[str, Any]) -> str:
    """The dates as the event page writes them: "13–14 Jan 2026", "Oct 2025", "2013"."""
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    return format_period(start, end, row["date_precision"])


def readable_row(row: dict[str, Any], names: Names, *, base_url: str, parents: dict[str, str]) -> list[str]:
    """One nested export row as the readable CSV's cells (READABLE_COLUMNS), neutralised for spreadsheets."""
    host = [names.countries.get(row["host_country"] or ""), names.organizations.get(row["host_organization"] or "")]
    place_country = names.countries.get(row["place_country"] or "", "")
    cells = {
        "Title": row["title"],
        "Dates": _dates(row),
        "Start date": row["start_date"],
        "End date": row["end_date"],
        "Date known to the": row["date_precision"],
        "Kind": _KINDS.get(row["kind"], row["kind"]),
        "Status": _LIFECYCLES.get(row["lifecycle"], row["lifecycle"]),
        "Place": row["place_name"],
        "Place country": place_country,
        "Host": "; ".join(name for name in host if name),
        "Countries involved": "; ".join(names.countries.get(code, code) for code in row["countries"]),
        "Participants": "; ".join(_participant(item, names) for item in row["participants"]),
        "Topics": "; ".join(names.topics.get(slug, slug) for slug in row["topics"]),
        "Series": names.series.get(row["series"] or "", ""),
        "Part of": parents.get(row["parent"] or "", ""),
        "Summary": row["summary"],
        "Outcome": row["outcome"],
        "Sources": "; ".join(source_text(citation) for citation in row["citations"]),
        "Event page": event_url(base_url, row["slug"]),
        "Record ID": row["uid"],
    }
    return [value if column in _NOT_TEXT else neutralise(value or "") for column, value in cells.items()]


def _parent_titles(uids: set[str]) -> dict[str, str]:
    if not uids:
        return {}
    return {str(uid): title for uid, title in Event.objects.filter(uid__in=uids).values_list("uid", "title")}


def iter_readable_csv_chunks(export: ExportRequest, *, base_url: str, excel: bool = False) -> Iterator[str]:
    """The readable CSV in pieces, header first, CRLF line ends; `excel` puts a UTF-8 byte-order mark first.

    The titles of the events rows sit under ("Part of") are read per chunk of rows, only those the
    export names (a draft parent is already left out for readers by the SELECT).
    """
    names = Names.load()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if excel:
        buffer.write("\ufeff")
    writer.writerow(READABLE_COLUMNS)
    yield buffer.getvalue()
    for records in iter_records(export.events, drafts_visible=export.drafts_visible):
        rows = [export_row(cells) for cells in records]
        parents = _parent_titles({row["parent"] for row in rows if row["parent"]})
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(readable_row(row, names, base_url=base_url, parents=parents) for row in rows)
        yield buffer.getvalue()
