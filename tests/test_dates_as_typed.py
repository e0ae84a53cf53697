"""The one date parser reads dates as researchers type them (issue 14): each form gives the right
period and precision, an ambiguous numeric date names both readings, a refused text names what could
not be read, and a date is never said to have a time of day."""

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.dates import PartialDateError, parse_day, parse_partial_date

JAN_13 = date(2026, 1, 13)
JAN_14 = date(2026, 1, 14)

# What a researcher types: (first day, last day, precision).
TYPED = {
    "13–14 Jan 2026": (JAN_13, JAN_14, "day"),
    "13-14 Jan 2026": (JAN_13, JAN_14, "day"),
    "January 13-14, 2026": (JAN_13, JAN_14, "day"),
    "Jan 13–14, 2026": (JAN_13, JAN_14, "day"),
    "Jan 13 - 14, 2026": (JAN_13, JAN_14, "day"),
    "Jan 13 to 14, 2026": (JAN_13, JAN_14, "day"),
    "13-14 January 2026": (JAN_13, JAN_14, "day"),
    "13th–14th January 2026": (JAN_13, JAN_14, "day"),
    "13 to 14 Jan 2026": (JAN_13, JAN_14, "day"),
    "13 January – 2 February 2026": (JAN_13, date(2026, 2, 2), "day"),
    "Jan 13th – Feb 2nd 2026": (JAN_13, date(2026, 2, 2), "day"),
    "Jan 2026": (date(2026, 1, 1), date(2026, 1, 31), "month"),
    "January 2026": (date(2026, 1, 1), date(2026, 1, 31), "month"),
    "2026-01": (date(2026, 1, 1), date(2026, 1, 31), "month"),
    "Jan-2026": (date(2026, 1, 1), date(2026, 1, 31), "month"),
    "2026-01-13": (JAN_13, JAN_13, "day"),
    "2026": (date(2026, 1, 1), date(2026, 12, 31), "year"),
    "2026-01-13/2026-01-14": (JAN_13, JAN_14, "day"),
    "2026-01/2026-03": (date(2026, 1, 1), date(2026, 3, 31), "month"),
    "2025/2026": (date(2025, 1, 1), date(2026, 12, 31), "year"),
    "2025-2026": (date(2025, 1, 1), date(2026, 12, 31), "year"),
    "Jan-Mar 2026": (date(2026, 1, 1), date(2026, 3, 31), "month"),
    "Dec 2025-Jan 2026": (date(2025, 12, 1), date(2026, 1, 31), "month"),
    "13 Jan 2026 - 14 Jan 2026": (JAN_13, JAN_14, "day"),
    "13 Jan 2026 to 14 Jan 2026": (JAN_13, JAN_14, "day"),
    "1 Jan 2026-2 Jan 2026": (date(2026, 1, 1), date(2026, 1, 2), "day"),
    "13 Jan-14 Jan 2026": (JAN_13, JAN_14, "day"),
    "Dec 31, 2025 – Jan 2, 2026": (date(2025, 12, 31), date(2026, 1, 2), "day"),
    "13th January 2026": (JAN_13, JAN_13, "day"),
    "January 13th, 2026": (JAN_13, JAN_13, "day"),
    "Tuesday, 13 January 2026": (JAN_13, JAN_13, "day"),
    "Tues 13 Jan 2026": (JAN_13, JAN_13, "day"),
    "Tuesday, 13 January – Wednesday, 14 January 2026": (JAN_13, JAN_14, "day"),
    "January 13, 2026": (JAN_13, JAN_13, "day"),
    # Numeric dates with only one reading: a number above 12 is the day, the same number twice is both.
    "13/01/2026": (JAN_13, JAN_13, "day"),
    "01/13/2026": (JAN_13, JAN_13, "day"),
    "13.01.2026": (JAN_13, JAN_13, "day"),
    "05/05/2026": (date(2026, 5, 5), date(2026, 5, 5), "day"),
    "2026/01/13": (JAN_13, JAN_13, "day"),
    "13/01/2026 – 14/01/2026": (JAN_13, JAN_14, "day"),
    # Pasted text: no-break spaces, a non-breaking hyphen, a minus sign for a dash.
    "13\u00a0Jan\u00a02026": (JAN_13, JAN_13, "day"),
    "13\u201114 Jan 2026": (JAN_13, JAN_14, "day"),
    "13 Jan 2026 \u2212 14 Jan 2026": (JAN_13, JAN_14, "day"),
}

# What the parser cannot read, and the part of its message that names what it could not read.
UNREADABLE = {
    "13 Jann 2026": "could not read 'Jann'",
    "mid-January 2026": "could not read 'mid'",
    "13 janvier 2026": "could not read 'janvier'",
    "13 Jan 2026??": "could not read '?'",
    "13 Jan 2026 UTC": "could not read 'UTC'",
    "the 13th of January 2026": "could not read 'the'",
    "garbage": "could not read 'garbage'",
    "13 Jann – 14 Jan 2026": "'13 Jann' is not a date (could not read 'Jann')",
    "32 Jan 2026": "that day does not exist in that month",
    "13/13/2026": "that month does not exist",
    "Jan": "'Jan' has no year",
    "13 Jan 2026 –": "one end of the range is missing",
    "13–14 Jan 2026 – 15 Jan 2026": "is not a date or a range of two dates",
    "Monday, 13 January 2026": "13 Jan 2026 is a Tuesday, not a Monday",
    "Tuesday, Jan 2026": "names a weekday but no day of the month",
    "31 Dec – 2 Jan 2026": "the end is before the start; if it runs into the next year, give the year of each end",
}

# Numeric dates both of whose first numbers could be the month: both readings are named.
AMBIGUOUS = {
    "01/02/2026": ("1 Feb 2026", "2 Jan 2026", "2026-02-01"),
    "12/05/2026": ("12 May 2026", "5 Dec 2026", "2026-05-12"),
    "01-02-2026": ("1 Feb 2026", "2 Jan 2026", "2026-02-01"),
    "1.2.2026": ("1 Feb 2026", "2 Jan 2026", "2026-02-01"),
    "01/02/26": ("1 Feb 2026", "2 Jan 2026", "2026-02-01"),
}

WITH_A_CLOCK_TIME = ["13 Jan 2026 14:00", "13 Jan 2026 3pm", "2026-01-13T14:00", "13 Jan 2026 9 a.m.", "13 Jan noon"]


@pytest.mark.parametrize(("typed", "expected"), TYPED.items())
def test_each_form_researchers_type_gives_its_period_and_precision(typed, expected):
    period = parse_partial_date(typed)
    assert (period.start, period.end, period.precision) == expected


@pytest.mark.parametrize(("typed", "named"), UNREADABLE.items())
def test_a_refused_text_names_what_could_not_be_read(typed, named):
    with pytest.raises(PartialDateError) as refused:
        parse_partial_date(typed)
    assert named in str(refused.value)


@pytest.mark.parametrize(("typed", "readings"), AMBIGUOUS.items())
def test_an_ambiguous_numeric_date_is_refused_naming_both_readings(typed, readings):
    day_first, month_first, iso = readings
    with pytest.raises(PartialDateError) as refused:
        parse_partial_date(typed)
    assert str(refused.value) == (
        f"'{typed}' is ambiguous: it could be {day_first} or {month_first}; write the month in letters or use {iso}"
    )


@pytest.mark.parametrize("typed", [*TYPED, *UNREADABLE, *AMBIGUOUS])
def test_no_message_about_a_date_mentions_a_time(typed):
    try:
        parse_partial_date(typed)
    except PartialDateError as refused:
        assert "time" not in str(refused)


@pytest.mark.parametrize("typed", WITH_A_CLOCK_TIME)
def test_a_text_with_a_clock_time_asks_for_the_date_without_it(typed):
    with pytest.raises(PartialDateError, match="give a date without a time"):
        parse_partial_date(typed)


def test_the_reported_date_is_read_and_said_as_understood():
    period = parse_partial_date("January 13-14, 2026")
    assert period.understood == "13–14 Jan 2026 (day precision)"
    assert parse_partial_date("Oct 2025").understood == "Oct 2025 (month precision)"


@pytest.mark.parametrize("typed", ["13 Jan 2026", "January 13, 2026", "2026-01-13", "Tuesday, 13 January 2026"])
def test_a_field_kept_to_the_day_reads_the_same_forms(typed):
    assert parse_day(typed) == JAN_13


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Jan 2026", "'Jan 2026' is a whole month; this date is kept to the day, so give the day"),
        ("2026", "'2026' is a whole year"),
        ("13–14 Jan 2026", "'13–14 Jan 2026' is 2 days; give one day"),
        ("01/02/2026", "could be 1 Feb 2026 or 2 Jan 2026"),
        ("0000-01-01", "years 0001 to 9999"),
    ],
)
def test_a_field_kept_to_the_day_refuses_a_period_saying_what_to_give(typed, message):
    with pytest.raises(PartialDateError, match=message):
        parse_day(typed)


_PIECES = st.sampled_from(
    ["13", "1", "31", "0", "2026", "0000", "10000", "99999999999999999999", "Jan", "January", "Tuesday", "th"]
    + ["-", "–", "/", ",", " to ", ":", "T", "pm", " ", ".", "\u00a0", "\u2212", "of", "KST", "+09", "٣", "½"]
)


@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join) | st.text(max_size=40))
def test_the_parser_answers_any_text_with_a_period_or_a_partial_date_error(text):
    for parse in (parse_partial_date, parse_day):
        with contextlib.suppress(PartialDateError):
            parse(text)
