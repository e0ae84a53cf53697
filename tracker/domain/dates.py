"""Partial dates: what researchers type, how it is stored, how it is shown.

A partial date is a closed period [start, end] plus the precision it was known to. "October 2025"
is stored as 2025-10-01..2025-10-31 with month precision, so an overlap query on the stored bounds
finds it for any window touching October, and it is shown as "Oct 2025", never "1 Oct 2025".
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateutil_parser

DAY = "day"
MONTH = "month"
YEAR = "year"

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
# 12/05/2026, 12.05.2026 and 12-05-2026 alike: day/month or month/day?
_AMBIGUOUS_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")
# Range separators: EDTF's "/", en and em dashes, " - " with spaces, and the word "to".
_RANGE_SPLIT = re.compile(r"\s*/\s*|\s*[\u2013\u2014]\s*|\s+-\s+|\s+to\s+", re.IGNORECASE)
_BARE_DAY = re.compile(r"^\d{1,2}$")
# "13-14 Jan": a day range, which cannot be one end of a longer range (dateutil reads "13" as 2013).
_DAY_RANGE = re.compile(r"^\d{1,2}-\d{1,2}\b")
_DAY_AND_MONTH = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?$|^([A-Za-z]+)\.?\s+(\d{1,2})$")
_BARE_MONTH = re.compile(r"^[A-Za-z]+\.?$")


class PartialDateError(ValueError):
    """Raised with a message fit to show the person who typed the value."""


@dataclass(frozen=True)
class PartialDate:
    start: date
    end: date
    precision: str

    def __str__(self) -> str:
        return format_period(self.start, self.end, self.precision)

    @property
    def edtf(self) -> str:
        return edtf_period(self.start, self.end, self.precision)


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(day: date, precision: str) -> tuple[date, date]:
    """The first and last day of the month or year `day` falls in, or the day itself."""
    if precision == YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == MONTH:
        return date(day.year, day.month, 1), last_day_of_month(day.year, day.month)
    return day, day


def _parse_single(text: str, *, default_year: int | None = None, default_month: int | None = None):
    """Parse one point in time, returning (first_day, last_day, precision)."""
    cleaned = text.strip().rstrip(",")
    if not cleaned:
        raise PartialDateError("a date is empty")
    if _YEAR.match(cleaned):
        year = int(cleaned)
        return date(year, 1, 1), date(year, 12, 31), YEAR
    iso_month = _ISO_MONTH.match(cleaned)
    if iso_month:
        year, month = int(iso_month.group(1)), int(iso_month.group(2))
        if not 1 <= month <= 12:
            raise PartialDateError(f"'{text}' is not a date: month {month} does not exist")
        return date(year, month, 1), last_day_of_month(year, month), MONTH
    ambiguous = _AMBIGUOUS_NUMERIC.match(cleaned)
    if ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12:
        raise PartialDateError(
            f"'{text}' is ambiguous (day/month or month/day?); write it as 2026-01-13 or 13 Jan 2026"
        )
    # Parsing twice with different defaults reveals which parts the text really gave.
    try:
        low = dateutil_parser.parse(cleaned, default=_default(default_year or 2000, default_month or 1, 1))
        high = dateutil_parser.parse(
            cleaned, default=_default(default_year or 2001, default_month or 12, 28).replace(hour=12, minute=34)
        )
    except (ValueError, OverflowError) as exc:
        raise PartialDateError(f"'{text}' is not a date ({_reason(exc)})") from None
    # An hour or minute the text gave is the same under both defaults, midnight ("00:00", "12am") too.
    if low.hour == high.hour or low.minute == high.minute or low.tzinfo is not None:
        raise PartialDateError(f"'{text}' has a time of day; give a date only")
    if low.year != high.year:
        raise PartialDateError(f"'{text}' has no year")
    if low.month != high.month:
        return date(low.year, 1, 1), date(low.year, 12, 31), YEAR
    if low.day != high.day:
        return date(low.year, low.month, 1), last_day_of_month(low.year, low.month), MONTH
    return low.date(), low.date(), DAY


def _default(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day)


def _reason(exc: Exception) -> str:
    message = str(exc.args[0]) if exc.args else str(exc)
    if "out of range" in message or "must be in" in message:
        return "that day does not exist in that month"
    return "unrecognised format"


def parse_partial_date(text: str) -> PartialDate:
    """Read what a person typed: "13 Jan 2026", "2026-01-13", "Jan 2026", "2013", "13–14 Jan 2026".

    A range keeps the finer of its two precisions only when both sides share it; "Oct 2025 – Jan
    2026" is a month-precision period, "13–14 Jan 2026" a day-precision one.
    """
    if text is None or not str(text).strip():
        raise PartialDateError("enter a date, e.g. 13 Jan 2026, Jan 2026 or 2013")
    text = str(text).strip()
    if _AMBIGUOUS_NUMERIC.match(text):
        start, end, precision = _parse_single(text)
        return PartialDate(start, end, precision)
    parts = _RANGE_SPLIT.split(text)
    if len(parts) == 1 and "-" in text and not re.search(r"\d{4}-\d", text):
        # "13-14 Jan 2026": a hyphen between two day numbers.
        match = re.match(r"^(\d{1,2})-(\d{1,2}\s+.+)$", text)
        if match:
            parts = [match.group(1), match.group(2)]
    if len(parts) == 1:
        start, end, precision = _parse_single(parts[0])
        return PartialDate(start, end, precision)
    if len(parts) != 2 or any(_DAY_RANGE.match(part.strip()) for part in parts):
        raise PartialDateError(f"'{text}' is not a date or a range of two dates")
    left_text, right_text = parts[0].strip(), parts[1].strip()
    right_start, right_end, right_precision = _parse_single(right_text)
    if _BARE_DAY.match(left_text):
        try:
            left_day = right_start.replace(day=int(left_text))
        except ValueError:
            raise PartialDateError(f"'{text}' is not a date ({left_text} is not a day of that month)") from None
        left_start, left_end, left_precision = left_day, left_day, DAY
    elif _DAY_AND_MONTH.match(left_text) or _BARE_MONTH.match(left_text):
        left_start, left_end, left_precision = _parse_single(left_text, default_year=right_start.year)
        if _BARE_MONTH.match(left_text):
            left_precision = MONTH
            left_start, left_end = period_bounds(left_start, MONTH)
    else:
        left_start, left_end, left_precision = _parse_single(left_text)
    if left_precision != right_precision:
        raise PartialDateError(
            f"'{text}': both ends of a range need the same precision (a {left_precision} and a {right_precision})"
        )
    if right_end < left_start:
        raise PartialDateError(f"'{text}': the end is before the start")
    return PartialDate(left_start, right_end, right_precision)


def parse_window_bound(text: str, *, upper: bool) -> date:
    """A filter bound: "2025" as an upper bound means up to 31 Dec 2025, as a lower one from 1 Jan."""
    period = parse_partial_date(text)
    return period.end if upper else period.start


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def period_unit_for_span(first: date, last: date) -> str:
    """The period a heat map counts in for events starting between `first` and `last`: days up to
    two years, months up to forty, years beyond, so the chart stays a few hundred columns wide."""
    span = (last - first).days
    return DAY if span <= 731 else MONTH if span <= 40 * 366 else YEAR


def _month_year(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _day_month(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def format_period(start: date, end: date | None, precision: str) -> str:
    """Show a period at its precision: "13–14 Jan 2026", "Oct 2025", "2013"."""
    end = end or start
    if precision == YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}\u2013{end.year}"
    if precision == MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return _month_year(start)
        if start.year == end.year:
            return f"{_MONTHS[start.month - 1]}\u2013{_month_year(end)}"
        return f"{_month_year(start)} \u2013 {_month_year(end)}"
    if start == end:
        return f"{_day_month(start)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{_day_month(end)} {end.year}"
    if start.year == end.year:
        return f"{_day_month(start)} \u2013 {_day_month(end)} {end.year}"
    return f"{_day_month(start)} {start.year} \u2013 {_day_month(end)} {end.year}"


# The EDTF form of a day at a precision is its ISO date cut to this many characters: 2026-01-13 is
# "2026" to the year, "2026-01" to the month, "2026-01-13" to the day. The SQL export cuts the stored
# ISO date with the same table (tracker.exports.sql), so the two forms cannot drift apart. Any other
# precision is written to the day, there as here.
EDTF_WIDTH = {YEAR: 4, MONTH: 7, DAY: 10}


def edtf_point(day: date, precision: str) -> str:
    return day.isoformat()[: EDTF_WIDTH.get(precision, EDTF_WIDTH[DAY])]


def edtf_period(start: date, end: date | None, precision: str) -> str:
    """The Extended Date/Time Format form: "2025-10", "2013", "2026-01-13/2026-01-14"."""
    end = end or start
    first, last = edtf_point(start, precision), edtf_point(end, precision)
    return first if first == last else f"{first}/{last}"
