"""Provenance of a download: the hashes its .meta.json carries and what each one covers.

The meta block itself (query, filters, time, version, columns) is ExportRequest.meta.
"""

import hashlib
from typing import Any

from tracker.exports.csv import iter_csv_chunks
from tracker.exports.lines import iter_json_rows
from tracker.exports.request import ExportRequest

ROW_HASH_DEFINITION = (
    "SHA-256 of the rows: each row of the 'rows' array serialised as compact JSON (no spaces, keys "
    "sorted, UTF-8, non-ASCII unescaped, numbers in plain decimal notation), followed by a newline, in "
    "export order; these are the row lines of the JSON download as written, without their separating comma"
)
CSV_HASH_DEFINITION = "SHA-256 of the CSV file's bytes exactly as downloaded with the same query string"


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


def rows_digest(export: ExportRequest) -> tuple[int, str]:
    """Row count and the JSON rows' SHA-256 without building the document (for the meta twin)."""
    digest = hashlib.sha256()
    count = 0
    for rows in iter_json_rows(export.events, drafts_visible=export.drafts_visible):
        hash_rows(digest, rows)
        count += len(rows)
    return count, digest.hexdigest()


def hash_rows(digest, rows: list[bytes]) -> None:
    """Feed `rows` to the digest as ROW_HASH_DEFINITION reads them, each followed by a newline: one
    update for the chunk, as a row at a time cost a copy and a call for each of a million rows."""
    if rows:
        digest.update(b"\n".join(rows))
        digest.update(b"\n")
