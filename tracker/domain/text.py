"""Text hygiene at the door: what a typed or imported text may contain.

Word processors and spreadsheets put control characters into pasted text: U+000B (Word's
Shift+Enter), U+000C (a page break), NUL, escape sequences. XML (the Atom feed) cannot carry them
and RFC 5545 forbids them in iCalendar, so one bad title would break every feed and calendar that
includes it. Every input path stores text through `normalise_text`; outputs call it again, so rows
written before this rule or by another tool still come out valid.
"""

import re
import unicodedata

# Line-like controls become a newline (or a space in one-line fields); the rest are dropped.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def normalise_text(value: str, *, multiline: bool = True) -> str:
    """The text with line breaks unified to "\\n", other control characters removed, and NFC
    composition (so "é" typed two ways is one string). Tabs stay; a one-line field turns line
    breaks into spaces."""
    if not value or (value.isascii() and value.isprintable()):
        return value  # the common case, checked in C: nothing to change
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    if not multiline:
        text = text.replace("\n", " ")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def normalised_cells(value, *, multiline: frozenset[str], key: str = ""):
    """A row read from a file with every string in it normalised (nested lists and objects too);
    only strings under the keys in `multiline` keep their line breaks."""
    if isinstance(value, str):
        return normalise_text(value, multiline=key in multiline)
    if isinstance(value, dict):
        return {name: normalised_cells(item, multiline=multiline, key=name) for name, item in value.items()}
    if isinstance(value, list):
        return [normalised_cells(item, multiline=multiline, key=key) for item in value]
    return value
