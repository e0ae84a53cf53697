"""EDTF level 1 as the tracker keeps it: a date's qualifier, and reading EDTF level 0 and 1 text.

How an uncertain date is stored
-------------------------------
A date is the period of tracker.domain.dates (first day, last day, precision) plus one qualifier
for the whole of it, `Event.date_qualifier`:

========================  ====  ===================  ==========================
qualifier                 EDTF  shown                meaning
========================  ====  ===================  ==========================
exact                           Jan 2026             as the sources give it
approximate               ``~``  c. Jan 2026          about then
uncertain                 ``?``  Jan 2026?            the sources disagree or doubt it
uncertain_approximate     ``%``  c. Jan 2026?         both
========================  ====  ===================  ==========================

A range carries the mark on both ends (``2026-01-13~/2026-01-14~``): the tracker keeps one
qualifier per date, so a range whose ends are marked differently is refused when read.

Unspecified digits (``X``) say how much of a date is known, which the precision already says: a
month given as ``XX`` is a year (``2026-XX`` is stored and written as ``2026``), a day given as
``XX`` is a month (``2026-01-XX`` as ``2026-01``). A year with unspecified digits (``201X``, a
decade; ``20XX``, a century) has no precision here and is refused with a way to write it. So is
whatever else EDTF level 1 and 2 allow that the tracker does not store: seasons, open or unknown
range ends, unspecified digits in a range, qualifiers on one part of a date, times of day, years
beyond 9999.

Text is read with the ``edtf`` package (the Library of Congress specification) after a check of its
shape here, so every string accepted is valid EDTF and every refusal says why.
"""

import re
from dataclasses import dataclass

from edtf import parse_edtf as _edtf_package_parse
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.parser_classes import Date, Interval, Level1Interval, UncertainOrApproximate, Unspecified

from tracker.domain.dates import LONGEST_DATE_TEXT, PartialDate, PartialDateError, edtf_period, parse_partial_date

EXACT = "exact"
APPROXIMATE = "approximate"
UNCERTAIN = "uncertain"
UNCERTAIN_APPROXIMATE = "uncertain_approximate"
# Each qualifier's EDTF mark, written after every end of the date; the export SQL's CASE is
# generated from this table (tracker.exports.sql), so the two cannot drift apart.
QUALIFIER_MARKS = {EXACT: "", APPROXIMATE: "~", UNCERTAIN: "?", UNCERTAIN_APPROXIMATE: "%"}
_QUALIFIER_OF_MARK = {mark: qualifier for qualifier, mark in QUALIFIER_MARKS.items()}

# One end as the tracker reads it: a year of four digits (or three and X, two and XX), then
# optionally a month and a day, each two digits or XX, then an optional mark.
_POINT = re.compile(r"(?P<year>\d{4}|\d{3}X|\d{2}XX)(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?(?P<mark>[~?%]?)")
# What only EDTF level 1 and 2 write: a qualifier, an unspecified digit, an open end.
_LEVEL1_SIGNS = re.compile(r"[~?%X]|\.\.|^/|/$")
SHAPE = (
    "write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or % (both), "
    "with XX for an unknown month or day, or two such dates joined by /"
)


@dataclass(frozen=True)
class QualifiedPeriod:
    """A partial date and its qualifier: what one EDTF string the tracker stores says."""

    period: PartialDate
    qualifier: str = EXACT

    @property
    def edtf(self) -> str:
        return qualified_edtf(self.period.start, self.period.end, self.period.precision, self.qualifier)


def qualified_edtf(start, end, precision: str, qualifier: str = EXACT) -> str:
    """The EDTF form of a stored date: edtf_period with the qualifier's mark after each end."""
    mark = QUALIFIER_MARKS.get(qualifier, "")
    plain = edtf_period(start, end, precision)
    if not mark:
        return plain
    return "/".join(part + mark for part in plain.split("/"))


def qualifier_of(edtf: str) -> str:
    """The qualifier an EDTF string the tracker wrote carries: its last character's mark, if any."""
    return _QUALIFIER_OF_MARK.get(edtf[-1:], EXACT) if edtf else EXACT


def qualified_text(when: str, qualifier: str = EXACT) -> str:
    """A shown period with its qualifier: "c. Jan 2026", "Jan 2026?", "c. Jan 2026?"."""
    if qualifier in (APPROXIMATE, UNCERTAIN_APPROXIMATE):
        when = f"c. {when}"
    if qualifier in (UNCERTAIN, UNCERTAIN_APPROXIMATE):
        when = f"{when}?"
    return when


def looks_like_level1(text: str) -> bool:
    """Whether `text` uses a sign only EDTF level 1 or 2 writes (a qualifier, X, an open end), so
    that it is read here rather than as a date a person typed."""
    return bool(_LEVEL1_SIGNS.search(text.strip()))


def _refusal(text: str, reason: str) -> PartialDateError:
    return PartialDateError(f"'{text}' is not an EDTF date the tracker stores: {reason}")


def _point(part: str, whole: str) -> tuple[str, str]:
    """(the end written at its precision without X or mark, its qualifier) of one end."""
    found = _POINT.fullmatch(part)
    if found is None:
        if part in ("", ".."):
            raise _refusal(whole, "an open or unknown end is not stored; give both ends")
        if re.match(r"^[~?%]", part) or re.search(r"[~?%]-", part):
            raise _refusal(whole, "a qualifier on part of a date is EDTF level 2; put ~, ? or % after the whole date")
        if "T" in part:
            raise _refusal(whole, "a time of day is not stored; give the date alone")
        raise _refusal(whole, SHAPE)
    year, month, day = found.group("year"), found.group("month"), found.group("day")
    if "X" in year:
        unknown = "decade" if year.count("X") == 1 else "century"
        first = year.replace("X", "0")
        last = year.replace("X", "9")
        raise _refusal(
            whole,
            f"{year} leaves the {unknown} open and the tracker stores a day, a month or a year; "
            f"give the years it may be, e.g. {first}/{last}",
        )
    if month and month != "XX" and 21 <= int(month) <= 41:
        raise _refusal(
            whole, "seasons and other groupings of months are not stored; give the months, e.g. 2026-03/2026-05"
        )
    if month == "XX" and day not in (None, "XX"):
        raise _refusal(whole, "a day of an unknown month is not stored; give the month, or XX for the day too")
    written = year if month in (None, "XX") else f"{year}-{month}" if day in (None, "XX") else f"{year}-{month}-{day}"
    return written, _QUALIFIER_OF_MARK[found.group("mark")]


def _check_with_the_package(text: str) -> None:
    """Refuse what the edtf package does not read as EDTF, or reads as a form the tracker does not store."""
    try:
        parsed = _edtf_package_parse(text)
    except (EDTFParseException, ValueError, AttributeError, TypeError):
        # The package raises more than its own exception for some malformed text.
        raise _refusal(text, SHAPE) from None
    if not isinstance(parsed, Date | UncertainOrApproximate | Unspecified | Interval | Level1Interval):
        raise _refusal(text, SHAPE)


def parse_edtf(text: str) -> QualifiedPeriod:
    """Read an EDTF level 0 or level 1 date or range as the tracker stores it, or raise
    PartialDateError saying why not (the module's docstring lists what is refused).

    "2026-01~" is January 2026, approximate; "2026-01-13?/2026-01-14?" two days, uncertain;
    "2026-XX" the year 2026. The period is read by tracker.domain.dates.parse_partial_date, so its
    bounds and its errors (no year 0, no 30 February) are the same as for every other date.
    """
    text = str(text or "").strip()
    if not text:
        raise PartialDateError("enter a date, e.g. 2026-01-13, 2026-01~ or 2026?")
    if len(text) > LONGEST_DATE_TEXT:
        raise PartialDateError(f"a date is at most {LONGEST_DATE_TEXT} characters, e.g. 2026-01-13")
    parts = text.split("/")
    if len(parts) > 2:
        raise _refusal(text, SHAPE)
    ends = [_point(part, text) for part in parts]
    if len(parts) == 2 and "X" in text:
        raise _refusal(
            text, "unspecified digits in a range are EDTF level 2; write each end at its precision, e.g. 2025/2026"
        )
    qualifiers = {qualifier for _, qualifier in ends}
    if len(qualifiers) > 1:
        raise _refusal(text, "both ends of a range need the same mark (~, ? or %): the tracker keeps one per date")
    written = "/".join(plain for plain, _ in ends)
    try:
        period = parse_partial_date(written)
    except PartialDateError as exc:
        if written == text:
            raise
        raise PartialDateError(f"'{text}' (read as '{written}'): {exc}") from None
    _check_with_the_package(text)
    return QualifiedPeriod(period, qualifiers.pop())
