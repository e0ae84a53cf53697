"""Reading an import file: CSV or JSON text into numbered rows of the export's shape.

File-level problems are ImportFileError (the file cannot be read at all); a bad header cell or row
is a RowError, reported with the rows' own errors. A column named `errors` (ERRORS_COLUMN) is
ignored: it is where a file of rejected rows says what was wrong (tracker.imports.rejected), so
that file imports again once its rows are fixed.
"""

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import orjson

from tracker.exports import (
    COLUMNS,
    FORMULA_STARTS,
    LIST_COLUMNS,
    NEUTRALISED_COLUMNS,
    RECORD_COLUMNS,
    export_row,
    parse_items,
    split_list,
)


class ImportFileError(ValueError):
    """The file cannot be read at all (not CSV or JSON, no header, broken JSON)."""


ERRORS_COLUMN = "errors"


@dataclass(frozen=True)
class RowError:
    """A problem of one row, or of the whole file (row 0, or a CSV header cell with `whole_file`).

    One refusal that holds for many rows (a Researcher's file of published events) is one RowError
    whose `rows` lists every row it covers, so it is said once.
    """

    row: int
    column: str
    message: str
    whole_file: bool = False
    rows: tuple[int, ...] = ()

    @property
    def covered_rows(self) -> tuple[int, ...]:
        return self.rows or (self.row,)

    def __str__(self) -> str:
        if self.row == 0:  # the whole file
            return self.message
        where = f"row {self.row}" if len(self.covered_rows) < 2 else _rows_named(self.covered_rows)
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


def _rows_named(rows: tuple[int, ...], shown: int = 5) -> str:
    """ "rows 2, 3 and 4" or, for many, "rows 2, 3, 4, 5, 6 and 95 more (100 rows)"."""
    if len(rows) <= shown + 1:
        return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    return "rows " + ", ".join(map(str, rows[:shown])) + f" and {len(rows) - shown} more ({len(rows)} rows)"


@dataclass
class RawRows:
    """The rows of a file as they were written (CSV cells or JSON objects), by row number: kept
    only when rejected rows are to be handed back for fixing."""

    file_format: str = "json"
    header: list[str] = field(default_factory=list)
    by_number: dict[int, list[str] | dict] = field(default_factory=dict)


def _undo_neutralisation(value: str) -> str:
    """The export prefixes an apostrophe to cells starting with = + - @ tab CR or '; remove it."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _existing_path(source) -> Path | None:
    """`source` as a Path when it names a file (a str may also be the text itself)."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096):
        path = Path(source)
        try:
            if path.exists():
                return path
        except OSError:  # one line of JSON or CSV text longer than a file name may be
            return None
    return None


def _read_text(source) -> tuple[str, str | None]:
    """Return the text of `source` (a path, bytes, str or file object) and its name if known."""
    name = None
    path = _existing_path(source)
    if path is not None:
        return path.read_bytes().decode("utf-8-sig"), path.name
    if isinstance(source, bytes):
        return source.decode("utf-8-sig"), None
    if isinstance(source, str):
        return source.removeprefix("\ufeff"), None
    name = getattr(source, "name", None)
    data = source.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return data.removeprefix("\ufeff"), str(name) if name else None


def stream_rows(
    source, *, file_format: str | None = None, raw: RawRows | None = None
) -> tuple[Iterator[tuple[int, dict, set[str]]], list[RowError]]:
    """Read a CSV or JSON export into (row number, nested row, columns present) triples.

    Rows come out in the shape export_row gives (lists, objects, numbers), whichever the format.

    CSV rows are nested one at a time as the iterator is consumed: the importer keeps only what it
    plans to write, not every nested row of a large file. Errors of the file's rows are appended to
    the returned list as the iterator reaches them. With `raw`, every row is also kept there as
    it was written.
    """
    if isinstance(source, list):
        if raw is not None:
            raw.by_number.update(enumerate(source, start=1))
        return iter([(index, _without_notes(row), set(row)) for index, row in enumerate(source, start=1)]), []
    path = _existing_path(source)
    if path is not None and _format_of(path.name, _file_start(path), file_format) == "csv":
        # A CSV file on disk is read line by line rather than as one string (with the StringIO
        # around it, four bytes a character): a large file never sits in memory whole.
        return _read_csv(path.open(encoding="utf-8-sig", newline=""), raw)
    text, name = _read_text(source)
    if _format_of(name, text, file_format) == "json":
        rows, errors = _read_json(text, raw)
        return iter(rows), errors
    return _read_csv(io.StringIO(text, newline=""), raw)


def _format_of(name: str | None, start: str, file_format: str | None) -> str:
    """csv or json: as asked, else by the file name; without one, a JSON document starts with { or [."""
    if file_format is not None:
        return file_format
    suffix = (name or "").rsplit(".", 1)[-1].lower()
    if suffix in {"csv", "json"}:
        return suffix
    return "json" if start.lstrip()[:1] in {"{", "["} else "csv"


def _file_start(path: Path) -> str:
    """The first characters of a file, enough to tell JSON from CSV."""
    with path.open("rb") as handle:
        return handle.read(4096).decode("utf-8-sig", errors="replace")


def _without_notes(row):
    """A row without the rejected file's `errors` notes (any other value is left to the validator)."""
    if isinstance(row, dict) and ERRORS_COLUMN in row:
        return {name: value for name, value in row.items() if name != ERRORS_COLUMN}
    return row


def _read_json(text: str, raw: RawRows | None = None) -> tuple[list[tuple[int, dict, set[str]]], list[RowError]]:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(f"the file is not valid JSON ({exc})") from None
    rows = document.get("rows") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        raise ImportFileError('a JSON import is a list of rows or an object with a "rows" list')
    out, errors = [], []
    for index, row in enumerate(rows, start=1):
        if raw is not None:
            raw.by_number[index] = row
        row = _without_notes(row)
        if not isinstance(row, dict):
            errors.append(RowError(index, "", "a row must be a JSON object"))
            continue
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            errors.append(RowError(index, unknown[0], f"unknown column; the columns are {', '.join(COLUMNS)}"))
        out.append((index, _normalise_json_row(row), set(row)))
    return out, errors


def _normalise_json_row(row: dict) -> dict:
    """Accept the CSV micro-format inside JSON too, and numbers or booleans as text."""
    row = dict(row)
    for name in LIST_COLUMNS:
        if isinstance(row.get(name), str):
            row[name] = split_list(row[name])
    for name, fields in RECORD_COLUMNS.items():
        if isinstance(row.get(name), str):
            row[name] = parse_items(row[name], fields)
    return row


def _read_csv(
    lines: IO[str], raw: RawRows | None = None
) -> tuple[Iterator[tuple[int, dict, set[str]]], list[RowError]]:
    """The header's errors now, and an iterator over the nested rows (adding their errors as it goes)."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        lines.close()
        raise ImportFileError("the file is empty; a CSV import needs a header row") from None
    except UnicodeDecodeError as exc:
        lines.close()
        raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    header = [name.strip() for name in header]
    if raw is not None:
        raw.file_format, raw.header = "csv", header
    errors = []
    unknown = [name for name in header if name not in COLUMNS and name != ERRORS_COLUMN]
    for name in unknown:
        errors.append(RowError(1, name, f"unknown column; the columns are {', '.join(COLUMNS)}", whole_file=True))
    if len(set(header)) != len(header):
        duplicated = [name for name, count in Counter(header).items() if count > 1]
        errors.append(RowError(1, duplicated[0], "the column appears twice", whole_file=True))
    present = {name for name in COLUMNS if name in header}
    return _csv_rows(lines, reader, header, present, errors, raw), errors


def _csv_rows(
    lines: IO[str], reader, header: list[str], present: set[str], errors: list[RowError], raw: RawRows | None
) -> Iterator[tuple]:
    """Nest each CSV row as it is read; blank rows are skipped, rows wider than the header are errors."""
    with lines:
        try:
            yield from _nested_csv_rows(reader, header, present, errors, raw)
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _nested_csv_rows(
    reader, header: list[str], present: set[str], errors: list[RowError], raw: RawRows | None
) -> Iterator[tuple]:
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    indexes = [positions.get(name) for name in COLUMNS]
    neutralised = [COLUMNS.index(name) for name in NEUTRALISED_COLUMNS]
    in_export_order = tuple(header) == COLUMNS
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if raw is not None:
            raw.by_number[number] = cells
        width = len(cells)
        if width > len(header):
            errors.append(RowError(number, "", f"{width} cells but the header names {len(header)} columns"))
            continue
        if in_export_order and width == len(header):
            flat = cells  # an export's own file: the cells are already in COLUMNS order
        else:
            flat = [cells[index] if index is not None and index < width else "" for index in indexes]
        for index in neutralised:
            value = flat[index]
            if value[:1] == "'":
                flat[index] = _undo_neutralisation(value)
        yield number, export_row(flat), present
