"""The column schema every export shares, and the one function that nests a flat row into a JSON row.

The importer reads the same names (tracker.imports), so a file written here is a file read there.
"""

from typing import Any

from tracker.exports.cells import parse_items, split_list
from tracker.exports.numbers import coordinate

FORMAT_NAME = "diplomacy-tracker/events"
FORMAT_VERSION = 1

# The columns of every export, in CSV order. JSON keys are the same names. A column added later goes
# last, so the columns before it keep their places for a script that reads them by position.
COLUMNS = (
    "uid",
    "title",
    "kind",
    "cameo",
    "plover_type",
    "plover_mode",
    "start_date",
    "end_date",
    "date_precision",
    "edtf",
    "place_name",
    "place_country",
    "latitude",
    "longitude",
    "host_country",
    "host_organization",
    "countries",
    "party_countries",
    "party_organizations",
    "participants",
    "topics",
    "series",
    "parent",
    "lifecycle",
    "summary",
    "outcome",
    "citations",
    "slug",
    "is_published",
    "wikidata_qid",
)
# Multi-valued cells and the fields of each item (a bare list when there is one field).
PARTICIPANT_FIELDS = ("person", "name", "role", "country", "organization", "office")
CITATION_FIELDS = ("publisher", "title", "url", "published_on", "accessed_on", "locator", "excerpt")
LIST_COLUMNS = ("countries", "party_countries", "party_organizations", "topics")
RECORD_COLUMNS = {"participants": PARTICIPANT_FIELDS, "citations": CITATION_FIELDS}
# Scalars that are absent rather than empty: JSON writes null for them.
OPTIONAL_COLUMNS = (
    "cameo",
    "plover_type",
    "plover_mode",
    "place_country",
    "host_country",
    "host_organization",
    "series",
    "parent",
)

# Cells a spreadsheet would run as a formula start with one of these; the apostrophe is in the set
# so that neutralisation can be undone without ambiguity (see docs/data-format.md).
FORMULA_STARTS = frozenset("=+-@\t\r'")
# Free-text cells that may start with anything; codes, dates, numbers and slugs never need it
# (a negative longitude must stay a number).
NEUTRALISED_COLUMNS = ("title", "place_name", "summary", "outcome", "participants", "citations")
_NEUTRALISED_INDEXES = tuple(COLUMNS.index(name) for name in NEUTRALISED_COLUMNS)


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (or that starts with ') with an apostrophe."""
    return "'" + value if value and value[0] in FORMULA_STARTS else value


def neutralised_row(cells: tuple | list) -> tuple | list:
    """A CSV row with its free-text cells neutralised: all of them when one needs it, else the row as it is."""
    for index in _NEUTRALISED_INDEXES:
        value = cells[index]
        if value and value[0] in FORMULA_STARTS:
            row = list(cells)
            for other in _NEUTRALISED_INDEXES:
                row[other] = neutralise(row[other])
            return row
    return cells


def unneutralised_row(row: list[str]) -> list[str]:
    """Undo neutralised_row on a row read back from CSV. Only cells starting with one of FORMULA_STARTS
    get the apostrophe, and the apostrophe is one of them, so a leading one is always the mark."""
    for index in _NEUTRALISED_INDEXES:
        if row[index][:1] == "'":
            row[index] = row[index][1:]
    return row


def export_row(cells: tuple | list) -> dict[str, Any]:
    """Nest one flat export row (cells in COLUMNS order, as CSV carries them) into the JSON row.

    Lists become arrays, participants and citations arrays of objects, coordinates numbers
    (written in plain decimal notation: tracker.exports.numbers.dumps_row),
    is_published a boolean, absent references null. The importer reads CSV rows through this same
    function, so a CSV file and a JSON file of the same rows import identically.
    """
    row = {name: convert(cell) if convert else cell for (name, convert), cell in zip(_NESTING, cells, strict=False)}
    if len(cells) < len(_NESTING):
        # A short row (an importer's file without the last columns): the nested columns it lacks
        # are still there, empty, and the plain ones absent.
        for name, convert in _NESTED:
            if name not in row:
                row[name] = convert(None)
    return row


def _optional(cell: str | None) -> str | None:
    return cell or None


def _published(cell):
    # The export writes "true"/"false"; a spreadsheet may give back TRUE, Yes or 1, which the
    # importer's boolean check reads (or reports), so only the export's own spellings are decided here.
    return _EXPORTED_BOOLEANS.get(cell, cell)


def _records_of(fields: tuple[str, ...]):
    return lambda cell: parse_items(cell, fields)


_EXPORTED_BOOLEANS = {"true": True, "false": False}
# How export_row turns each column's cell into its JSON value, in COLUMNS order (None: as it is).
# Built once, so a row is one pass over its cells: exports nest a million rows with it.
_CONVERSIONS = (
    dict.fromkeys(LIST_COLUMNS, split_list)
    | {name: _records_of(fields) for name, fields in RECORD_COLUMNS.items()}
    | dict.fromkeys(OPTIONAL_COLUMNS, _optional)
    | {"latitude": coordinate, "longitude": coordinate, "is_published": _published}
)
_NESTING = tuple((name, _CONVERSIONS.get(name)) for name in COLUMNS)
_NESTED = tuple((name, convert) for name, convert in _NESTING if convert)
