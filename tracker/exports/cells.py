"""The micro-format of multi-valued cells: items split by ``;``, fields by ``|``, both escaped with ``\\``.

The SQL writes it (tracker.exports.sql); these functions read it back, for the nested formats and
for the importer.
"""

import re

_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def split_cell(cell: str | None, separator: str = ";") -> list[str]:
    """Split a multi-valued cell on unescaped separators, keeping escapes in the parts."""
    if not cell:
        return []
    if "\\" not in cell:
        return cell.split(separator)
    parts, current, index = [], [], 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and index + 1 < len(cell):
            current.append(cell[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def split_list(cell: str | None) -> list[str]:
    """A multi-valued cell of single values (countries, topics…) as a list, escapes undone."""
    if not cell:
        return []
    if "\\" not in cell:
        return cell.split(";")
    return [unescape(item) for item in split_cell(cell)]


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def escape(text: str) -> str:
    """The escaping the SQL applies, for writers of multi-valued cells by hand or in tests."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def parse_items(cell: str | None, fields: tuple[str, ...]) -> list[dict[str, str | None]]:
    """A participants or citations cell as a list of dicts; empty fields become None."""
    if not cell:
        return []
    if "\\" in cell:
        split = [[unescape(part) for part in split_cell(raw, "|")] for raw in split_cell(cell)]
    else:  # nothing escaped, the common case: plain splits
        split = [raw.split("|") for raw in cell.split(";")]
    # An item with fewer fields than named has the rest empty; fields past the names are dropped.
    padding = ("",) * len(fields)
    return [{field: part or None for field, part in zip(fields, (*values, *padding), strict=False)} for values in split]
