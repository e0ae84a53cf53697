"""Exports of any filtered event list: CSV, JSON, iCalendar and GeoJSON, streamed with constant memory.

How a row is built
------------------
One SELECT (`export_sql`) builds every export row, for every format: the database formats each
cell as text (ISO dates, EDTF, dashed UUIDs, trimmed decimals) and aggregates the multi-valued
columns (countries, participants, topics, citations…) into one cell each with the documented
micro-format (items split by ``;``, fields by ``|``, both escaped with ``\\``). Python then only
moves tuples: CSV writes the cells as they come (after spreadsheet neutralisation), and JSON,
GeoJSON and iCalendar nest the very same cells with `export_row`. So the formats cannot drift
apart, and the CSV hot path is a plain cursor loop: no ORM objects and no query per row.

The rows come from `tracker.queries.selectors.events_matching`, so one query string means the same rows
on the timeline and in every export; anonymous readers get published events only.

For the benchmark: `export_sql(queryset)` gives the exact SELECT (run it in the sqlite3 shell with
`export_sql_for_shell`), `write_csv(file, queryset)` writes the CSV an HTTP download would carry.
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any
from urllib.parse import urlencode

import orjson
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

import tracker
from tracker.domain.dates import format_period
from tracker.models import KIND_CODES
from tracker.queries.selectors import events_matching

FORMAT_NAME = "diplomacy-tracker/events"
FORMAT_VERSION = 1
CHUNK_ROWS = 2000

# The columns of every export, in CSV order. JSON keys are the same names.
COLUMNS = (
    "uid",
    "title",
    "kind",
    "cameo",
    "plover_type",
    "plover_mode",
    "start_date",
    "end_date",
    "date_precision",
    "edtf",
    "place_name",
    "place_country",
    "latitude",
    "longitude",
    "host_country",
    "host_organization",
    "countries",
    "party_countries",
    "party_organizations",
    "participants",
    "topics",
    "series",
    "parent",
    "lifecycle",
    "summary",
    "outcome",
    "citations",
    "slug",
    "is_published",
)
# Multi-valued cells and the fields of each item (a bare list when there is one field).
PARTICIPANT_FIELDS = ("person", "name", "role", "country", "organization", "office")
CITATION_FIELDS = ("publisher", "title", "url", "published_on", "accessed_on", "locator", "excerpt")
LIST_COLUMNS = ("countries", "party_countries", "party_organizations", "topics")
RECORD_COLUMNS = {"participants": PARTICIPANT_FIELDS, "citations": CITATION_FIELDS}
# Scalars that are absent rather than empty: JSON writes null for them.
OPTIONAL_COLUMNS = (
    "cameo",
    "plover_type",
    "plover_mode",
    "place_country",
    "host_country",
    "host_organization",
    "series",
    "parent",
)

# Cells a spreadsheet would run as a formula start with one of these; the apostrophe is in the set
# so that neutralisation can be undone without ambiguity (see docs/data-format.md).
FORMULA_STARTS = frozenset("=+-@\t\r'")
# Free-text cells that may start with anything; codes, dates, numbers and slugs never need it
# (a negative longitude must stay a number).
NEUTRALISED_COLUMNS = ("title", "place_name", "summary", "outcome", "participants", "citations")
_NEUTRALISED_INDEXES = tuple(COLUMNS.index(name) for name in NEUTRALISED_COLUMNS)


# --- The one SELECT ---------------------------------------------------------------------------

_EVENT = '"tracker_event"'


def _escape(expression: str) -> str:
    """SQL that escapes a value for a multi-valued cell: \\ → \\\\, ; → \\;, | → \\|."""
    return f"replace(replace(replace(COALESCE({expression}, ''), '\\', '\\\\'), ';', '\\;'), '|', '\\|')"


def _text(expression: str) -> str:
    return f"COALESCE(CAST({expression} AS TEXT), '')"


def _aggregate(item: str, from_where: str, order_by: str) -> str:
    """A correlated subquery that joins the items of one event with ';' in a fixed order."""
    if connection.vendor == "postgresql":
        return (
            f"COALESCE((SELECT string_agg(sub.item, ';' ORDER BY sub.k) "
            f"FROM (SELECT {item} AS item, {order_by} AS k {from_where}) sub), '')"
        )
    # SQLite before 3.44 has no ORDER BY inside group_concat; it keeps an ordered subquery's order.
    return (
        f"COALESCE((SELECT group_concat(sub.item, ';') "
        f"FROM (SELECT {item} AS item {from_where} ORDER BY {order_by}) sub), '')"
    )


def _uid(expression: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST({expression} AS TEXT)"
    # SQLite stores a UUIDField as 32 hex digits without dashes.
    parts = ["substr({0}, 1, 8)", "substr({0}, 9, 4)", "substr({0}, 13, 4)", "substr({0}, 17, 4)", "substr({0}, 21)"]
    return "lower(" + " || '-' || ".join(part.format(expression) for part in parts) + ")"


def _decimal(expression: str) -> str:
    if connection.vendor == "postgresql":
        # trim_scale drops the trailing zeros numeric(8,5) keeps, so both backends print 35.6762.
        return f"COALESCE(CAST(trim_scale({expression}) AS TEXT), '')"
    return _text(expression)


def _kind_code(position: int) -> str:
    whens = " ".join(f"WHEN '{kind}' THEN '{codes[position]}'" for kind, codes in KIND_CODES.items())
    return f"CASE {_EVENT}.\"kind\" {whens} ELSE '' END"


def _edtf() -> str:
    """EDTF in SQL, the same as tracker.domain.dates.edtf_period: 2025-10, 2013, 2026-01-13/2026-01-14."""
    start, end = f'CAST({_EVENT}."start_date" AS TEXT)', f'CAST({_EVENT}."end_date" AS TEXT)'

    def at(width: int) -> str:
        first, last = f"substr({start}, 1, {width})", f"substr({end}, 1, {width})"
        return f"{first} || CASE WHEN {first} <> {last} THEN '/' || {last} ELSE '' END"

    return f"CASE {_EVENT}.\"date_precision\" WHEN 'year' THEN {at(4)} WHEN 'month' THEN {at(7)} ELSE {at(10)} END"


def _column_sql(*, drafts_visible: bool = False) -> dict[str, str]:
    """Each export column as an SQL expression over the event row, formatted as text.

    Without `drafts_visible`, a parent that is a draft is left out, so its uid never reaches readers.
    """
    event_id = f'{_EVENT}."id"'
    participant = " || '|' || ".join(
        [
            _escape("person.slug"),
            _escape("person.name"),
            _escape("pa.role"),
            _escape("pa.represented_country_id"),
            _escape("org.slug"),
            _escape("office.slug"),
        ]
    )
    citation = " || '|' || ".join(
        [
            _escape("src.publisher"),
            _escape("src.title"),
            _escape("src.url"),
            _escape("CAST(src.published_on AS TEXT)"),
            _escape("CAST(src.accessed_on AS TEXT)"),
            _escape("cit.locator"),
            _escape("cit.excerpt"),
        ]
    )
    return {
        "uid": _uid(f'{_EVENT}."uid"'),
        "title": f'{_EVENT}."title"',
        "kind": f'{_EVENT}."kind"',
        "cameo": _kind_code(0),
        "plover_type": _kind_code(1),
        "plover_mode": _kind_code(2),
        "start_date": _text(f'{_EVENT}."start_date"'),
        "end_date": _text(f'{_EVENT}."end_date"'),
        "date_precision": f'{_EVENT}."date_precision"',
        "edtf": _edtf(),
        "place_name": f'{_EVENT}."place_name"',
        "place_country": f"COALESCE({_EVENT}.\"place_country_id\", '')",
        "latitude": _decimal(f'{_EVENT}."latitude"'),
        "longitude": _decimal(f'{_EVENT}."longitude"'),
        "host_country": f"COALESCE({_EVENT}.\"host_country_id\", '')",
        "host_organization": (
            "COALESCE((SELECT ho.slug FROM tracker_organization ho "
            f"WHERE ho.id = {_EVENT}.\"host_organization_id\"), '')"
        ),
        "countries": _aggregate(
            "ec.country_id", f"FROM tracker_eventcountry ec WHERE ec.event_id = {event_id}", "ec.country_id"
        ),
        "party_countries": _aggregate(
            "pc.country_id", f"FROM tracker_event_party_countries pc WHERE pc.event_id = {event_id}", "pc.country_id"
        ),
        "party_organizations": _aggregate(
            _escape("po_org.slug"),
            # CROSS JOIN keeps SQLite from scanning every organisation to get slug order.
            "FROM tracker_event_party_organizations po CROSS JOIN tracker_organization po_org "
            f"WHERE po_org.id = po.organization_id AND po.event_id = {event_id}",
            "po_org.slug",
        ),
        "participants": _aggregate(
            participant,
            "FROM tracker_participation pa JOIN tracker_person person ON person.id = pa.person_id "
            "LEFT JOIN tracker_organization org ON org.id = pa.represented_organization_id "
            "LEFT JOIN tracker_position pos ON pos.id = pa.position_id "
            "LEFT JOIN tracker_office office ON office.id = pos.office_id "
            f"WHERE pa.event_id = {event_id}",
            "pa.id",
        ),
        "topics": _aggregate(
            _escape("topic.slug"),
            "FROM tracker_event_topics et JOIN tracker_topic topic ON topic.id = et.topic_id "
            f"WHERE et.event_id = {event_id}",
            "topic.slug",
        ),
        "series": f"COALESCE((SELECT se.slug FROM tracker_series se WHERE se.id = {_EVENT}.\"series_id\"), '')",
        "parent": (
            f'COALESCE((SELECT {_uid("pe.uid")} FROM tracker_event pe WHERE pe.id = {_EVENT}."parent_id"'
            f"{'' if drafts_visible else ' AND pe.is_published'}), '')"
        ),
        "lifecycle": f'{_EVENT}."lifecycle"',
        "summary": f'{_EVENT}."summary"',
        "outcome": f'{_EVENT}."outcome"',
        "citations": _aggregate(
            citation,
            "FROM tracker_citation cit JOIN tracker_source src ON src.id = cit.source_id "
            f"WHERE cit.event_id = {event_id}",
            "cit.id",
        ),
        "slug": f'{_EVENT}."slug"',
        "is_published": f"CASE WHEN {_EVENT}.\"is_published\" THEN 'true' ELSE 'false' END",
    }


def export_sql(events: QuerySet, *, drafts_visible: bool = False) -> tuple[str, tuple]:
    """The one SELECT behind every export: one row per event, every cell text, in COLUMNS order.

    `events` is a filtered Event queryset (from events_matching); its WHERE clause and its
    start_date, id order are kept. Correlated subqueries aggregate the multi-valued columns, so
    the query count does not grow with the rows and a raw cursor can stream the result.
    """
    columns = _column_sql(drafts_visible=drafts_visible)
    annotations = {f"export_{name}": RawSQL(columns[name], ()) for name in COLUMNS}
    queryset = events.order_by("start_date", "id").annotate(**annotations).values_list(*annotations)
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def export_sql_for_shell(events: QuerySet, *, drafts_visible: bool = False) -> str:
    """export_sql with its parameters inlined, for the sqlite3 command-line shell (benchmarks)."""
    sql, params = export_sql(events, drafts_visible=drafts_visible)
    if not params:
        return sql
    literals = tuple(_sql_literal(value) for value in params)
    return _inline(sql, literals)


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _inline(sql: str, literals: tuple[str, ...]) -> str:
    parts = sql.split("%s")
    return parts[0] + "".join(literal + part for literal, part in zip(literals, parts[1:], strict=True))


def iter_records(
    events: QuerySet, *, chunk_rows: int = CHUNK_ROWS, drafts_visible: bool = False
) -> Iterator[list[tuple]]:
    """Yield the export rows in chunks, from one streaming cursor (server-side on PostgreSQL)."""
    sql, params = export_sql(events, drafts_visible=drafts_visible)
    connection.ensure_connection()
    cursor = connection.chunked_cursor()
    try:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(chunk_rows)
            if not rows:
                break
            yield rows
    finally:
        cursor.close()


# --- Multi-valued cells -------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def split_cell(cell: str | None, separator: str = ";") -> list[str]:
    """Split a multi-valued cell on unescaped separators, keeping escapes in the parts."""
    if not cell:
        return []
    if "\\" not in cell:
        return cell.split(separator)
    parts, current, index = [], [], 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and index + 1 < len(cell):
            current.append(cell[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def split_list(cell: str | None) -> list[str]:
    """A multi-valued cell of single values (countries, topics…) as a list, escapes undone."""
    if not cell:
        return []
    if "\\" not in cell:
        return cell.split(";")
    return [unescape(item) for item in split_cell(cell)]


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def escape(text: str) -> str:
    """The escaping the SQL applies, for writers of multi-valued cells by hand or in tests."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def parse_items(cell: str | None, fields: tuple[str, ...]) -> list[dict[str, str | None]]:
    """A participants or citations cell as a list of dicts; empty fields become None."""
    if not cell:
        return []
    if "\\" in cell:
        split = [[unescape(part) or None for part in split_cell(raw, "|")] for raw in split_cell(cell)]
    else:  # nothing escaped, the common case: plain splits
        split = [[part or None for part in raw.split("|")] for raw in cell.split(";")]
    padding = [None] * len(fields)
    return [dict(zip(fields, values + padding[len(values) :], strict=False)) for values in split]


# --- The row --------------------------------------------------------------------------------------


def export_row(cells: tuple | list) -> dict[str, Any]:
    """Nest one flat export row (cells in COLUMNS order, as CSV carries them) into the JSON row.

    Lists become arrays, participants and citations arrays of objects, coordinates numbers,
    is_published a boolean, absent references null. The importer reads CSV rows through this same
    function, so a CSV file and a JSON file of the same rows import identically.
    """
    row = dict(zip(COLUMNS, cells, strict=False))
    for name in LIST_COLUMNS:
        row[name] = split_list(row.get(name))
    for name, fields in RECORD_COLUMNS.items():
        row[name] = parse_items(row.get(name), fields)
    for name in OPTIONAL_COLUMNS:
        row[name] = row.get(name) or None
    for name in ("latitude", "longitude"):
        value = row.get(name)
        try:
            row[name] = float(value) if value else None
        except ValueError:
            row[name] = value  # only hand-made import files get here; the importer reports it
    row["is_published"] = row.get("is_published") == "true"
    return row


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (or that starts with ') with an apostrophe."""
    return "'" + value if value and value[0] in FORMULA_STARTS else value


def _neutralised(rows: list[tuple]) -> list:
    """Rows with their free-text cells neutralised; untouched rows are passed through as they are."""
    out = []
    indexes = _NEUTRALISED_INDEXES
    starts = FORMULA_STARTS
    for row in rows:
        for index in indexes:
            value = row[index]
            if value and value[0] in starts:
                row = list(row)
                for other in indexes:
                    row[other] = neutralise(row[other])
                break
        out.append(row)
    return out


# --- Provenance ----------------------------------------------------------------------------------


@dataclass
class ExportRequest:
    """What an export was asked for: the filtered events and how to describe them."""

    events: QuerySet
    query: str
    filters: dict[str, list[str]]
    generated_at: datetime
    drafts_visible: bool = False

    @property
    def date_stamp(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d")

    def filename(self, extension: str) -> str:
        return f"diplomacy-tracker-events-{self.date_stamp}.{extension}"

    def meta(self, *, row_count: int, sha256: str, sha256_of: str, **extra) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "query": self.query,
            "filters": self.filters,
            "generated_at": self.generated_at.isoformat().replace("+00:00", "Z"),
            "row_count": row_count,
            "app_version": tracker.__version__,
            "sha256": sha256,
            "sha256_of": sha256_of,
            "columns": list(COLUMNS),
            **extra,
        }


class BadFilter(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
        self.errors = errors


# Parameters that shape the file, not the rows; they are not filters.
FORMAT_PARAMETERS = ("excel",)


def export_request(params, user, *, now: datetime | None = None) -> ExportRequest:
    """Bind the shared filter to `params` for `user`; raise BadFilter when a value is wrong."""
    filter_params = params.copy() if hasattr(params, "copy") else dict(params)
    for name in FORMAT_PARAMETERS:
        filter_params.pop(name, None)
    result = events_matching(filter_params, user)
    if not result.is_valid:
        raise BadFilter(result.errors)
    if hasattr(filter_params, "lists"):
        filters = {name: values for name, values in filter_params.lists() if any(values)}
        query = filter_params.urlencode()
    else:
        filters = {name: value if isinstance(value, list) else [value] for name, value in filter_params.items()}
        query = urlencode(filters, doseq=True)
    generated_at = (now or datetime.now(UTC)).replace(microsecond=0)
    drafts_visible = bool(user is not None and user.is_active and user.is_staff)
    return ExportRequest(
        events=result.events, query=query, filters=filters, generated_at=generated_at, drafts_visible=drafts_visible
    )


# --- CSV ----------------------------------------------------------------------------------------

ROW_HASH_DEFINITION = (
    "SHA-256 of the rows: each row of the 'rows' array serialised as compact JSON (no spaces, keys "
    "sorted, UTF-8, non-ASCII unescaped), followed by a newline, in export order"
)
CSV_HASH_DEFINITION = "SHA-256 of the CSV file's bytes exactly as downloaded with the same query string"


def iter_csv_chunks(
    events: QuerySet, *, excel: bool = False, counter: list[int] | None = None, drafts_visible: bool = False
) -> Iterator[str]:
    """The CSV document in pieces of about CHUNK_ROWS rows: header first, CRLF line ends (RFC 4180).

    With `excel`, a UTF-8 byte-order mark comes first so Excel reads the file as UTF-8. When a
    `counter` list is given, its first item is increased by the rows written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if excel:
        buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for rows in iter_records(events, drafts_visible=drafts_visible):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_neutralised(rows))
        if counter is not None:
            counter[0] += len(rows)
        yield buffer.getvalue()


def iter_csv_lines(params, user, *, excel: bool = False) -> Iterator[str]:
    """The CSV download for a query string and a user, as the view streams it (for benchmarks too).

    Raises BadFilter before yielding anything when the query string is invalid.
    """
    export = export_request(params, user)
    return iter_csv_chunks(export.events, excel=excel, drafts_visible=export.drafts_visible)


def write_csv(file: IO[str], events: QuerySet, *, excel: bool = False) -> int:
    """Write the CSV export of `events` to a text file opened with newline=''; return the row count."""
    counter = [0]
    for chunk in iter_csv_chunks(events, excel=excel, counter=counter):
        file.write(chunk)
    return counter[0]


def csv_meta(export: ExportRequest, *, excel: bool = False) -> dict[str, Any]:
    """Provenance of a CSV download: a second pass over the same rows hashes the same bytes."""
    digest = hashlib.sha256()
    counter = [0]
    for chunk in iter_csv_chunks(export.events, excel=excel, counter=counter, drafts_visible=export.drafts_visible):
        digest.update(chunk.encode("utf-8"))
    return export.meta(
        row_count=counter[0],
        sha256=digest.hexdigest(),
        sha256_of=CSV_HASH_DEFINITION,
        filename=export.filename("csv"),
        excel=excel,
    )


# --- JSON and GeoJSON ----------------------------------------------------------------------------


def iter_json_chunks(export: ExportRequest) -> Iterator[bytes]:
    """The JSON document: rows first, one per line, then the meta block with the hash of the rows.

    The meta block comes last because the hash and the row count are known only once every row has
    been streamed; readers that need it first can fetch /events/export.meta.json.
    """
    digest = hashlib.sha256()
    count = 0
    yield b'{"format":"' + FORMAT_NAME.encode() + b'","format_version":' + str(FORMAT_VERSION).encode()
    yield b',"rows":['
    separator = b"\n"
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        parts = []
        for cells in rows:
            line = orjson.dumps(export_row(cells), option=orjson.OPT_SORT_KEYS)
            digest.update(line + b"\n")
            parts.append(separator + line)
            separator = b",\n"
        count += len(rows)
        yield b"".join(parts)
    meta = export.meta(row_count=count, sha256=digest.hexdigest(), sha256_of=ROW_HASH_DEFINITION)
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"


def rows_digest(export: ExportRequest) -> tuple[int, str]:
    """Row count and the JSON rows' SHA-256 without building the document (for the meta twin)."""
    digest = hashlib.sha256()
    count = 0
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        for cells in rows:
            digest.update(orjson.dumps(export_row(cells), option=orjson.OPT_SORT_KEYS) + b"\n")
        count += len(rows)
    return count, digest.hexdigest()


def iter_geojson_chunks(export: ExportRequest) -> Iterator[bytes]:
    """A GeoJSON FeatureCollection of the events that have coordinates; meta as a foreign member."""
    digest = hashlib.sha256()
    count = 0
    yield b'{"type":"FeatureCollection","features":['
    separator = b"\n"
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        parts = []
        for cells in rows:
            row = export_row(cells)
            if row["latitude"] is None or row["longitude"] is None:
                continue
            digest.update(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n")
            feature = {
                "type": "Feature",
                "id": row["uid"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": row,
            }
            parts.append(separator + orjson.dumps(feature))
            separator = b",\n"
            count += 1
        if parts:
            yield b"".join(parts)
    meta = export.meta(
        row_count=count,
        sha256=digest.hexdigest(),
        sha256_of=ROW_HASH_DEFINITION.replace("'rows' array", "features' properties"),
        note="Only events with coordinates are features; the other formats carry every event.",
    )
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"


# --- iCalendar (RFC 5545) -----------------------------------------------------------------------

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
