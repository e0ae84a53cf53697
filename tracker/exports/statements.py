"""Exports of quotes: one row per statement, built by `statement_row` for CSV and JSON alike, and the
quotes the event JSON export carries beside its rows (`statements_of_events`).

Rows come from tracker.queries.statements.statements_matching (the same filter as /statements/ and
/api/statements/), streamed from the ORM in chunks with their speakers, offices and sources
prefetched, so memory stays flat and the query count does not grow with the rows.

What a row shows is prefetched into plain lists (`to_attr`), not into the related managers the pages
read: to hold a manager's prefetched rows Django clones a queryset for every quote and every
speaker, which was most of an export's time per quote (0.25 ms; 30 s of a whole-archive JSON export
at 1,000,000 events).
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

import orjson
from django.db.models import Prefetch, QuerySet

from tracker.domain.offices import office_when_said
from tracker.exports.csv import neutralise
from tracker.exports.request import ExportRequest
from tracker.models import Citation, Event, Statement
from tracker.models.sources import positions_with_offices

STATEMENT_FORMAT_NAME = "diplomacy-tracker/statements"
CHUNK_STATEMENTS = 500

STATEMENT_COLUMNS = (
    "quote",
    "speaker",
    "speaker_name",
    "speaker_description",
    "office_then",
    "language",
    "said_on",
    "said_on_precision",
    "said_when",
    "said_at",
    "said_at_event",
    "said_at_event_title",
    "said_at_event_url",
    "about_event",
    "about_event_title",
    "about_event_url",
    "sources",
)
# Free text a spreadsheet could take for a formula (tracker.exports.csv.neutralise).
_NEUTRALISED = frozenset(
    {"quote", "speaker_name", "speaker_description", "said_at", "said_at_event_title", "about_event_title", "sources"}
)


# Where a row's prefetched lists are kept: on the speaker, their positions with offices; on the quote,
# its citations with sources (in Citation's order, as `statement.citations.all()` gives them).
_POSITIONS = "exported_positions"
_CITATIONS = "exported_citations"


# The columns `statement_row` reads of the speaker and of the two events: read whole, each quote
# also converted two events' timestamps, coordinates and summaries it never shows.
_SHOWN_OF_RELATED = {
    "speaker": ("slug", "name"),
    "event": ("uid", "title", "slug", "start_date", "date_precision"),
    "about_event": ("uid", "title", "slug"),
}


def _for_export(statements: QuerySet) -> QuerySet:
    """The quotes with everything `statement_row` reads, in a fixed number of queries per chunk."""
    own = [field.name for field in Statement._meta.concrete_fields]
    shown = [f"{related}__{name}" for related, names in _SHOWN_OF_RELATED.items() for name in names]
    return (
        statements.select_related(*_SHOWN_OF_RELATED)
        .only(*own, *shown)
        .prefetch_related(
            Prefetch("speaker__positions", queryset=positions_with_offices(), to_attr=_POSITIONS),
            Prefetch("citations", queryset=Citation.objects.select_related("source"), to_attr=_CITATIONS),
        )
    )


def _event_fields(event: Event | None, base_url: str) -> tuple[str | None, str | None, str | None]:
    if event is None:
        return None, None, None
    return str(event.uid), event.title, base_url + event.get_absolute_url()


def source_text(source: dict[str, Any]) -> str:
    """A source as a person reads it: `Reuters, “Title”, 2026-01-13, https://…` (what is known of it)."""
    title = f"“{source['title']}”" if source.get("title") else ""
    parts = [source.get("publisher"), title, source.get("published_on"), source.get("url")]
    return ", ".join(part for part in parts if part)


def statement_row(statement: Statement, *, base_url: str = "") -> dict[str, Any]:
    """One quote as an export row (STATEMENT_COLUMNS), sources as a list of objects.

    Event URLs are relative to the site unless `base_url` ("https://host") is given. `office_then`
    is the office the speaker held when it was said (tracker.domain.offices.office_when_said), null
    when unattributed or undated. Reads a quote as `_for_export` selects it.
    """
    speaker = statement.speaker
    office = office_when_said(statement, getattr(speaker, _POSITIONS) if speaker else None)
    said_event, said_title, said_url = _event_fields(statement.event, base_url)
    about_event, about_title, about_url = _event_fields(statement.about_event, base_url)
    return {
        "quote": statement.quote,
        "speaker": speaker.slug if speaker else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_description": statement.speaker_description or None,
        "office_then": str(office.office) if office else None,
        "language": statement.language,
        "said_on": statement.said_on.isoformat() if statement.said_on else None,
        "said_on_precision": statement.said_on_precision if statement.said_on else None,
        "said_when": statement.when or None,
        "said_at": statement.said_where or None,
        "said_at_event": said_event,
        "said_at_event_title": said_title,
        "said_at_event_url": said_url,
        "about_event": about_event,
        "about_event_title": about_title,
        "about_event_url": about_url,
        "sources": [
            {
                "publisher": citation.source.publisher,
                "title": citation.source.title or None,
                "url": citation.source.url or None,
                "published_on": citation.source.published_on.isoformat() if citation.source.published_on else None,
                "locator": citation.locator or None,
            }
            for citation in getattr(statement, _CITATIONS)
        ],
    }


def _chunks(statements: QuerySet) -> Iterator[list[Statement]]:
    chunk: list[Statement] = []
    for statement in _for_export(statements).iterator(chunk_size=CHUNK_STATEMENTS):
        chunk.append(statement)
        if len(chunk) == CHUNK_STATEMENTS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _csv_cells(row: dict[str, Any]) -> list[str]:
    cells = []
    for name in STATEMENT_COLUMNS:
        value = row[name]
        if name == "sources":
            value = "; ".join(source_text(source) for source in value)
        value = "" if value is None else str(value)
        cells.append(neutralise(value) if name in _NEUTRALISED else value)
    return cells


def iter_statement_csv_chunks(statements: QuerySet, *, base_url: str = "", excel: bool = False) -> Iterator[str]:
    """The quotes as CSV (RFC 4180, CRLF), header first; `excel` puts a UTF-8 byte-order mark first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if excel:
        buffer.write("\ufeff")
    writer.writerow(STATEMENT_COLUMNS)
    yield buffer.getvalue()
    for rows in iter_statement_rows(statements, base_url=base_url):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_csv_cells(row) for row in rows)
        yield buffer.getvalue()


def iter_statement_json_chunks(statements: QuerySet, export: ExportRequest, *, base_url: str = "") -> Iterator[bytes]:
    """The quotes as one JSON document: {"format", "rows": [...], "meta": {query, filters, count…}}."""
    count = 0
    yield b'{"format":"' + STATEMENT_FORMAT_NAME.encode() + b'","rows":['
    separator = b"\n"
    for rows in iter_statement_rows(statements, base_url=base_url):
        parts = []
        for row in rows:
            parts.append(separator + orjson.dumps(row))
            separator = b",\n"
        count += len(rows)
        yield b"".join(parts)
    meta = {
        "query": export.query,
        "filters": export.filters,
        "generated_at": export.generated_at.isoformat().replace("+00:00", "Z"),
        "row_count": count,
        "columns": list(STATEMENT_COLUMNS),
    }
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"


def statements_of_events(events: QuerySet, *, drafts_visible: bool) -> QuerySet:
    """The quotes said at or about any of `events`, in the order they were said, that the reader may
    see (tracker.models.visibility: all of them with `drafts_visible`, as staff see them)."""
    quotes = Statement.objects.all() if drafts_visible else Statement.objects.public()
    return quotes.at_or_about(events).in_order()


def iter_statement_rows(statements: QuerySet, *, base_url: str = "") -> Iterator[list[dict[str, Any]]]:
    """Statement rows in chunks, streamed from the ORM with everything a row reads prefetched."""
    for chunk in _chunks(statements):
        yield [statement_row(statement, base_url=base_url) for statement in chunk]
