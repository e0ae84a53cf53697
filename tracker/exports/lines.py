"""Exports read from each event's finished CSV line (tracker.models.exportlines), the SELECT filling gaps.

A reader's export (drafts hidden) walks the filtered events in export order and takes each event's
stored line; an event whose line is missing or was cleared by a write gets its cells from the one
export SELECT (tracker.exports.sql), in the same order. So the bytes are the SELECT's whatever the
state of the lines, and a whole-archive export costs reading text where lines are filled.

Lines are written by `fill_export_lines` (after each write, and by `manage.py fill_export_lines`)
with the rendering the CSV export uses (`render_line`), each with the event's JSON row as the JSON
export writes it (`render_json_row`), which the JSON export reads where the line is filled; other
formats read the cells back from a line with `parse_lines`. Lines written by other code (another
column list, another SELECT, another neutralisation or nesting) are never used: the format digest
they were written under must match this code's.
"""

import csv
import hashlib
import io
from collections.abc import Iterator

from django.apps import apps
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tracker.exports.numbers import dumps_row
from tracker.exports.schema import (
    COLUMNS,
    FORMAT_VERSION,
    FORMULA_STARTS,
    NEUTRALISED_COLUMNS,
    export_row,
    neutralised_row,
    unneutralised_row,
)
from tracker.exports.sql import CHUNK_ROWS, export_sql, fetched_chunks, iter_records, without_distinct
from tracker.models import Event, ExportJsonRow, ExportLine, ExportLineFormat

# Raised when the way a line or a JSON row is rendered changes without the SELECT, the columns or the
# JSON format's version changing.
LINE_RENDERING = 2

Row = str | bytes | tuple  # a stored line (or JSON row), or the cells of an event whose line is missing


class _LineWriter:
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def __call__(self, cells) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(neutralised_row(cells))
        return self.buffer.getvalue()


def render_line(cells) -> str:
    """One event's CSV line as a reader's download writes it: neutralised, quoted, CRLF-terminated."""
    return _LineWriter()(cells)


def render_json_row(cells) -> str:
    """One event's row as the JSON export writes it (and its hash covers), without the line break."""
    return dumps_row(export_row(cells)).decode()


def parse_lines(lines: list[str]) -> list[tuple]:
    """The cells of stored lines, as the export SELECT gives them (neutralisation undone)."""
    reader = csv.reader(io.StringIO("".join(lines), newline=""))
    return [tuple(unneutralised_row(row)) for row in reader]


def line_format_digest() -> str:
    """What the lines were written by: the reader's SELECT on this database, the columns, the rendering."""
    sql, params = export_sql(Event.objects.all())
    source = repr((LINE_RENDERING, FORMAT_VERSION, sql, params, COLUMNS, sorted(FORMULA_STARTS), NEUTRALISED_COLUMNS))
    return hashlib.sha256(source.encode()).hexdigest()


def lines_usable() -> bool:
    return ExportLineFormat.objects.filter(pk=ExportLineFormat.ONLY, digest=line_format_digest()).exists()


def _cells_of(ids: list[int]) -> list[tuple]:
    """The SELECT's cells for these events (drafts hidden), in export order."""
    sql, params = export_sql(Event._base_manager.filter(pk__in=ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_EVENT_ID = '"tracker_event"."id"'
# What a reader's export reads of one event on SQLite, as a correlated subquery: its CSV line; or its
# JSON row (as bytes, which the export writes as they are) only while the line is filled, since the
# triggers clear the line alone and a JSON row whose line was cleared may show the event as it was.
# "Filled" is asked of the small index of filled lines (export_line_filled), not of the line's own
# row: reading the line's page for each JSON row made the query 1.6 times as long at 1,000,000 events.
_SQLITE_STORED = {
    "line": f'(SELECT x."line" FROM "tracker_exportline" x WHERE x."event_id" = {_EVENT_ID})',
    "json": (
        'CASE WHEN EXISTS (SELECT 1 FROM "tracker_exportline" x INDEXED BY "export_line_filled" '
        f'WHERE x."event_id" = {_EVENT_ID} AND x."line" IS NOT NULL) '
        f'THEN (SELECT CAST(j."row" AS BLOB) FROM "tracker_exportjsonrow" j WHERE j."event_id" = {_EVENT_ID}) END'
    ),
}
# The same on PostgreSQL, from the exportline row joined as x (and the JSON row as j).
_POSTGRESQL_STORED = {
    "line": ('x."line"', ""),
    "json": (
        "convert_to(j.\"row\", 'UTF8')",
        'LEFT JOIN "tracker_exportjsonrow" j ON j."event_id" = x."event_id" AND x."line" IS NOT NULL ',
    ),
}


def _line_query(events: QuerySet, stored: str = "line") -> tuple[str, tuple]:
    """(id, stored line or NULL) of each of `events`, in export order: the CSV line, or with
    `stored="json"` the JSON row as bytes. The order's date is not selected: converted for every row
    and never read, it cost a second of a million-row export.

    SQLite walks the events in date order and looks each line up by its key: its fastest way. On
    PostgreSQL that is millions of random page reads at 1,000,000 events (12 s); joining the two
    tables whole and sorting the result reads each once (4 s), so there the lines are joined.
    """
    events = without_distinct(events)
    if connection.vendor != "postgresql":
        queryset = events.order_by("start_date", "id").annotate(export_line=RawSQL(_SQLITE_STORED[stored], ()))
        sql, params = queryset.values_list("id", "export_line").query.sql_with_params()
        return sql, tuple(params)
    inner, params = events.order_by().values_list("id", "start_date").query.sql_with_params()
    shown, joined = _POSTGRESQL_STORED[stored]
    sql = (
        f'SELECT q."id", {shown} FROM ({inner}) q '
        f'LEFT JOIN "tracker_exportline" x ON x."event_id" = q."id" {joined}ORDER BY q."start_date", q."id"'
    )
    return sql, tuple(params)


def iter_line_rows(events: QuerySet, *, chunk_rows: int = CHUNK_ROWS, stored: str = "line") -> Iterator[list[Row]]:
    """The reader's export of `events` in chunks: each event's stored line (or with `stored="json"`
    its JSON row), or its cells when it has none."""
    sql, params = _line_query(events, stored)
    for fetched in fetched_chunks(sql, params, chunk_rows=chunk_rows):
        missing = [event_id for event_id, stored in fetched if stored is None]
        if not missing:
            yield [stored for _, stored in fetched]
            continue
        # The missing events, in the same (start_date, id) order as the chunk they belong to.
        computed = iter(_cells_of(missing))
        yield [stored if stored is not None else next(computed) for _, stored in fetched]


def iter_line_records(events: QuerySet, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[list[tuple]]:
    """iter_line_rows as cells only, for the formats that nest them (JSON, GeoJSON, iCalendar)."""
    for rows in iter_line_rows(events, chunk_rows=chunk_rows):
        lines = [row for row in rows if isinstance(row, str)]
        if len(lines) == len(rows):
            yield parse_lines(lines)
            continue
        parsed = iter(parse_lines(lines))
        yield [next(parsed) if isinstance(row, str) else row for row in rows]


def iter_json_rows(events: QuerySet, *, drafts_visible: bool) -> Iterator[list[bytes]]:
    """The JSON export's rows of `events` in chunks, as its "rows" array and its hash carry them: a
    reader's as stored beside each event where filled, any other nested from the export's cells."""
    if drafts_visible or not lines_usable():
        for rows in iter_records(events, drafts_visible=drafts_visible):
            yield [dumps_row(export_row(cells)) for cells in rows]
        return
    for rows in iter_line_rows(events, stored="json"):
        yield [dumps_row(export_row(row)) if isinstance(row, tuple) else bytes(row) for row in rows]


def iter_line_text(events: QuerySet, *, counter: list[int] | None = None) -> Iterator[str]:
    """iter_line_rows as CSV text, a chunk at a time (header not included)."""
    render = _LineWriter()
    for rows in iter_line_rows(events):
        if counter is not None:
            counter[0] += len(rows)
        yield "".join(row if isinstance(row, str) else render(row) for row in rows)


def _claim(ids: list[int]) -> None:
    """Lock these lines' rows before reading the events, so a writer touching one of them either commits
    before the cells are read or clears the line after it is written (its trigger waits for the lock)."""
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f'UPDATE "tracker_exportline" SET "line" = NULL WHERE "event_id" IN ({marks})', ids)


def _adopt_format() -> None:
    """Start over when the lines were written by other code: clear them all and record this code's digest."""
    digest = line_format_digest()
    with transaction.atomic():
        if ExportLineFormat.objects.filter(pk=ExportLineFormat.ONLY, digest=digest).exists():
            return
        ExportLine.objects.exclude(line=None).update(line=None)
        ExportLineFormat.objects.update_or_create(pk=ExportLineFormat.ONLY, defaults={"digest": digest})


def _store(cursor, lines: list[tuple[str, str, int]]) -> None:
    """Write (line, JSON row, event id) triples: each line into its row, each JSON row added or replaced."""
    if connection.vendor == "postgresql":
        # One statement a table for the batch, where executemany sends a statement per line, each
        # planned and started on its own: about a tenth of a fill's time at 100,000 events.
        texts, rows, ids = [line for line, _, _ in lines], [row for _, row, _ in lines], [i for _, _, i in lines]
        cursor.execute(
            'UPDATE "tracker_exportline" AS x SET "line" = v.line '
            "FROM unnest(%s::text[], %s::bigint[]) AS v(line, event_id) "
            'WHERE x."event_id" = v.event_id',
            [texts, ids],
        )
        cursor.execute(
            'INSERT INTO "tracker_exportjsonrow" ("event_id", "row") SELECT * FROM unnest(%s::bigint[], %s::text[]) '
            'ON CONFLICT ("event_id") DO UPDATE SET "row" = EXCLUDED."row"',
            [ids, rows],
        )
        return
    # SQLite runs executemany in process, without round trips: as fast as one statement.
    cursor.executemany(
        'UPDATE "tracker_exportline" SET "line" = %s WHERE "event_id" = %s', [(t, i) for t, _, i in lines]
    )
    cursor.executemany(
        'INSERT INTO "tracker_exportjsonrow" ("event_id", "row") VALUES (%s, %s) '
        'ON CONFLICT ("event_id") DO UPDATE SET "row" = excluded."row"',
        [(i, row) for _, row, i in lines],
    )


def _analyse_tables_never_analysed() -> None:
    """On PostgreSQL, give the planner statistics for the app's tables that have none yet.

    Tables filled in bulk (COPY, a restore, psql) have no statistics until autovacuum reaches them,
    and without them PostgreSQL takes each event's participants by reading every person: the
    export SELECT ran 15 times slower (2.7 s for a batch of 2,000 lines at 100,000 events, 0.19 s
    once analysed). A table that was analysed even once has reltuples >= 0, so this runs once.
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in apps.get_app_config("tracker").get_models(include_auto_created=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r' AND reltuples < 0 "
            "AND pg_table_is_visible(oid)",
            [tables],
        )
        never_analysed = sorted(name for (name,) in cursor.fetchall())
        if never_analysed:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(name) for name in never_analysed))


def fill_export_lines(*, limit: int | None = None, batch: int = CHUNK_ROWS) -> int:
    """Write the missing lines (at most `limit`), a batch per transaction; return how many were written."""
    _adopt_format()
    if limit is None:
        # A whole fill (after a bulk load, an import, a restore), not the few lines an edit clears:
        # the check stays off the path of every save.
        _analyse_tables_never_analysed()
    render = _LineWriter()
    written = 0
    while limit is None or written < limit:
        size = batch if limit is None else min(batch, limit - written)
        with transaction.atomic():
            ids = list(ExportLine.objects.filter(line=None).order_by().values_list("event_id", flat=True)[:size])
            if not ids:
                break
            _claim(ids)
            sql, params = export_sql(Event._base_manager.filter(pk__in=ids), leading_id=True)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                lines = [(render(row[1:]), render_json_row(row[1:]), row[0]) for row in cursor.fetchall()]
                _store(cursor, lines)
            # Ids without an event (a line row outlived its event) would be picked again and again.
            gone = set(ids) - {event_id for _, _, event_id in lines}
            if gone:
                ExportLine.objects.filter(event_id__in=gone).delete()
                ExportJsonRow.objects.filter(event_id__in=gone).delete()
        written += len(lines)
    if limit is None:
        _forget_json_rows_of_events_gone()
    return written


def _forget_json_rows_of_events_gone() -> None:
    """Remove the JSON rows of deleted events (the triggers remove their lines, not their JSON rows)."""
    ExportJsonRow.objects.exclude(event_id__in=ExportLine.objects.values("event_id")).delete()


# Lines filled once a write commits: an edit clears a few lines, which are written again at once, so
# readers' exports keep reading lines. A bulk import clears many; `manage.py fill_export_lines` (which
# `manage.py import_events` runs after importing) writes the rest, and until then the SELECT fills in.
FILL_AFTER_A_WRITE = 500


def _fill_after_commit() -> None:
    fill_export_lines(limit=FILL_AFTER_A_WRITE)


def fill_after_this_write() -> None:
    """Fill the lines this write clears once it commits (at once, outside a transaction); once per transaction."""
    if any(callback is _fill_after_commit for _, callback, _ in connection.run_on_commit):
        return
    # robust: a failure is logged, never turned into an error for a write that has already committed.
    transaction.on_commit(_fill_after_commit, robust=True)
