"""The JSON export: the nested rows, one per line, then the meta block with the hash of the rows."""

import hashlib
from collections.abc import Iterator

import orjson

from tracker.exports.arrays import array_items
from tracker.exports.lines import iter_json_rows
from tracker.exports.provenance import ROW_HASH_DEFINITION, hash_rows
from tracker.exports.request import ExportRequest
from tracker.exports.schema import FORMAT_NAME, FORMAT_VERSION
from tracker.exports.statements import iter_statement_rows, statements_of_events


def iter_json_chunks(export: ExportRequest) -> Iterator[bytes]:
    """The JSON document: rows first, one per line, then the quotes said at or about those events
    ("statements": statement rows of tracker.exports.statements, each naming its events by uid), then
    the meta block with the hash of the rows. The importer reads "rows" alone; the hash covers them.

    The meta block comes last because the hash and the row count are known only once every row has
    been streamed; readers that need it first can fetch /events/export.meta.json.
    """
    digest = hashlib.sha256()
    count = 0

    def hashed_rows():
        nonlocal count
        for rows in iter_json_rows(export.events, drafts_visible=export.drafts_visible):
            hash_rows(digest, rows)
            count += len(rows)
            yield rows

    yield b'{"format":"' + FORMAT_NAME.encode() + b'","format_version":' + str(FORMAT_VERSION).encode()
    yield b',"rows":['
    yield from array_items(hashed_rows())
    yield b'\n],\n"statements":['
    statements = statements_of_events(export.events, drafts_visible=export.drafts_visible)
    yield from array_items([orjson.dumps(row) for row in quotes] for quotes in iter_statement_rows(statements))
    meta = export.meta(row_count=count, sha256=digest.hexdigest(), sha256_of=ROW_HASH_DEFINITION)
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"
