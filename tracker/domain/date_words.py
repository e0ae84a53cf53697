"""The words and marks of a written date, for tracker.domain.dates (the one parser): which words
name months and weekdays, where a range splits into its two ends, what a clock time looks like, and
which words of a refused text could not be read.

Pasted text brings typographic look-alikes: non-breaking and thin spaces, the Unicode hyphens, the
figure dash and the minus sign. `tidied` turns them into the plain space, hyphen and en dash first,
so every rule below sees one spelling.
"""

import re

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_WORDS = frozenset([*MONTH_NAMES, *(name[:3] for name in MONTH_NAMES), "sept"])
# The abbreviations people write, not only the three-letter ones dateutil knows ("Tues", "Thurs").
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Ordinal endings ("13th") and the small words dateutil passes over ("13th of January").
_FILLER_WORDS = frozenset(["st", "nd", "rd", "th", "of", "on", "at", "and", "to", "until", "through"])
_KNOWN_WORDS = _MONTH_WORDS | WEEKDAYS.keys() | _FILLER_WORDS

_LOOK_ALIKES = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "\u2013",  # figure dash
        "\u2212": "\u2013",  # minus sign
    }
)
_SPACES = re.compile(r"\s+")

# A clock time: "14:00", "3pm", "9 a.m.", "14h30", the "T14" of an ISO timestamp, noon, midnight.
_CLOCK = re.compile(
    r"(?<=\d)T\d{2}(?::\d{2})*|\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\b\.?"
    r"|\b\d{1,2}h\d{0,2}\b|\b(?:noon|midnight)\b",
    re.IGNORECASE,
)
_LEADING_WEEKDAY = re.compile(r"^([^\W\d_]+)\.?(?:,\s*|\s+)(?=\S)")
_LETTERS = re.compile(r"[^\W\d_]+")
# Marks a date may carry; anything else ("?", "@", "#") is named when a text is refused.
_DATE_MARKS = frozenset(" ,./-\u2013\u2014'()")

# The two ends of a range: en and em dashes, a hyphen with spaces round it, and the words between.
_RANGE_SEPARATOR = re.compile(r"\s*[\u2013\u2014]\s*|\s+-\s+|\s+(?:to|until|through)\s+", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
# "January 13-14, 2026", "Jan 13–14, 2026", "Jan 13th to 14th, 2026": one month, two days, a year.
_MONTH_DAY_RANGE = re.compile(
    r"^(?P<month>[^\W\d_]+\.?)\s+(?P<first>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:\s*[-\u2013\u2014]\s*|\s+(?:to|until|through)\s+)"
    r"(?P<last>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<year>\d{2,5})$",
    re.IGNORECASE,
)
# Texts that are one date whatever their slashes and hyphens: ISO days and months, numeric dates.
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
NUMERIC_DAY = re.compile(r"^(\d{1,2})([/. -])(\d{1,2})\2(\d{2,4})$")
BARE_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$", re.IGNORECASE)
_YEAR_FIRST_DAY = re.compile(r"^\d{4}([/.])\d{1,2}\1\d{1,2}$")


def tidied(text: str) -> str:
    """The text with look-alike spaces and dashes made plain and runs of spaces made one."""
    return _SPACES.sub(" ", text.translate(_LOOK_ALIKES)).strip()


def clock_time(text: str) -> str | None:
    """The time of day a text gives ("14:00", "3pm"), if it gives one."""
    found = _CLOCK.search(text)
    return found.group(0) if found else None


def without_weekday(text: str) -> tuple[int | None, str]:
    """(weekday number, rest) for "Tuesday, 13 January 2026"; (None, text) when none leads."""
    found = _LEADING_WEEKDAY.match(text)
    if found and found.group(1).lower() in WEEKDAYS:
        return WEEKDAYS[found.group(1).lower()], text[found.end() :]
    return None, text


def unread_parts(text: str) -> list[str]:
    """The words and marks of `text` that are no part of a written date, in order, each once."""
    found = [word for word in _LETTERS.findall(text) if word.lower() not in _KNOWN_WORDS]
    found += [mark for mark in text if not mark.isalnum() and not mark.isspace() and mark not in _DATE_MARKS]
    return list(dict.fromkeys(found))


def _reads_as_a_date_end(text: str) -> bool:
    """Digits or a month, and no word a date does not use: "13", "Jan", "Dec 2025", not "mid"."""
    has_digit = any(character.isdigit() for character in text)
    words = [word.lower() for word in _LETTERS.findall(text)]
    return (has_digit or any(word in _MONTH_WORDS for word in words)) and not unread_parts(text)


def range_parts(text: str) -> tuple[list[str], bool]:
    """The ends of the range `text` writes, or [text] for one date, and whether the split is only a
    guess: a lone hyphen ("13-14 Jan 2026", "Jan-Mar 2026", "2025-2026") may also sit inside one
    date ("Jan-2026"), which the parser tries first."""
    month_first = _MONTH_DAY_RANGE.match(text)
    if month_first:
        month, year = month_first.group("month"), month_first.group("year")
        return [month_first.group("first"), f"{month} {month_first.group('last')}, {year}"], False
    parts = _RANGE_SEPARATOR.split(text)
    if len(parts) > 1:
        return parts, False
    if any(pattern.match(text) for pattern in (ISO_DAY, ISO_MONTH, NUMERIC_DAY, _YEAR_FIRST_DAY)):
        return [text], False
    parts = _SLASH.split(text)
    if len(parts) > 1:
        return parts, False
    if text.count("-") == 1:
        left, right = (part.strip() for part in text.split("-"))
        if _reads_as_a_date_end(left) and _reads_as_a_date_end(right):
            # "13-14 Jan 2026" is a range, as it has always been; "Jan-2026" may be one month.
            return [left, right], not BARE_DAY.match(left)
    return [text], False
