"""Dates in an article, resolved against the day it was published.

Each date expression found becomes a DateMention: the words, the period they name (a
tracker.domain.dates.PartialDate, so precision means what it means everywhere else) or None with the
reason it could not be settled. Rules:

- an explicit date with a year is that date; without a year it takes the year that puts it nearest
  the publication, looking ahead when the sentence does ("will", "is set to", "next"…) and back
  otherwise;
- a weekday ("on Friday") is the latest such day on or before publication, or the first on or after
  it when the sentence looks ahead; "last Friday" is strictly before, "next Friday" strictly after;
- "yesterday", "today", "tomorrow"; "last month", "this month", "next month", "last October";
- "earlier this week", "last week", "this week": a day when the window is one day, the month when the
  window lies in one month, nothing (and why) otherwise;
- "a three-day visit" stretches a one-day start over that many days.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.dates import DAY, MONTH, YEAR, PartialDate, last_day_of_month, period_bounds, shifted
from tracker.drafting.spans import Span, Taken, span_of

_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
MONTH_WORD = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"  # fmt: skip
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAYNUM2 = r"(?:\s*(?:-|–|—|and|to|through)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEARNUM = r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d))?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_NUMBER_WORDS.update({"ten": 10, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7})

PATTERNS = [
    ("month_day", re.compile(rf"\b{MONTH_WORD}\s+{_DAYNUM}\b{_DAYNUM2}{_YEARNUM}(?!\d)")),
    ("day_month", re.compile(rf"\b{_DAYNUM}{_DAYNUM2}\s+(?:of\s+)?{MONTH_WORD}(?![a-z]){_YEARNUM}(?!\d)")),
    ("month_year", re.compile(rf"\b{MONTH_WORD}\s+(?P<year>(?:1[89]|20)\d\d)\b")),
    ("relative_month_name", re.compile(rf"\b(?P<which>last|this|next|early|late)\s+{MONTH_WORD}(?![a-z])", re.I)),
    ("relative_day", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
    ("relative_month", re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+month\b", re.I)),
    ("relative_week", re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+week\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this|on|starting|beginning|from)\s+)?{_WEEKDAY}\b")),
    ("year", re.compile(r"\b(?:in|since|by)\s+(?P<year>(?:1[89]|20)\d\d)\b")),
]

# A sentence that looks ahead from the day of publication.
FORWARD = re.compile(
    r"\b(?:will|shall|is set to|are set to|is due to|are due to|is scheduled|are scheduled|is expected to|"
    r"are expected to|plans? to|is to|are to|is planning|are planning|upcoming|ahead of (?:his|her|their|the) "
    r"(?:visit|trip|talks|summit)|next)\b",
    re.I,
)
DURATION = re.compile(r"\b(?P<count>one|two|three|four|five|six|seven|eight|nine|ten|[2-7])-day\b", re.I)


@dataclass(frozen=True)
class DateMention:
    span: Span
    form: str
    period: PartialDate | None
    reason: str = ""  # why `period` is None, or how it was settled


def _month(text: str) -> int:
    return _MONTH_NAMES[text.lower().rstrip(".")]


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, published: date, forward: bool) -> date | None:
    """The date `day month` in the year that puts it nearest publication, on the side the tense points."""
    candidates = [d for d in (_safe_day(published.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not candidates:
        return None
    if forward:
        ahead = [d for d in candidates if d >= published - timedelta(days=1)]
        return min(ahead) if ahead else max(candidates)
    behind = [d for d in candidates if d <= published + timedelta(days=1)]
    return max(behind) if behind else min(candidates)


def _weekday(name: str, which: str, published: date, forward: bool) -> date:
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    which = (which or "").lower()
    if which == "last":
        return published - timedelta(days=back or 7)
    if which == "next":
        return published + timedelta(days=ahead or 7)
    if forward:
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _week_window(which: str, published: date) -> tuple[date, date] | None:
    monday = published - timedelta(days=published.weekday())
    which = which.lower()
    if which == "last":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if which == "next":
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if which == "earlier this":
        return (monday, published - timedelta(days=1)) if published > monday else None
    if which == "later this":
        sunday = monday + timedelta(days=6)
        return (published + timedelta(days=1), sunday) if published < sunday else None
    return monday, monday + timedelta(days=6)


def _window_period(first: date, last: date, words: str) -> tuple[PartialDate | None, str]:
    if first == last:
        return PartialDate(first, first, DAY), f"'{words}' leaves one day: {first.isoformat()}"
    if (first.year, first.month) == (last.year, last.month):
        start, end = period_bounds(first, MONTH)
        return PartialDate(start, end, MONTH), (
            f"'{words}' is between {first.isoformat()} and {last.isoformat()}; the day is not given, so the month"
        )
    return None, f"'{words}' is between {first.isoformat()} and {last.isoformat()}, across two months; no day given"


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _explicit(match: re.Match, published: date, forward: bool) -> tuple[PartialDate | None, str]:
    month = _month(match.group("month"))
    day = int(match.group("day"))
    day2 = int(match.group("day2")) if match.group("day2") else None
    year = int(match.group("year")) if match.group("year") else None
    if year is not None:
        first, reason = _safe_day(year, month, day), ""
    else:
        first = _nearest_year(month, day, published, forward)
        reason = f"no year given: {first.year if first else '?'} puts it nearest the publication date"
    if first is None:
        return None, f"'{match.group()}' is not a day of that month"
    last = _safe_day(first.year, month, day2) if day2 else first
    if last is None or last < first:
        return None, f"'{match.group()}' is not a range of days"
    return PartialDate(first, last, DAY), reason


def resolve(form: str, match: re.Match, published: date, sentence: str) -> tuple[PartialDate | None, str]:
    """The period a matched expression names, read against `published` and its sentence's tense."""
    forward = bool(FORWARD.search(sentence))
    if form in ("month_day", "day_month"):
        return _explicit(match, published, forward)
    if form == "month_year":
        start, end = period_bounds(date(int(match.group("year")), _month(match.group("month")), 1), MONTH)
        return PartialDate(start, end, MONTH), ""
    if form == "year":
        year = int(match.group("year"))
        return PartialDate(date(year, 1, 1), date(year, 12, 31), YEAR), ""
    if form == "relative_day":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("word").lower()]
        day = published + timedelta(days=shift)
        return PartialDate(day, day, DAY), f"'{match.group()}' counted from the publication date"
    if form == "relative_month":
        which = match.group("which").lower()
        shift = -1 if which == "last" else 1 if which == "next" else 0
        first = _shift_month(published, shift)
        return PartialDate(first, last_day_of_month(first.year, first.month), MONTH), ""
    if form == "relative_month_name":
        month, which = _month(match.group("month")), match.group("which").lower()
        year = published.year
        if which == "last" or (which in ("early", "late") and not forward):
            year = published.year if month < published.month else published.year - 1
        elif which == "next" or (which in ("early", "late") and forward):
            year = published.year if month > published.month else published.year + 1
        first = date(year, month, 1)
        return PartialDate(first, last_day_of_month(year, month), MONTH), ""
    if form == "relative_week":
        window = _week_window(match.group("which"), published)
        if window is None:
            return None, f"'{match.group()}' leaves no day before or after the publication date"
        return _window_period(*window, match.group())
    if form == "weekday":
        day = _weekday(match.group("weekday"), match.group("which"), published, forward)
        side = "after" if day > published else "on or before"
        tense = "the sentence looks ahead" if forward else "past tense"
        why = f"the {match.group('weekday')} {side} the publication date ({tense})"
        return PartialDate(day, day, DAY), why
    return None, "unread"


def find_dates(text: str, published: date, sentence_of) -> list[DateMention]:
    """Every date expression in `text`, left to right, the longest reading of overlapping ones."""
    taken = Taken()
    mentions = []
    for form, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not taken.free(start, end):
                continue
            if form == "weekday" and re.match(r",?\s*(?:\d|" + MONTH_WORD + ")", text[end : end + 14]):
                continue  # "Tuesday, January 13": the date says it
            taken.add(start, end)
            sentence = sentence_of(start)
            try:
                period, reason = resolve(form, match, published, sentence)
            except (OverflowError, ValueError):  # "tomorrow" read on 31 Dec 9999, "yesterday" on 1 Jan 0001
                period, reason = None, f"'{match.group()}' falls outside the years 0001–9999"
            mentions.append(DateMention(span_of(text, start, end), form, period, reason))
    mentions.sort(key=lambda mention: mention.span.start)
    return mentions


def stretched(period: PartialDate, sentence: str) -> tuple[PartialDate, str]:
    """A one-day start stretched over "a three-day visit" said in the same sentence."""
    duration = DURATION.search(sentence)
    if not duration or period.precision != DAY or period.start != period.end:
        return period, ""
    days = _NUMBER_WORDS[duration.group("count").lower()]
    end = shifted(period.start, days - 1)  # never past the last day the tracker stores
    return PartialDate(period.start, end, DAY), duration.group()
