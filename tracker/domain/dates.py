"""Partial dates: what researchers type, how it is stored, how it is shown.

A partial date is a closed period [start, end] plus the precision it was known to. "October 2025"
is stored as 2025-10-01..2025-10-31 with month precision, so an overlap query on the stored bounds
finds it for any window touching October, and it is shown as "Oct 2025", never "1 Oct 2025".

The tracker stores the days of Python's `date`: 1 Jan 0001 to 31 Dec 9999 (proleptic Gregorian), the
range FIRST_DAY..LAST_DAY. There is no year 0 and no year 10000: every parser here refuses them with
a PartialDateError naming that range (OUTSIDE_THE_CALENDAR), so admin fields, filters, imports and
the API answer a field error, never an exception. A year below 1000 is written with four digits
("0001", "1 Jan 0099"), as ISO 8601 writes it, so what is shown reads back as the same day.

What a person may type, and what is refused and how, is listed in `parse_partial_date`; the words and
marks of a written date (months, weekdays, range separators, clock times) are in
tracker.domain.date_words. `parse_day` reads the same forms for a value kept to the day.

Arithmetic on these days never leaves the range: `shifted` moves a day by a number of days and stops
at the first or last day, for window bounds, chart padding and the like.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import parser as dateutil_parser

from tracker.domain.date_words import (
    BARE_DAY,
    ISO_DAY,
    ISO_MONTH,
    NUMERIC_DAY,
    WEEKDAY_NAMES,
    clock_time,
    range_parts,
    tidied,
    unread_parts,
    without_weekday,
)

DAY = "day"
MONTH = "month"
YEAR = "year"

FIRST_DAY = date.min
LAST_DAY = date.max
OUTSIDE_THE_CALENDAR = "the tracker stores dates from years 0001 to 9999 (there is no year 0)"
# Longer than any date or range a person writes ("Wednesday, 31 December 2025 – Thursday, 1 January
# 2026" is 56 characters): refused before any parsing, so a pasted page costs nothing.
LONGEST_DATE_TEXT = 100
NO_SUCH_DAY = "that day does not exist in that month"

_YEAR = re.compile(r"^\d{4}$")
# "13-14 Jan": a day range, which cannot be one end of a longer range.
_DAY_RANGE = re.compile(r"^\d{1,2}\s*[-\u2010\u2011\u2012\u2013]\s*\d{1,2}\b")
# A run of three to five digits can only be a year, as written: "0001", "2026", "10000".
_WRITTEN_YEAR = re.compile(r"(?<!\d)\d{3,5}(?!\d)")
_YEAR_OUT_OF_RANGE = re.compile(r"year -?\d+ is out of range")


class PartialDateError(ValueError):
    """Raised with a message fit to show the person who typed the value."""


def _outside_the_calendar(text: str) -> PartialDateError:
    return PartialDateError(f"'{text}' is outside the calendar: {OUTSIDE_THE_CALENDAR}")


def _checked_year(year: int, text: str) -> int:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _outside_the_calendar(text)
    return year


def shifted(day: date, days: int) -> date:
    """`day` moved by `days` (back when negative), stopping at FIRST_DAY or LAST_DAY instead of
    overflowing: a window bound or a chart's padding near the ends of the calendar."""
    if days < 0:
        return day - timedelta(days=min(-days, (day - FIRST_DAY).days))
    return day + timedelta(days=min(days, (LAST_DAY - day).days))


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

    @property
    def understood(self) -> str:
        """What was read, to show beside the field it was typed in: "13–14 Jan 2026 (day precision)"."""
        return f"{self} ({self.precision} precision)"


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(day: date, precision: str) -> tuple[date, date]:
    """The first and last day of the month or year `day` falls in, or the day itself."""
    if precision == YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == MONTH:
        return date(day.year, day.month, 1), last_day_of_month(day.year, day.month)
    return day, day


def _parse_single(text: str, *, default_year: int | None = None) -> tuple[date, date, str, bool]:
    """Parse one point in time: (first day, last day, precision, whether the text gave its year).
    A point without a year of its own ("13 Jan" in "13 Jan – 2 Feb 2026") takes `default_year`."""
    cleaned = text.strip().rstrip(",").strip()
    if not cleaned:
        raise PartialDateError("a date is empty")
    if _YEAR.match(cleaned):
        year = _checked_year(int(cleaned), text)
        return date(year, 1, 1), date(year, 12, 31), YEAR, True
    iso_day = ISO_DAY.match(cleaned)
    if iso_day:
        # The form every export writes, read directly: large imports are mostly these.
        _checked_year(int(iso_day.group(1)), text)
        try:
            day = date.fromisoformat(cleaned)
        except ValueError:
            raise PartialDateError(f"'{text}' is not a date ({NO_SUCH_DAY})") from None
        return day, day, DAY, True
    iso_month = ISO_MONTH.match(cleaned)
    if iso_month:
        year, month = _checked_year(int(iso_month.group(1)), text), int(iso_month.group(2))
        if not 1 <= month <= 12:
            raise PartialDateError(f"'{text}' is not a date: month {month} does not exist")
        return date(year, month, 1), last_day_of_month(year, month), MONTH, True
    written_years = [_checked_year(int(run), text) for run in _WRITTEN_YEAR.findall(cleaned)]
    _refuse_two_readings(cleaned, text)
    weekday, cleaned = without_weekday(cleaned)
    # Parsing twice with different defaults reveals which parts the text really gave.
    low, high = _read(cleaned, text, 2000, 2004)
    gave_year = low.year == high.year
    if not gave_year:
        if default_year is None:
            raise PartialDateError(f"'{text}' has no year")
        low, high = _read(cleaned, text, default_year, default_year)
    if len(written_years) == 1 and low.year == high.year != written_years[0]:
        # dateutil takes "1 Jan 0001" for 2001, as it would "1 Jan 01"; four digits name the year itself.
        try:
            low, high = low.replace(year=written_years[0]), high.replace(year=written_years[0])
        except ValueError:
            raise PartialDateError(f"'{text}' is not a date ({NO_SUCH_DAY})") from None
    if low.month != high.month:
        first, last, precision = date(low.year, 1, 1), date(low.year, 12, 31), YEAR
    elif low.day != high.day:
        first, last, precision = date(low.year, low.month, 1), last_day_of_month(low.year, low.month), MONTH
    else:
        first, last, precision = low.date(), low.date(), DAY
    if weekday is not None:
        _check_weekday(text, first, precision, weekday)
    return first, last, precision, gave_year


def _read(cleaned: str, text: str, low_year: int, high_year: int) -> tuple[datetime, datetime]:
    """dateutil's two readings of `cleaned`, defaulting to the first of January and to 28 December."""
    try:
        low = dateutil_parser.parse(cleaned, default=datetime(low_year, 1, 1), tzinfos=_no_zone)
        high = dateutil_parser.parse(cleaned, default=datetime(high_year, 12, 28), tzinfos=_no_zone)
    except (ValueError, OverflowError) as exc:
        message = str(exc.args[0]) if exc.args else ""
        if _YEAR_OUT_OF_RANGE.search(message):
            raise _outside_the_calendar(text) from None
        if message.startswith("month must be in"):
            raise PartialDateError(f"'{text}' is not a date (that month does not exist)") from None
        if "out of range" in message or "must be in" in message:
            raise PartialDateError(f"'{text}' is not a date ({NO_SUCH_DAY})") from None
        raise _unreadable(text) from None
    if low.time() != time(0) or low.tzinfo is not None or high.tzinfo is not None:
        # No clock time was written (parse_partial_date refuses those first), so dateutil read some
        # other part of the text as one: "13-14" as an hour and a zone. That part is not a date.
        raise _unreadable(text)
    return low, high


def _no_zone(name: str | None, offset: int | None) -> None:
    """dateutil's tzinfos hook: a word or a number it took for a time zone ("KST", "-14") is no part
    of a date, so it is refused here instead of being dropped with a warning."""
    if name is not None or offset is not None:
        raise ValueError("a time zone")


def _unreadable(text: str) -> PartialDateError:
    """What could not be read in `text`: its words and marks that no date uses, else its shape."""
    unread = unread_parts(text)
    if unread:
        named = ", ".join(f"'{part}'" for part in unread)
        return PartialDateError(f"'{text}' is not a date (could not read {named})")
    return PartialDateError(f"'{text}' is not a date (unrecognised format; write e.g. 13 Jan 2026 or 2026-01-13)")


def _refuse_two_readings(cleaned: str, text: str) -> None:
    """Refuse "01/02/2026", which is 1 Feb to some readers and 2 Jan to others, naming both. A numeric
    date with a day above 12 ("13/01/2026", "01/13/2026") or the same number twice has one reading."""
    numeric = NUMERIC_DAY.match(cleaned)
    if not numeric or int(numeric.group(1)) > 12 or int(numeric.group(3)) > 12:
        return
    if numeric.group(1).lstrip("0") == numeric.group(3).lstrip("0"):
        return
    try:
        day_first = dateutil_parser.parse(cleaned, dayfirst=True).date()
        month_first = dateutil_parser.parse(cleaned, dayfirst=False).date()
    except (ValueError, OverflowError):
        return  # reading it says what else is wrong
    raise PartialDateError(
        f"'{text}' is ambiguous: it could be {format_period(day_first, None, DAY)} or "
        f"{format_period(month_first, None, DAY)}; write the month in letters or use {day_first.isoformat()}"
    )


def _check_weekday(text: str, day: date, precision: str, weekday: int) -> None:
    if precision != DAY:
        raise PartialDateError(f"'{text}' names a weekday but no day of the month")
    if day.weekday() != weekday:
        shown = format_period(day, None, DAY)
        raise PartialDateError(f"'{text}': {shown} is a {WEEKDAY_NAMES[day.weekday()]}, not a {WEEKDAY_NAMES[weekday]}")


def _parse_part(part: str, whole: str, *, default_year: int | None = None) -> tuple[date, date, str, bool]:
    """One end of the range `whole`; its problems are reported with the whole text they come from."""
    try:
        return _parse_single(part, default_year=default_year)
    except PartialDateError as exc:
        raise PartialDateError(f"'{whole}': {exc}") from None


def _parse_range(text: str, left_text: str, right_text: str) -> PartialDate:
    if not left_text or not right_text:
        raise PartialDateError(f"'{text}': one end of the range is missing")
    right_start, right_end, right_precision, _ = _parse_part(right_text, text)
    bare_day = BARE_DAY.match(left_text)
    if bare_day:
        # "13–14 Jan 2026": the first end takes the month and year of the second.
        try:
            left_start = right_start.replace(day=int(bare_day.group(1)))
        except ValueError:
            raise PartialDateError(f"'{text}' is not a date ({left_text} is not a day of that month)") from None
        left_precision, left_gave_year = DAY, True
    else:
        left_start, _, left_precision, left_gave_year = _parse_part(left_text, text, default_year=right_start.year)
    if left_precision != right_precision:
        raise PartialDateError(
            f"'{text}': both ends of a range need the same precision (a {left_precision} and a {right_precision})"
        )
    if right_end < left_start:
        hint = "" if left_gave_year else "; if it runs into the next year, give the year of each end"
        raise PartialDateError(f"'{text}': the end is before the start{hint}")
    return PartialDate(left_start, right_end, right_precision)


def parse_partial_date(text: str) -> PartialDate:
    """Read what a person typed, one date or a range of two, and the precision it is known to.

    One date: "13 Jan 2026", "January 13, 2026", "13th January 2026", "Tuesday, 13 January 2026",
    "2026-01-13", "13/01/2026"; a month: "Jan 2026", "January 2026", "2026-01"; a year: "2026".
    A range: "13–14 Jan 2026", "13-14 January 2026", "January 13-14, 2026", "13 January – 2 February
    2026", "Dec 31, 2025 – Jan 2, 2026", "13 Jan 2026 to 14 Jan 2026", the EDTF/ISO forms
    "2026-01-13/2026-01-14", "2026-01/2026-03" and "2025/2026", and "Jan-Mar 2026", "2025-2026". A
    range keeps the precision both ends share: "Oct 2025 – Jan 2026" is a month-precision period,
    "13–14 Jan 2026" a day-precision one; ends of different precisions are refused.

    Refused, always with a PartialDateError saying why (the only exception it raises): a numeric
    date both of whose first numbers could be the month ("01/02/2026" could be 1 Feb or 2 Jan; the
    message names both readings), a text with a clock time ("13 Jan 2026 14:00"), a weekday that
    does not fall on the day, a year outside 0001-9999, and anything unreadable, naming the words
    that could not be read.
    """
    if text is None or not str(text).strip():
        raise PartialDateError("enter a date, e.g. 13 Jan 2026, Jan 2026 or 2013")
    text = str(text).strip()
    if len(text) > LONGEST_DATE_TEXT:
        raise PartialDateError(f"a date is at most {LONGEST_DATE_TEXT} characters, e.g. 13 Jan 2026")
    if ISO_DAY.match(text):  # the form every export writes, read first: imports are mostly these
        start, end, precision, _ = _parse_single(text)
        return PartialDate(start, end, precision)
    text = tidied(text)
    clock = clock_time(text)
    if clock:
        raise PartialDateError(f"'{text}' includes a time of day ({clock}); give a date without a time")
    parts, guessed = range_parts(text)
    if len(parts) == 1:
        start, end, precision, _ = _parse_single(text)
        return PartialDate(start, end, precision)
    if len(parts) != 2 or any(_DAY_RANGE.match(part.strip()) for part in parts):
        # "13-14 Jan" is itself a range: as one end of a longer one, dateutil would read 13 as 2013.
        raise PartialDateError(f"'{text}' is not a date or a range of two dates")
    if guessed:
        # A lone hyphen may sit inside one date ("Jan-2026") as well as between two.
        try:
            start, end, precision, _ = _parse_single(text)
            return PartialDate(start, end, precision)
        except PartialDateError:
            pass
    return _parse_range(text, parts[0].strip(), parts[1].strip())


def parse_day(text: str) -> date:
    """One day, for a value stored as a plain date with no precision beside it (when a source was
    published or read, when an office was taken up). It reads every form parse_partial_date reads,
    and refuses a month, a year or a range saying what to give instead."""
    period = parse_partial_date(text)
    if period.precision != DAY:
        raise PartialDateError(
            f"'{text}' is a whole {period.precision}; this date is kept to the day, so give the day, e.g. 13 Jan 2026"
        )
    if period.start != period.end:
        raise PartialDateError(f"'{text}' is {(period.end - period.start).days + 1} days; give one day")
    return period.start


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


def _year(day: date) -> str:
    # Four digits, as ISO 8601 writes a year: "1 Jan 0001" reads back as year 1, where "1 Jan 1"
    # would be read as 2001.
    return f"{day.year:04d}"


def _month_year(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {_year(day)}"


def _day_month(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def format_period(start: date, end: date | None, precision: str) -> str:
    """Show a period at its precision: "13–14 Jan 2026", "Oct 2025", "2013"."""
    end = end or start
    if precision == YEAR:
        return _year(start) if start.year == end.year else f"{_year(start)}\u2013{_year(end)}"
    if precision == MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return _month_year(start)
        if start.year == end.year:
            return f"{_MONTHS[start.month - 1]}\u2013{_month_year(end)}"
        return f"{_month_year(start)} \u2013 {_month_year(end)}"
    if start == end:
        return f"{_day_month(start)} {_year(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{_day_month(end)} {_year(end)}"
    if start.year == end.year:
        return f"{_day_month(start)} \u2013 {_day_month(end)} {_year(end)}"
    return f"{_day_month(start)} {_year(start)} \u2013 {_day_month(end)} {_year(end)}"


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
