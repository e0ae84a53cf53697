"""Exports of any filtered event list: CSV, JSON, iCalendar, GeoJSON, PLOVER-style JSON lines and
TimelineJS JSON, streamed with constant memory; a readable CSV for people (`readable`), the quotes
(`statements`), and the registry of formats every list page links (`formats`).

How a row is built
------------------
One SELECT (`export_sql`, in `sql`) builds every export row, for every format: the database formats
each cell as text (ISO dates, EDTF, dashed UUIDs, trimmed decimals) and aggregates the multi-valued
columns (countries, participants, topics, citations…) into one cell each with the documented
micro-format (items split by ``;``, fields by ``|``, both escaped with ``\\``; read back by `cells`).
Python then only moves tuples: CSV writes the cells as they come (after spreadsheet neutralisation),
and JSON, GeoJSON, iCalendar, PLOVER and TimelineJS nest the very same cells with `export_row` (in
`schema`). So the formats cannot drift apart, and the CSV hot path is a plain cursor loop: no ORM
objects and no query per row.

The rows come from `tracker.queries.selectors.events_matching` (bound in `request`), so one query
string means the same rows on the timeline and in every export; anonymous readers get published
events only.

The modules: `schema` (the columns, which tracker.imports reads too), `cells`, `sql`, `request`,
one per format (`csv`, `json`, `geojson`, `ical`, `plover`, `timelinejs`), `identifiers` (event
addresses and Wikidata QIDs) and `provenance` (the hashes of the .meta.json).
The names other code uses are importable from `tracker.exports` itself.

For the benchmark: `export_sql(queryset)` gives the exact SELECT (run it in the sqlite3 shell with
`export_sql_for_shell`), `write_csv(file, queryset)` writes the CSV an HTTP download would carry.
"""

from tracker.exports.cells import escape, parse_items, split_cell, split_list, unescape
from tracker.exports.csv import iter_csv_chunks, iter_csv_lines, neutralise, write_csv
from tracker.exports.geojson import iter_geojson_chunks
from tracker.exports.ical import ics_event, iter_ics_chunks
from tracker.exports.identifiers import event_url, wikidata_qid
from tracker.exports.json import iter_json_chunks
from tracker.exports.plover import iter_plover_chunks, plover_record
from tracker.exports.provenance import CSV_HASH_DEFINITION, ROW_HASH_DEFINITION, csv_meta, rows_digest
from tracker.exports.readable import READABLE_COLUMNS, iter_readable_csv_chunks
from tracker.exports.request import (
    FORMAT_PARAMETERS,
    BadFilter,
    ExportRequest,
    export_request,
    statement_export_request,
)
from tracker.exports.schema import (
    CITATION_FIELDS,
    COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMULA_STARTS,
    LIST_COLUMNS,
    NEUTRALISED_COLUMNS,
    OPTIONAL_COLUMNS,
    PARTICIPANT_FIELDS,
    RECORD_COLUMNS,
    export_row,
)
from tracker.exports.sql import CHUNK_ROWS, export_sql, export_sql_for_shell, iter_records
from tracker.exports.statements import (
    STATEMENT_COLUMNS,
    iter_statement_csv_chunks,
    iter_statement_json_chunks,
    statement_row,
)
from tracker.exports.timelinejs import iter_timelinejs_chunks, timeline_slide

__all__ = [
    "CHUNK_ROWS",
    "CITATION_FIELDS",
    "COLUMNS",
    "CSV_HASH_DEFINITION",
    "FORMAT_NAME",
    "FORMAT_PARAMETERS",
    "FORMAT_VERSION",
    "FORMULA_STARTS",
    "LIST_COLUMNS",
    "NEUTRALISED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "PARTICIPANT_FIELDS",
    "RECORD_COLUMNS",
    "READABLE_COLUMNS",
    "ROW_HASH_DEFINITION",
    "STATEMENT_COLUMNS",
    "BadFilter",
    "ExportRequest",
    "csv_meta",
    "escape",
    "event_url",
    "export_request",
    "export_row",
    "export_sql",
    "export_sql_for_shell",
    "ics_event",
    "iter_csv_chunks",
    "iter_csv_lines",
    "iter_geojson_chunks",
    "iter_ics_chunks",
    "iter_json_chunks",
    "iter_readable_csv_chunks",
    "iter_statement_csv_chunks",
    "iter_statement_json_chunks",
    "iter_plover_chunks",
    "iter_records",
    "iter_timelinejs_chunks",
    "neutralise",
    "parse_items",
    "plover_record",
    "rows_digest",
    "split_cell",
    "split_list",
    "statement_export_request",
    "statement_row",
    "timeline_slide",
    "unescape",
    "wikidata_qid",
    "write_csv",
]
