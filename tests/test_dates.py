from datetime import date

import pytest

from tracker.domain.dates import (
    PartialDateError,
    edtf_period,
    format_period,
    parse_partial_date,
    parse_window_bound,
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
