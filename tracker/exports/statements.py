"""Exports of quotes: one row per statement, built by `statement_row` for CSV and JSON alike, and the
quotes the event JSON export carries beside its rows (`statements_of_events`).

Rows come from tracker.queries.statements.statements_matching (the same filter as /statements/ and
/api/statements/), streamed in chunks, so memory stays flat and the query count does not grow with
the rows.

A quote is read as the cells its row shows (`QuoteCells`: one query joining its speaker and both
events), not as model instances: a quote's instances, its speaker's, its events' and their
prefetched positions and sources were most of an export's time per quote (0.14 ms; 14 s of a
whole-archive JSON export at 1,000,000 events). Its sources are read per chunk, as cells too. The
speakers' positions are read once for each speaker, however many quotes they said, and their office
then is chosen by the rule every surface uses (tracker.domain.offices.quote_period and
choose_tenure).
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import orjson
from django.db.models import QuerySet

from tracker.domain.offices import Tenure, choose_tenure, quote_period, tenure_of
from tracker.exports.arrays import array_items
from tracker.exports.csv import neutralise
from tracker.exports.identifiers import event_url
from tracker.exports.request import ExportRequest
from tracker.models import Citation, Statement
from tracker.models.sources import positions_with_offices, said_when_text, said_where_text

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


class QuoteCells(NamedTuple):
    """What a quote's export row reads: its own cells, its speaker's and both events' (None for a link
    that is empty). Each field is named by the lookup that selects it (`_QUOTE_LOOKUPS`)."""

    id: int
    quote: str
    speaker_id: int | None
    speaker__slug: str | None
    speaker__name: str | None
    speaker_description: str
    language: str
    said_on: date | None
    said_on_precision: str
    said_at: str
    event__uid: UUID | None
    event__title: str | None
    event__slug: str | None
    event__start_date: date | None
    event__date_precision: str | None
    about_event__uid: UUID | None
    about_event__title: str | None
    about_event__slug: str | None


_QUOTE_LOOKUPS = QuoteCells._fields
_SOURCE_LOOKUPS = (
    "statement_id",
    "source__publisher",
    "source__title",
    "source__url",
    "source__published_on",
    "locator",
)


class _SpeakersOffices:
    """Each speaker's tenures (what tracker.domain.offices.choose_tenure reads of a position) and the
    text of each office, read once per speaker for the whole export: a person says many quotes and
    holds a handful of positions in a lifetime."""

    def __init__(self) -> None:
        self._tenures: dict[int, list[Tenure]] = {}
        self._office_text: dict[int, str] = {}

    def read(self, speaker_ids: Iterable[int | None]) -> None:
        unread = {speaker_id for speaker_id in speaker_ids if speaker_id is not None} - self._tenures.keys()
        for speaker_id in unread:
            self._tenures[speaker_id] = []
        if unread:
            for position in positions_with_offices().filter(person_id__in=unread):
                self._tenures[position.person_id].append(tenure_of(position))
                self._office_text[position.pk] = str(position.office)

    def office_then(self, quote: QuoteCells) -> str | None:
        """The office the speaker held when the quote was said, as text; None when unattributed or
        undated (tracker.domain.offices.quote_period)."""
        if quote.speaker_id is None:
            return None
        period = quote_period(
            quote.said_on, quote.said_on_precision, quote.event__start_date, quote.event__date_precision
        )
        chosen = choose_tenure(self._tenures[quote.speaker_id], *period) if period else None
        return self._office_text[chosen.position_id] if chosen else None


def _sources_of(statement_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each quote's sources as its row shows them, in Citation's order."""
    sources: dict[int, list[dict[str, Any]]] = {}
    cited = Citation.objects.filter(statement_id__in=statement_ids).values_list(*_SOURCE_LOOKUPS)
    for statement_id, publisher, title, url, published_on, locator in cited:
        sources.setdefault(statement_id, []).append(
            {
                "publisher": publisher,
                "title": title or None,
                "url": url or None,
                "published_on": published_on.isoformat() if published_on else None,
                "locator": locator or None,
            }
        )
    return sources


def source_text(source: dict[str, Any]) -> str:
    """A source as a person reads it: `Reuters, “Title”, 2026-01-13, https://…` (what is known of it)."""
    title = f"“{source['title']}”" if source.get("title") else ""
    parts = [source.get("publisher"), title, source.get("published_on"), source.get("url")]
    return ", ".join(part for part in parts if part)


def statement_row(
    quote: QuoteCells, *, office_then: str | None, sources: list[dict[str, Any]], base_url: str = ""
) -> dict[str, Any]:
    """One quote as an export row (STATEMENT_COLUMNS), sources as a list of objects.

    Event URLs are relative to the site unless `base_url` ("https://host") is given. `office_then`
    is the office the speaker held when it was said, null when unattributed or undated.
    """
    said = quote.event__uid is not None
    about = quote.about_event__uid is not None
    return {
        "quote": quote.quote,
        "speaker": quote.speaker__slug,
        "speaker_name": quote.speaker__name,
        "speaker_description": quote.speaker_description or None,
        "office_then": office_then,
        "language": quote.language,
        "said_on": quote.said_on.isoformat() if quote.said_on else None,
        "said_on_precision": quote.said_on_precision if quote.said_on else None,
        "said_when": said_when_text(quote.said_on, quote.said_on_precision) or None,
        "said_at": said_where_text(quote.said_at) or None,
        "said_at_event": str(quote.event__uid) if said else None,
        "said_at_event_title": quote.event__title,
        "said_at_event_url": event_url(base_url, quote.event__slug) if said else None,
        "about_event": str(quote.about_event__uid) if about else None,
        "about_event_title": quote.about_event__title,
        "about_event_url": event_url(base_url, quote.about_event__slug) if about else None,
        "sources": sources,
    }


def _chunks(statements: QuerySet) -> Iterator[list[QuoteCells]]:
    chunk: list[QuoteCells] = []
    for cells in statements.values_list(*_QUOTE_LOOKUPS).iterator(chunk_size=CHUNK_STATEMENTS):
        chunk.append(QuoteCells._make(cells))
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

    def serialised():
        nonlocal count
        for rows in iter_statement_rows(statements, base_url=base_url):
            count += len(rows)
            yield [orjson.dumps(row) for row in rows]

    yield b'{"format":"' + STATEMENT_FORMAT_NAME.encode() + b'","rows":['
    yield from array_items(serialised())
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
    """Statement rows in chunks: each chunk's quotes in one query's cells, their sources in one more,
    and the positions of speakers not met before in a third."""
    offices = _SpeakersOffices()
    for chunk in _chunks(statements):
        offices.read(quote.speaker_id for quote in chunk)
        sources = _sources_of([quote.id for quote in chunk])
        yield [
            statement_row(
                quote, office_then=offices.office_then(quote), sources=sources.get(quote.id, []), base_url=base_url
            )
            for quote in chunk
        ]
