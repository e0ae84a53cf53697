"""Numbers as every export writes them: plain decimal notation (-0.00005, 35.6762, 51), never an
exponent (-5e-05). RFC 5545 allows only that form in GEO, spreadsheets and people read it as typed,
and a row's bytes, which the hashes cover, do not depend on how a JSON library prints floats."""

from decimal import Decimal

import orjson


def plain_decimal(value: Decimal | float | int | str) -> str:
    """`value` in plain decimal notation without trailing zeros: -0.00005, 35.6762, 51, 0."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def coordinate(cell: str | None) -> float | str | None:
    """A coordinate cell of the export as a number (None when empty); any other text is handed on
    as it is, for the importer to report. The cell has at most five places, so the float's shortest
    repr, which plain_decimal starts from, is the cell's own number."""
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return cell


def json_number(value: float | Decimal) -> orjson.Fragment:
    """A number for orjson to write as it stands, in plain decimal notation."""
    return orjson.Fragment(plain_decimal(value).encode())


COORDINATES = ("latitude", "longitude")


def dumps_row(row: dict) -> bytes:
    """One export row as the JSON export writes it and its hash covers: compact JSON, keys sorted,
    UTF-8, the coordinates in plain decimal notation (orjson alone would write -5e-05)."""
    numbers = {name: json_number(row[name]) for name in COORDINATES if isinstance(row.get(name), float | int)}
    return orjson.dumps({**row, **numbers} if numbers else row, option=orjson.OPT_SORT_KEYS)
