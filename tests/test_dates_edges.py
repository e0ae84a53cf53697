"""The partial-date parser at its edges: what it must refuse (with PartialDateError, never a bare
ValueError) and the ranges and forms it must read. These pin today's intended behaviour."""

from datetime import date

import pytest

from tracker.domain.dates import (
    DAY,
    MONTH,
    YEAR,
    PartialDate,
    PartialDateError,
    edtf_point,
    format_period,
    last_day_of_month,
    parse_partial_date,
    parse_window_bound,
    period_bounds,
    period_unit_for_span,
)


def refused(typed: str) -> str:
    with pytest.raises(PartialDateError) as raised:
        parse_partial_date(typed)
    assert type(raised.value) is PartialDateError
    return str(raised.value)


@pytest.mark.parametrize(
    # "12-05-2026" was once read as 5 Dec 2026.
    "typed",
    ["12/05/2026", "05/12/2026", "1/2/2026", "12.05.2026", "12/05/26", "12-05-2026", "1-2-2026"],
)
def test_numeric_day_month_that_could_be_either_way_round_is_refused(typed):
    message = refused(typed)
    assert message.startswith(f"'{typed}' is ambiguous: it could be ")
    assert "write the month in letters" in message


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("13/05/2026", date(2026, 5, 13)),
        ("05/13/2026", date(2026, 5, 13)),
        ("13.01.2026", date(2026, 1, 13)),
        ("13-05-2026", date(2026, 5, 13)),
    ],
)
def test_numeric_forms_with_a_day_past_twelve_can_only_mean_one_thing(typed, day):
    assert parse_partial_date(typed) == PartialDate(day, day, DAY)


@pytest.mark.parametrize(
    "typed",
    [
        "13 Jan 2026 10:00",
        "2026-01-13T10:00",
        "13 Jan 2026 10:30:15",
        "13 Jan 2026 9pm",
        # Midnight is a time of day too (it once passed, being what a date alone defaults to).
        "2026-01-13 00:00",
        "2026-01-13T00:00:00",
        "13 Jan 2026 0:00",
        "13 Jan 2026 12am",
        "13 Jan 2026 12:34",
    ],
)
def test_a_time_of_day_is_refused(typed):
    message = refused(typed)
    assert message.startswith(f"'{typed}' includes a time of day (")
    assert message.endswith("give a date without a time")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-00", "'2026-00' is not a date: month 0 does not exist"),
        ("2026-13", "'2026-13' is not a date: month 13 does not exist"),
        ("31 Apr 2026", "'31 Apr 2026' is not a date (that day does not exist in that month)"),
        ("29 Feb 2026", "'29 Feb 2026' is not a date (that day does not exist in that month)"),
        ("garbage", "'garbage' is not a date (could not read 'garbage')"),
        ("13 Jan", "'13 Jan' has no year"),
        ("January 13", "'January 13' has no year"),
        ("", "enter a date, e.g. 13 Jan 2026, Jan 2026 or 2013"),
        ("   ", "enter a date, e.g. 13 Jan 2026, Jan 2026 or 2013"),
        ("0–1 Jan 2026", "'0–1 Jan 2026' is not a date (0 is not a day of that month)"),
        ("30–32 Jan 2026", "'30–32 Jan 2026': '32 Jan 2026' is not a date (that day does not exist in that month)"),
        ("2026 - 2025", "'2026 - 2025': the end is before the start"),
        ("14 Jan 2026 - 13 Jan 2026", "'14 Jan 2026 - 13 Jan 2026': the end is before the start"),
        (
            "Feb – Jan 2026",
            "'Feb – Jan 2026': the end is before the start; if it runs into the next year, give the year of each end",
        ),
        ("2025 – Jan 2026", "'2025 – Jan 2026': both ends of a range need the same precision (a year and a month)"),
        ("1 – 2 – 3 Jan 2026", "'1 – 2 – 3 Jan 2026' is not a date or a range of two dates"),
        ("13/13/2026", "'13/13/2026' is not a date (that month does not exist)"),
        (",", "a date is empty"),
        ("2026 –", "'2026 –': one end of the range is missing"),
    ],
)
def test_refusals_are_partial_date_errors_that_say_why(typed, message):
    assert refused(typed) == message


@pytest.mark.parametrize("typed", ["13-14 Jan to 15 Jan 2026", "13-14 Jan 2026 to 20 Jan 2026", "1 Jan – 3-4 Jan 2026"])
def test_a_hyphenated_day_range_is_not_read_inside_a_longer_range(typed):
    # "13-14 Jan to 15 Jan 2026" was once read as 14 Jan 2013 – 15 Jan 2026.
    assert refused(typed).startswith(f"'{typed}'")


def test_none_is_refused_like_an_empty_text():
    with pytest.raises(PartialDateError, match="enter a date"):
        parse_partial_date(None)


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("13 Jan 2026 - 14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), DAY),
        ("13 Jan 2026 to 14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), DAY),
        ("13 Jan 2026 TO 14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), DAY),
        ("13 Jan 2026 — 14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), DAY),
        ("13 - 14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), DAY),
        ("13–13 Jan 2026", date(2026, 1, 13), date(2026, 1, 13), DAY),  # a one-day range
        ("2026-01-13/2026-01-13", date(2026, 1, 13), date(2026, 1, 13), DAY),
        ("Jan 2026 - Feb 2026", date(2026, 1, 1), date(2026, 2, 28), MONTH),
        ("Dec 2025 – Jan 2026", date(2025, 12, 1), date(2026, 1, 31), MONTH),
        ("Feb–Mar 2024", date(2024, 2, 1), date(2024, 3, 31), MONTH),
        ("2025 - 2026", date(2025, 1, 1), date(2026, 12, 31), YEAR),
        ("2013/2014", date(2013, 1, 1), date(2014, 12, 31), YEAR),
        ("30 Dec 2025 – 2 Jan 2026", date(2025, 12, 30), date(2026, 1, 2), DAY),
        ("30 Jan – 2 Feb 2026", date(2026, 1, 30), date(2026, 2, 2), DAY),
        ("Jan 30 – Feb 2 2026", date(2026, 1, 30), date(2026, 2, 2), DAY),
        ("31–31 Dec 2025", date(2025, 12, 31), date(2025, 12, 31), DAY),
        ("2026-1", date(2026, 1, 1), date(2026, 1, 31), MONTH),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), MONTH),
        ("2013.", date(2013, 1, 1), date(2013, 12, 31), YEAR),
        ("AD 2013", date(2013, 1, 1), date(2013, 12, 31), YEAR),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), MONTH),
        ("Feb 2100", date(2100, 2, 1), date(2100, 2, 28), MONTH),
        ("Dec 2025", date(2025, 12, 1), date(2025, 12, 31), MONTH),
        ("13 Jan 2026,", date(2026, 1, 13), date(2026, 1, 13), DAY),
        ("  13 Jan 2026  ", date(2026, 1, 13), date(2026, 1, 13), DAY),
        ("Sept. 2025", date(2025, 9, 1), date(2025, 9, 30), MONTH),
        ("1 Jan 2026", date(2026, 1, 1), date(2026, 1, 1), DAY),
        ("31 Dec 2025", date(2025, 12, 31), date(2025, 12, 31), DAY),
        ("28 Dec 2025", date(2025, 12, 28), date(2025, 12, 28), DAY),
        ("1 Dec 2025", date(2025, 12, 1), date(2025, 12, 1), DAY),
    ],
)
def test_ranges_and_forms_people_type(typed, start, end, precision):
    assert parse_partial_date(typed) == PartialDate(start, end, precision)


def test_a_partial_date_shows_and_writes_itself_at_its_precision():
    period = parse_partial_date("13–14 Jan 2026")
    assert (str(period), period.edtf) == ("13–14 Jan 2026", "2026-01-13/2026-01-14")
    month = parse_partial_date("Oct 2025")
    assert (str(month), month.edtf) == ("Oct 2025", "2025-10")


@pytest.mark.parametrize(
    ("day", "precision", "bounds"),
    [
        (date(2025, 10, 17), YEAR, (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2025, 10, 17), MONTH, (date(2025, 10, 1), date(2025, 10, 31))),
        (date(2024, 2, 10), MONTH, (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2025, 10, 17), DAY, (date(2025, 10, 17), date(2025, 10, 17))),
    ],
)
def test_period_bounds(day, precision, bounds):
    assert period_bounds(day, precision) == bounds


@pytest.mark.parametrize(
    ("year", "month", "last"), [(2025, 1, 31), (2025, 2, 28), (2024, 2, 29), (1900, 2, 28), (2025, 4, 30)]
)
def test_last_day_of_month(year, month, last):
    assert last_day_of_month(year, month) == date(year, month, last)


@pytest.mark.parametrize(
    ("typed", "upper", "bound"),
    [
        ("13 Jan 2026", False, date(2026, 1, 13)),
        ("13 Jan 2026", True, date(2026, 1, 13)),
        ("Oct 2025", False, date(2025, 10, 1)),
        ("Oct–Nov 2025", True, date(2025, 11, 30)),
        ("2025 – 2026", True, date(2026, 12, 31)),
    ],
)
def test_window_bounds(typed, upper, bound):
    assert parse_window_bound(typed, upper=upper) == bound


@pytest.mark.parametrize(
    ("days", "unit"),
    [(0, DAY), (731, DAY), (732, MONTH), (40 * 366, MONTH), (40 * 366 + 1, YEAR)],
)
def test_the_heat_map_unit_grows_with_the_span(days, unit):
    first = date(2000, 1, 1)
    assert period_unit_for_span(first, date.fromordinal(first.toordinal() + days)) == unit


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (date(2026, 1, 13), None, DAY, "13 Jan 2026"),
        (date(2025, 10, 1), None, MONTH, "Oct 2025"),
        (date(2013, 1, 1), None, YEAR, "2013"),
        (date(2026, 1, 13), date(2026, 2, 14), DAY, "13 Jan – 14 Feb 2026"),
        (date(2026, 3, 1), date(2026, 3, 31), MONTH, "Mar 2026"),
        (date(2026, 12, 31), date(2026, 12, 31), DAY, "31 Dec 2026"),
    ],
)
def test_display_of_every_shape(start, end, precision, shown):
    assert format_period(start, end, precision) == shown


@pytest.mark.parametrize(
    ("day", "precision", "point"),
    [
        (date(2026, 1, 13), YEAR, "2026"),
        (date(2026, 1, 13), MONTH, "2026-01"),
        (date(2026, 1, 13), DAY, "2026-01-13"),
        (date(2026, 1, 13), "unknown", "2026-01-13"),
    ],
)
def test_edtf_points(day, precision, point):
    assert edtf_point(day, precision) == point


def test_every_unread_word_is_named_in_the_error():
    with pytest.raises(PartialDateError) as refused:
        parse_partial_date("13 Jan 2026 blah foo")
    assert str(refused.value) == "'13 Jan 2026 blah foo' is not a date (could not read 'blah', 'foo')"


def test_a_shape_no_date_has_is_answered_with_examples():
    with pytest.raises(PartialDateError) as refused:
        parse_partial_date("..")
    assert str(refused.value) == "'..' is not a date (unrecognised format; write e.g. 13 Jan 2026 or 2026-01-13)"


def test_a_wrong_weekday_names_the_day_and_its_real_weekday():
    with pytest.raises(PartialDateError) as refused:
        parse_partial_date("Mon 13 Jan 2026")
    assert str(refused.value) == "'Mon 13 Jan 2026': 13 Jan 2026 is a Tuesday, not a Monday"


@pytest.mark.parametrize("text", ["Jan-.", "2025-.", "Jan 2026-?"])
def test_a_hyphen_before_marks_is_not_read_as_a_range(text):
    from tracker.domain.date_words import range_parts

    assert range_parts(text) == ([text], False)
