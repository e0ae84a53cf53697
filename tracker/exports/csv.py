"""The CSV export (RFC 4180): the SELECT's cells as they come, free text neutralised for spreadsheets.

Inside this package `import csv` is still the standard library: imports are absolute.
"""

import csv
import io
from collections.abc import Iterator
from typing import IO

from django.db.models import QuerySet

from tracker.exports.lines import iter_line_text, lines_usable
from tracker.exports.request import export_request
from tracker.exports.schema import COLUMNS, neutralise, neutralised_row
from tracker.exports.sql import iter_records

__all__ = ["iter_csv_chunks", "iter_csv_lines", "neutralise", "write_csv"]


def _neutralised(rows: list[tuple]) -> list:
    """Rows with their free-text cells neutralised; untouched rows are passed through as they are."""
    return [neutralised_row(row) for row in rows]


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
    if not drafts_visible and lines_usable():
        # A reader's rows are the events' stored lines, already written as this loop would write them.
        yield from iter_line_text(events, counter=counter)
        return
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
