"""Reading a reference-data file into sections: {kind: (numbered rows, file errors)}.

A CSV file holds one kind, named by `kind` or by the file's name (people.csv, offices.csv); its
header names that kind's columns (tracker.exports.reference.REFERENCE_COLUMNS). A JSON file is a
list of one kind's rows, an object with "rows", or a dataset: an object whose keys are kinds (and
"events", rows of the events export), in any order.
"""

import csv
import io
from pathlib import Path

import orjson

from tracker.exports.cells import parse_items, split_list
from tracker.exports.reference import LISTED, RECORDS, REFERENCE_COLUMNS
from tracker.imports.read import ImportFileError, RowError, _existing_path, _read_text

DOCUMENT_KEYS = {"format", "format_version", "meta"}
Sections = dict[str, tuple[list[tuple[int, dict, set[str]]], list[RowError]]]


def read_sections(source, *, kind: str | None = None, file_format: str | None = None) -> Sections:
    text, name = _read_text(source)
    path = _existing_path(source)
    stem = Path(name or (path.name if path else "")).stem.lower()
    suffix = Path(name or "").suffix.lower().lstrip(".")
    is_json = (file_format or suffix) == "json" or (not (file_format or suffix) and text.lstrip()[:1] in "[{")
    if kind is not None and kind not in REFERENCE_COLUMNS:
        raise ImportFileError(f"'{kind}' is not a kind of record; use one of {', '.join(REFERENCE_COLUMNS)}")
    if is_json:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise ImportFileError(f"the file is not valid JSON ({exc})") from None
        if isinstance(document, dict) and "rows" not in document:
            return _dataset(document)
        rows = document.get("rows") if isinstance(document, dict) else document
        kind = kind or _kind_from(stem)
        return {kind: _json_rows(kind, rows)}
    kind = kind or _kind_from(stem)
    return {kind: _csv_rows(kind, text)}


def _kind_from(stem: str) -> str:
    for kind in REFERENCE_COLUMNS:
        if stem == kind or stem.endswith(f"-{kind}") or stem.endswith(f"_{kind}"):
            return kind
    raise ImportFileError(
        f"say which records the file holds (--kind, one of {', '.join(REFERENCE_COLUMNS)}), or name the file "
        "after them, e.g. people.csv"
    )


def _dataset(document: dict) -> Sections:
    unknown = sorted(set(document) - set(REFERENCE_COLUMNS) - DOCUMENT_KEYS - {"events"})
    if unknown:
        raise ImportFileError(
            f"'{unknown[0]}' is not a kind of record; a dataset's keys are {', '.join(REFERENCE_COLUMNS)} and events"
        )
    sections: Sections = {}
    for kind, rows in document.items():
        if kind in DOCUMENT_KEYS:
            continue
        if kind == "events":
            if not isinstance(rows, list):
                raise ImportFileError('"events" must be a list of rows')
            good = [(number, row, set(row)) for number, row in enumerate(rows, start=1) if isinstance(row, dict)]
            bad = [
                RowError(number, "", "a row must be a JSON object")
                for number, row in enumerate(rows, start=1)
                if not isinstance(row, dict)
            ]
            sections[kind] = (good, bad)
        else:
            sections[kind] = _json_rows(kind, rows)
    return sections


def _json_rows(kind: str, rows) -> tuple[list, list[RowError]]:
    if not isinstance(rows, list):
        raise ImportFileError(f'the {kind} must be a list of rows (or an object with a "rows" list)')
    columns = REFERENCE_COLUMNS[kind]
    out, errors = [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(RowError(number, "", "a row must be a JSON object"))
            continue
        unknown = sorted(set(row) - set(columns))
        if unknown:
            errors.append(RowError(number, unknown[0], f"unknown column; the columns are {', '.join(columns)}"))
        row = dict(row)
        for name in LISTED & set(row):
            if isinstance(row[name], str):
                row[name] = split_list(row[name])
        for name, fields in RECORDS.items():
            if isinstance(row.get(name), str):
                row[name] = parse_items(row[name], fields)
        out.append((number, row, set(row)))
    return out, errors


def _csv_rows(kind: str, text: str) -> tuple[list, list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    if not header:
        raise ImportFileError("the file is empty; a CSV import needs a header row")
    columns = REFERENCE_COLUMNS[kind]
    errors = [
        RowError(1, name, f"unknown column; the columns of {kind} are {', '.join(columns)}")
        for name in header
        if name not in columns
    ]
    present = {name for name in header if name in columns}
    out = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            errors.append(RowError(number, "", f"{len(cells)} cells but the header names {len(header)} columns"))
            continue
        row = dict(zip(header, cells, strict=False))
        for name in LISTED & present:
            row[name] = split_list(row[name])
        for name, fields in RECORDS.items():
            if name in present:
                row[name] = parse_items(row[name], fields)
        out.append((number, row, present))
    return out, errors
