"""The GeoJSON export: a FeatureCollection of the events that have coordinates, meta as a foreign member."""

import hashlib
from collections.abc import Iterator

import orjson

from tracker.exports.numbers import dumps_row, json_number
from tracker.exports.provenance import ROW_HASH_DEFINITION
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records


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
            properties = dumps_row(row)
            digest.update(properties + b"\n")
            # The properties go in as the very bytes hashed, so the hash can be checked on the file.
            point = [json_number(row["longitude"]), json_number(row["latitude"])]
            geometry = orjson.dumps({"type": "Point", "coordinates": point})
            feature = b'{"type":"Feature","id":' + orjson.dumps(row["uid"]) + b',"geometry":' + geometry
            parts.append(separator + feature + b',"properties":' + properties + b"}")
            separator = b",\n"
            count += 1
        if parts:
            yield b"".join(parts)
    meta = export.meta(
        row_count=count,
        sha256=digest.hexdigest(),
        sha256_of=ROW_HASH_DEFINITION.replace("'rows' array", "features' properties").replace(
            "the row lines of the JSON download", "each feature line's properties object"
        ),
        note="Only events with coordinates are features; the other formats carry every event.",
    )
    yield b"\n],\n" + b'"meta":' + orjson.dumps(meta) + b"}\n"
