"""The GeoJSON export: a FeatureCollection of the events that have coordinates, meta as a foreign member."""

import hashlib
from collections.abc import Iterator

import orjson

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
