from datetime import date

import pytest

from tracker.domain.dates import (
    PartialDateError,
    edtf_period,
    format_period,
    parse_partial_date,
    parse_window_bound,
    shifted,
)


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("13 Jan 2026", date(2026, 1, 13), date(2026, 1, 13), "day"),
        ("2026-01-13", date(2026, 1, 13), date(2026, 1, 13), "day"),
        ("January 13, 2026", date(2026, 1, 13), date(2026, 1, 13), "day"),
        ("Jan 2026", date(2026, 1, 1), date(2026, 1, 31), "month"),
        ("October 2025", date(2025, 10, 1), date(2025, 10, 31), "month"),
        ("2025-10", date(2025, 10, 1), date(2025, 10, 31), "month"),
        ("Feb 2024", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2013", date(2013, 1, 1), date(2013, 12, 31), "year"),
        ("13–14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), "day"),
        ("13-14 Jan 2026", date(2026, 1, 13), date(2026, 1, 14), "day"),
        ("2026-01-13/2026-01-14", date(2026, 1, 13), date(2026, 1, 14), "day"),
        ("31 Oct – 1 Nov 2025", date(2025, 10, 31), date(2025, 11, 1), "day"),
        ("4 January 2026 to 7 January 2026", date(2026, 1, 4), date(2026, 1, 7), "day"),
        ("Oct–Nov 2025", date(2025, 10, 1), date(2025, 11, 30), "month"),
        ("2025-10/2025-11", date(2025, 10, 1), date(2025, 11, 30), "month"),
        ("13/01/2026", date(2026, 1, 13), date(2026, 1, 13), "day"),
    ],
)
def test_parses_what_people_type(typed, start, end, precision):
    period = parse_partial_date(typed)
    assert (period.start, period.end, period.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31 Feb 2026", "'31 Feb 2026' is not a date (that day does not exist in that month)"),
        ("garbage", "'garbage' is not a date"),
        ("", "enter a date"),
        ("Jan", "'Jan' has no year"),
        ("2026-13", "month 13 does not exist"),
        ("14–13 Jan 2026", "the end is before the start"),
        ("13 Jan 2026 10:00", "time of day"),
        ("01/02/2026", "ambiguous"),
        ("13 Jan 2026 – Feb 2026", "same precision"),
    ],
)
def test_rejects_what_is_not_a_date_with_a_clear_message(typed, message):
    with pytest.raises(PartialDateError) as raised:
        parse_partial_date(typed)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown", "edtf"),
    [
        (date(2026, 1, 13), date(2026, 1, 13), "day", "13 Jan 2026", "2026-01-13"),
        (date(2026, 1, 13), date(2026, 1, 14), "day", "13–14 Jan 2026", "2026-01-13/2026-01-14"),
        (date(2025, 10, 31), date(2025, 11, 1), "day", "31 Oct – 1 Nov 2025", "2025-10-31/2025-11-01"),
        (date(2025, 12, 31), date(2026, 1, 2), "day", "31 Dec 2025 – 2 Jan 2026", "2025-12-31/2026-01-02"),
        (date(2025, 10, 1), date(2025, 10, 31), "month", "Oct 2025", "2025-10"),
        (date(2025, 10, 1), date(2025, 11, 30), "month", "Oct–Nov 2025", "2025-10/2025-11"),
        (date(2025, 12, 1), date(2026, 1, 31), "month", "Dec 2025 – Jan 2026", "2025-12/2026-01"),
        (date(2013, 1, 1), date(2013, 12, 31), "year", "2013", "2013"),
        (date(2013, 1, 1), date(2014, 12, 31), "year", "2013–2014", "2013/2014"),
    ],
)
def test_display_and_edtf_follow_precision(start, end, precision, shown, edtf):
    assert format_period(start, end, precision) == shown
    assert edtf_period(start, end, precision) == edtf


def test_month_precision_is_never_shown_as_the_first_of_the_month():
    assert format_period(date(2025, 10, 1), date(2025, 10, 31), "month") == "Oct 2025"


@pytest.mark.parametrize(
    ("typed", "upper", "bound"),
    [
        ("2025", False, date(2025, 1, 1)),
        ("2025", True, date(2025, 12, 31)),
        ("Oct 2025", True, date(2025, 10, 31)),
        ("2025-10", False, date(2025, 10, 1)),
    ],
)
def test_window_bounds_cover_the_whole_period(typed, upper, bound):
    assert parse_window_bound(typed, upper=upper) == bound


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("0001", date(1, 1, 1), date(1, 12, 31), "year"),
        ("0001-01", date(1, 1, 1), date(1, 1, 31), "month"),
        ("0001-01-01", date(1, 1, 1), date(1, 1, 1), "day"),
        ("1 Jan 0001", date(1, 1, 1), date(1, 1, 1), "day"),
        ("Jan 0050", date(50, 1, 1), date(50, 1, 31), "month"),
        ("29 Feb 0004", date(4, 2, 29), date(4, 2, 29), "day"),
        ("1–3 Jan 0099", date(99, 1, 1), date(99, 1, 3), "day"),
        ("9999", date(9999, 1, 1), date(9999, 12, 31), "year"),
        ("Dec 9999", date(9999, 12, 1), date(9999, 12, 31), "month"),
        ("31 Dec 9999", date(9999, 12, 31), date(9999, 12, 31), "day"),
        ("0001-01-01/9999-12-31", date.min, date.max, "day"),
        # Two digits still mean this century or the last, as people write them.
        ("13 Jan 26", date(2026, 1, 13), date(2026, 1, 13), "day"),
    ],
)
def test_parses_the_first_and_last_years_the_tracker_stores(typed, start, end, precision):
    period = parse_partial_date(typed)
    assert (period.start, period.end, period.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "typed",
    [
        "0000",
        "0000-01",
        "0000-01-01",
        "Jan 0000",
        "1 Jan 0000",
        "13/1/0000",
        "0000/0001",
        "0000 – 2025",
        "10000",
        "Dec 10000",
        "99999-01-01",
        "2025-01-01/10000-01-01",
    ],
)
def test_refuses_a_year_outside_the_calendar_naming_the_range(typed):
    with pytest.raises(PartialDateError) as raised:
        parse_partial_date(typed)
    assert "years 0001 to 9999" in str(raised.value)


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("typed", ["0000", "0000-01", "10000"])
def test_a_window_bound_outside_the_calendar_is_a_partial_date_error(typed, upper):
    with pytest.raises(PartialDateError, match="years 0001 to 9999"):
        parse_window_bound(typed, upper=upper)


def test_a_pasted_page_is_refused_before_any_parsing():
    with pytest.raises(PartialDateError, match="at most 100 characters"):
        parse_partial_date("13 Jan 2026 " * 100)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (date(1, 1, 1), date(1, 1, 1), "day", "1 Jan 0001"),
        (date(1, 1, 1), date(1, 1, 3), "day", "1–3 Jan 0001"),
        (date(1, 12, 31), date(2, 1, 1), "day", "31 Dec 0001 – 1 Jan 0002"),
        (date(50, 1, 1), date(50, 1, 31), "month", "Jan 0050"),
        (date(99, 1, 1), date(100, 12, 31), "year", "0099–0100"),
        (date(9999, 12, 29), date(9999, 12, 31), "day", "29–31 Dec 9999"),
        (date(1, 1, 1), date(9999, 12, 31), "day", "1 Jan 0001 – 31 Dec 9999"),
    ],
)
def test_years_before_1000_are_shown_with_four_digits_and_read_back_as_the_same_days(start, end, precision, shown):
    assert format_period(start, end, precision) == shown
    period = parse_partial_date(shown)
    assert (period.start, period.end, period.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (date(2025, 1, 1), -31, date(2024, 12, 1)),
        (date(2025, 1, 1), 365, date(2026, 1, 1)),
        (date(1, 1, 5), -10, date.min),
        (date(1, 1, 1), -(10**9), date.min),
        (date(9999, 12, 30), 10, date.max),
        (date.max, 10**9, date.max),
    ],
)
def test_shifted_stops_at_the_ends_of_the_calendar(day, days, expected):
    assert shifted(day, days) == expected
