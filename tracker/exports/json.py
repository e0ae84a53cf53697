"""The JSON export: the nested rows, one per line, then the meta block with the hash of the rows."""

import hashlib
from collections.abc import Iterator

import orjson

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
    yield b'{"format":"' + FORMAT_NAME.encode() + b'","format_version":' + str(FORMAT_VERSION).encode()
    yield b',"rows":['
    for lines in iter_json_rows(export.events, drafts_visible=export.drafts_visible):
        if lines:
            hash_rows(digest, lines)
            yield (b",\n" if count else b"\n") + b",\n".join(lines)
            count += len(lines)
    yield b'\n],\n"statements":['
    statements = statements_of_events(export.events, drafts_visible=export.drafts_visible)
    quoted = 0
    for quotes in iter_statement_rows(statements):
        if quotes:
            yield (b",\n" if quoted else b"\n") + b",\n".join(map(orjson.dumps, quotes))
            quoted += len(quotes)
    meta = export.meta(row_count=count, sha256=digest.hexdigest(), sha256_of=ROW_HASH_DEFINITION)
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"
