"""The rows an import with skip_invalid left out, handed back as a file to fix and import again.

The file has the input's own format and cells, exactly as they were written, with one more column,
`errors`, first (so a spreadsheet shows it beside the row number): what was wrong with the row, each
problem as "column: reason". The importer ignores that column (tracker.imports.read.ERRORS_COLUMN),
so the fixed file imports as it is.
"""

import csv
import io

import orjson

from tracker.imports.read import ERRORS_COLUMN, RawRows, RowError


def rejected_rows(errors: list[RowError]) -> dict[int, list[str]]:
    """Each rejected row's number and its problems, "column: reason", in row order."""
    problems: dict[int, list[str]] = {}
    for error in errors:
        for row in error.covered_rows:
            problems.setdefault(row, []).append(f"{error.column}: {error.message}" if error.column else error.message)
    return dict(sorted(problems.items()))


def rejected_file(raw: RawRows, problems: dict[int, list[str]]) -> str:
    """The rejected rows as CSV (from a CSV file) or JSON (from JSON or a list of rows)."""
    if raw.file_format == "csv":
        return _rejected_csv(raw, problems)
    rows = []
    for number, notes in problems.items():
        row = raw.by_number.get(number)
        if isinstance(row, dict):
            rows.append({ERRORS_COLUMN: notes, **{name: value for name, value in row.items() if name != ERRORS_COLUMN}})
        else:  # not an object at all: shown under "row" for the researcher to rewrite
            rows.append({ERRORS_COLUMN: notes, "row": row})
    return orjson.dumps({"rows": rows}, option=orjson.OPT_INDENT_2).decode() + "\n"


def _rejected_csv(raw: RawRows, problems: dict[int, list[str]]) -> str:
    # A file that already carries the notes (a rejected file imported again) gets fresh ones in their place.
    notes_at = raw.header.index(ERRORS_COLUMN) if ERRORS_COLUMN in raw.header else None
    header = [name for index, name in enumerate(raw.header) if index != notes_at]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([ERRORS_COLUMN, *header])
    for number, notes in problems.items():
        cells = raw.by_number.get(number, [])
        kept = [cell for index, cell in enumerate(cells) if index != notes_at]
        writer.writerow([f"row {number}: " + "; ".join(notes), *kept])
    return buffer.getvalue()
