"""The whole dataset in one JSON document: every kind of reference record, the events and the
statements a user may see (tracker.models.visibility: staff get drafts too, anyone else what
published events stand on).

The document is deterministic: the keys in a fixed order, each kind's rows sorted by its stable
key (events by start, end and uid), each row's keys sorted, and no timestamp anywhere. Exporting,
importing into an empty database (tracker.imports.reference.import_dataset) and exporting again
gives the same bytes; docs/data-format.md shows how to check it.
"""

from collections.abc import Iterator

import orjson

from tracker.exports.reference import REFERENCE_KINDS, Scope, rows_of
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records

DATASET_FORMAT = "diplomacy-tracker/dataset"
DATASET_VERSION = 1


def event_rows(scope: Scope) -> list[dict]:
    rows = [
        export_row(cells) for chunk in iter_records(scope.events, drafts_visible=scope.everything) for cells in chunk
    ]
    return sorted(rows, key=lambda row: (row["start_date"], row["end_date"], row["uid"]))


def iter_dataset_chunks(user) -> Iterator[bytes]:
    """The document in pieces: a header, then each kind as a list with one row per line."""
    scope = Scope(user)
    yield b'{"format":"' + DATASET_FORMAT.encode() + b'","format_version":' + str(DATASET_VERSION).encode()
    kinds = [kind for kind in REFERENCE_KINDS if kind != "statements"]
    for kind in [*kinds, "events", "statements"]:
        rows = event_rows(scope) if kind == "events" else rows_of(kind, scope.of(kind))
        lines = b",\n".join(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) for row in rows)
        yield b',\n"' + kind.encode() + b'":[' + (b"\n" + lines + b"\n" if rows else b"") + b"]"
    yield b"}\n"


def dataset_bytes(user) -> bytes:
    return b"".join(iter_dataset_chunks(user))
