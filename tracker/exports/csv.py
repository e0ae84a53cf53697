"""The CSV export (RFC 4180): the SELECT's cells as they come, free text neutralised for spreadsheets.

Inside this package `import csv` is still the standard library: imports are absolute.
"""

import csv
import io
from collections.abc import Iterator
from typing import IO

from django.db.models import QuerySet

from tracker.exports.request import export_request
from tracker.exports.schema import COLUMNS, FORMULA_STARTS, NEUTRALISED_COLUMNS
from tracker.exports.sql import iter_records

_NEUTRALISED_INDEXES = tuple(COLUMNS.index(name) for name in NEUTRALISED_COLUMNS)


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (or that starts with ') with an apostrophe."""
    return "'" + value if value and value[0] in FORMULA_STARTS else value


def _neutralised(rows: list[tuple]) -> list:
    """Rows with their free-text cells neutralised; untouched rows are passed through as they are."""
    out = []
    indexes = _NEUTRALISED_INDEXES
    starts = FORMULA_STARTS
    for row in rows:
        for index in indexes:
            value = row[index]
            if value and value[0] in starts:
                row = list(row)
                for other in indexes:
                    row[other] = neutralise(row[other])
                break
        out.append(row)
    return out


def iter_csv_chunks(
    events: QuerySet, *, excel: bool = False, counter: list[int] | None = None, drafts_visible: bool = False
) -> Iterator[str]:
    """The CSV document in pieces of about CHUNK_ROWS rows: header first, CRLF line ends (RFC 4180).

    With `excel`, a UTF-8 byte-order mark comes first so Excel reads the file as UTF-8. When a
    `counter` list is given, its first item is increased by the rows written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if excel:
        buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for rows in iter_records(events, drafts_visible=drafts_visible):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_neutralised(rows))
        if counter is not None:
            counter[0] += len(rows)
        yield buffer.getvalue()


def iter_csv_lines(params, user, *, excel: bool = False) -> Iterator[str]:
    """The CSV download for a query string and a user, as the view streams it (for benchmarks too).

    Raises BadFilter before yielding anything when the query string is invalid.
    """
    export = export_request(params, user)
    return iter_csv_chunks(export.events, excel=excel, drafts_visible=export.drafts_visible)


def write_csv(file: IO[str], events: QuerySet, *, excel: bool = False) -> int:
    """Write the CSV export of `events` to a text file opened with newline=''; return the row count."""
    counter = [0]
    for chunk in iter_csv_chunks(events, excel=excel, counter=counter):
        file.write(chunk)
    return counter[0]
