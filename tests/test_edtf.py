"""EDTF level 1: qualified dates (~ ? %) and unspecified digits (X), read, stored, shown and written."""

import json
from datetime import date

import edtf as edtf_package
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders_export import clear_events, csv_rows, make_event, streamed
from tests.figures import hovers
from tracker import exports
from tracker.domain.dates import PartialDateError
from tracker.domain.edtf import (
    APPROXIMATE,
    EXACT,
    UNCERTAIN,
    UNCERTAIN_APPROXIMATE,
    parse_edtf,
    qualified_edtf,
    qualified_text,
    qualifier_of,
)
from tracker.imports import import_events
from tracker.models import Event

# --- Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "qualifier", "written"),
    [
        ("2026-01-13", "2026-01-13", "2026-01-13", "day", EXACT, "2026-01-13"),
        ("2026-01~", "2026-01-01", "2026-01-31", "month", APPROXIMATE, "2026-01~"),
        ("2026?", "2026-01-01", "2026-12-31", "year", UNCERTAIN, "2026?"),
        ("2026-01-13%", "2026-01-13", "2026-01-13", "day", UNCERTAIN_APPROXIMATE, "2026-01-13%"),
        ("2026-01-13~/2026-01-14~", "2026-01-13", "2026-01-14", "day", APPROXIMATE, "2026-01-13~/2026-01-14~"),
        ("2025-10?/2026-01?", "2025-10-01", "2026-01-31", "month", UNCERTAIN, "2025-10?/2026-01?"),
        ("2026-XX", "2026-01-01", "2026-12-31", "year", EXACT, "2026"),
        ("2026-01-XX", "2026-01-01", "2026-01-31", "month", EXACT, "2026-01"),
        ("2026-XX-XX~", "2026-01-01", "2026-12-31", "year", APPROXIMATE, "2026~"),
        ("0001~", "0001-01-01", "0001-12-31", "year", APPROXIMATE, "0001~"),
        ("9999-12-31?", "9999-12-31", "9999-12-31", "day", UNCERTAIN, "9999-12-31?"),
    ],
)
def test_edtf_level_1_is_read_as_a_period_and_a_qualifier(text, start, end, precision, qualifier, written):
    read = parse_edtf(text)
    assert (read.period.start.isoformat(), read.period.end.isoformat()) == (start, end)
    assert (read.period.precision, read.qualifier, read.edtf) == (precision, qualifier, written)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("201X", "give the years it may be, e.g. 2010/2019"),
        ("20XX", "century"),
        ("2026-XX-13", "a day of an unknown month"),
        ("2026-21", "seasons"),
        ("2026-01-13/..", "an open or unknown end"),
        ("/2026", "an open or unknown end"),
        ("2026~/2027", "both ends of a range need the same mark"),
        ("?2026", "a qualifier on part of a date is EDTF level 2"),
        ("2026?-01", "a qualifier on part of a date is EDTF level 2"),
        ("2026-01-13T10:00", "a time of day"),
        ("2026-02-30~", "that day does not exist"),
        ("0000~", "outside the calendar"),
        ("Y170000002", "write YYYY"),
        ("2026-1X", "write YYYY"),
        ("2026/2025?", "same mark"),
        ("2026-XX/2027-XX", "unspecified digits in a range are EDTF level 2"),
        ("2026-01-XX/2026-02-XX", "unspecified digits in a range are EDTF level 2"),
        ("2026?/2025?", "the end is before the start"),
        ("", "enter a date"),
        ("2" * 200, "at most"),
    ],
)
def test_what_the_tracker_cannot_store_is_refused_saying_why(text, says):
    with pytest.raises(PartialDateError) as refused:
        parse_edtf(text)
    assert says in str(refused.value)


@pytest.mark.parametrize(
    ("qualifier", "shown"),
    [
        (EXACT, "Jan 2026"),
        (APPROXIMATE, "c. Jan 2026"),
        (UNCERTAIN, "Jan 2026?"),
        (UNCERTAIN_APPROXIMATE, "c. Jan 2026?"),
    ],
)
def test_a_qualified_date_is_shown_with_c_and_a_question_mark(qualifier, shown):
    assert qualified_text("Jan 2026", qualifier) == shown
    assert qualifier_of(qualified_edtf(date(2026, 1, 1), date(2026, 1, 31), "month", qualifier)) == qualifier


# --- Random valid strings round trip -----------------------------------------------------------

MARKS = ["", "~", "?", "%"]


@st.composite
def level1_dates(draw) -> tuple[str, str]:
    """(an EDTF level 1 string the tracker stores, the form it writes back), both drawn together."""
    precision = draw(st.sampled_from(["year", "month", "day"]))
    mark = draw(st.sampled_from(MARKS))
    first = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    is_range = draw(st.booleans())
    last = draw(st.dates(min_value=first, max_value=date(9999, 12, 31))) if is_range else first
    # EDTF level 1 has unspecified digits in single dates only (in a range they are level 2).
    unspecified = not is_range and draw(st.booleans())

    def point(day: date) -> tuple[str, str]:
        year = f"{day.year:04d}"
        if precision == "year":
            written = year
            given = f"{year}-XX" if unspecified else year
            if unspecified and draw(st.booleans()):
                given += "-XX"
        elif precision == "month":
            written = f"{year}-{day.month:02d}"
            given = f"{written}-XX" if unspecified else written
        else:
            written = given = day.isoformat()
        return given + mark, written + mark

    given_first, written_first = point(first)
    if not is_range:
        return given_first, written_first
    given_last, written_last = point(last)
    if written_first == written_last:  # a range within one period is that period, written once
        return f"{given_first}/{given_last}", written_first
    return f"{given_first}/{given_last}", f"{written_first}/{written_last}"


def _span(text: str) -> tuple:
    parsed = edtf_package.parse_edtf(text)
    return tuple(parsed.lower_strict())[:3], tuple(parsed.upper_strict())[:3]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(level1_dates())
def test_random_valid_edtf_round_trips_through_the_domain(drawn):
    given_text, written = drawn
    read = parse_edtf(given_text)
    assert read.edtf == written
    # The edtf package reads what was given and what is written back as the same span of days.
    assert _span(given_text) == _span(written)
    assert parse_edtf(written) == read


@settings(max_examples=300)
@given(st.text(alphabet="0123456789X-/~?%.TZ: ", max_size=30))
def test_any_edtf_like_text_is_a_period_or_a_partial_date_error(text):
    try:
        read = parse_edtf(text)
    except PartialDateError:
        return
    assert read.period.start <= read.period.end


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(level1_dates())
def test_random_valid_edtf_round_trips_through_import_and_export(drawn):
    given_text, written = drawn
    clear_events()
    report = import_events([{"title": "Talks", "kind": "phone_call", "edtf": given_text}])
    assert report.ok, report.errors
    (row,) = csv_rows("".join(exports.iter_csv_chunks(Event.objects.all())))
    assert row["edtf"] == written
    assert Event.objects.get().edtf == written
    # The export imports back unchanged.
    (cells,) = next(exports.iter_records(Event.objects.all()))
    again = import_events([exports.export_row(cells)])
    assert again.ok, again.errors
    assert len(again.unchanged) == 1
    assert Event.objects.get().edtf == written


# --- Import --------------------------------------------------------------------------------------


def test_the_export_shape_of_a_qualified_date_imports_back_unchanged(db):
    make_event("Talks", when="Jan 2026", date_qualifier=APPROXIMATE)
    make_event("Visit", when="13-14 Jan 2026", date_qualifier=UNCERTAIN_APPROXIMATE, slug="visit")
    text = "".join(exports.iter_csv_chunks(Event.objects.all()))
    rows = csv_rows(text)
    assert [row["edtf"] for row in rows] == ["2026-01~", "2026-01-13%/2026-01-14%"]
    assert [(row["start_date"], row["date_precision"]) for row in rows] == [
        ("2026-01-01", "month"),
        ("2026-01-13", "day"),
    ]
    report = import_events(text, file_format="csv")
    assert report.ok, report.errors
    assert len(report.unchanged) == 2
    assert "".join(exports.iter_csv_chunks(Event.objects.all())) == text


@pytest.mark.parametrize(
    ("cells", "qualifier", "when"),
    [
        ({"start_date": "2026-01~"}, APPROXIMATE, "c. Jan 2026"),
        ({"start_date": "2026-01-13?", "end_date": "2026-01-14?"}, UNCERTAIN, "13–14 Jan 2026?"),
        ({"start_date": "Jan 2026", "edtf": "2026-01%"}, UNCERTAIN_APPROXIMATE, "c. Jan 2026?"),
        ({"edtf": "2013?"}, UNCERTAIN, "2013?"),
        ({"edtf": "2026-XX"}, EXACT, "2026"),
        ({"start_date": "13 Jan 2026", "edtf": "2026-01-13"}, EXACT, "13 Jan 2026"),
    ],
)
def test_the_date_columns_accept_edtf_level_1(db, cells, qualifier, when):
    report = import_events([{"title": "Talks", "kind": "phone_call", **cells}])
    assert report.ok, report.errors
    event = Event.objects.get()
    assert (event.date_qualifier, event.when) == (qualifier, when)


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ({"edtf": "201X"}, "row 1, edtf: '201X' is not an EDTF date the tracker stores"),
        ({"start_date": "2026-01-13/.."}, "row 1, start_date: '2026-01-13/..' is not an EDTF date"),
        ({"start_date": "2026-01~", "edtf": "2026-01?"}, "row 1, start_date: is marked approximate but edtf is"),
        ({"start_date": "2026-01~", "end_date": "2026-02?"}, "row 1, end_date: is marked uncertain but start_date"),
        ({"start_date": "2026-01-01", "edtf": "2026-02~"}, "row 1, edtf: '2026-02~' disagrees with start_date"),
        ({"edtf": "2026~/2027"}, "both ends of a range need the same mark"),
    ],
)
def test_invalid_or_conflicting_edtf_is_a_row_error(db, cells, error):
    report = import_events([{"title": "Talks", "kind": "phone_call", **cells}])
    assert not report.ok
    assert any(str(problem).startswith(error) or error in str(problem) for problem in report.errors), report.errors
    assert not Event.objects.exists()


def test_a_plain_date_makes_a_qualified_event_exact_again(db):
    event = make_event("Talks", when="Jan 2026", date_qualifier=APPROXIMATE, published=False)
    row = {
        "uid": str(event.uid),
        "title": "Talks",
        "kind": "bilateral_summit",
        "edtf": "2026-01",
        "is_published": False,
    }
    report = import_events([row])
    assert report.ok, report.errors
    event.refresh_from_db()
    assert event.date_qualifier == EXACT


# --- Shown and exported ----------------------------------------------------------------------------


def test_sql_edtf_matches_the_model_for_every_qualifier(db):
    for index, qualifier in enumerate([EXACT, APPROXIMATE, UNCERTAIN, UNCERTAIN_APPROXIMATE]):
        for when in ["2013", "Oct 2025", "13 Jan 2026", "13-14 Jan 2026", "Oct 2025 - Jan 2026"]:
            make_event(
                f"E {index} {when}", when=when, date_qualifier=qualifier, slug=f"e-{index}-{len(when)}-{when[:2]}"
            )
    rows = [exports.export_row(cells) for chunk in exports.iter_records(Event.objects.all()) for cells in chunk]
    by_uid = {str(event.uid): event for event in Event.objects.all()}
    assert len(rows) == 20
    for row in rows:
        assert row["edtf"] == by_uid[row["uid"]].edtf
        assert parse_edtf(row["edtf"]).qualifier == by_uid[row["uid"]].date_qualifier


def test_reader_pages_show_the_qualifier(client, db):
    make_event("Talks in Seoul", when="Oct 2025", date_qualifier=APPROXIMATE, slug="talks")
    make_event("Secret deal", when="2013", date_qualifier=UNCERTAIN, slug="deal")
    assert "c. Oct 2025" in client.get("/events/talks/").content.decode()
    listing = client.get("/events/").content.decode()
    assert "c. Oct 2025" in listing and "2013?" in listing
    api = client.get("/api/events/").json()
    rows = {row["slug"]: row for row in api["results"]}
    assert (rows["talks"]["when"], rows["talks"]["edtf"], rows["talks"]["date_qualifier"]) == (
        "c. Oct 2025",
        "2025-10~",
        APPROXIMATE,
    )


def test_timeline_hover_and_interop_exports_carry_the_qualifier(client, db):
    event = make_event("Talks in Seoul", when="Oct 2025", date_qualifier=UNCERTAIN, slug="talks")
    exact = make_event("Talks in Busan", when="Nov 2025", slug="busan")
    days = make_event("Visit", when="13-14 Jan 2026", date_qualifier=APPROXIMATE, slug="visit")
    figure = client.get("/charts/timeline.json").json()
    labels = hovers(figure)
    assert labels[event.pk] == "<b>Talks in Seoul</b><br>Oct 2025?"
    assert labels[exact.pk] == "<b>Talks in Busan</b><br>Nov 2025"
    assert labels[days.pk] == "<b>Visit</b><br>c. 13–14 Jan 2026"
    slides = json.loads(streamed(client.get("/events/export.timelinejs.json")))["events"]
    assert slides[0]["display_date"] == "Oct 2025?"
    records = [json.loads(line) for line in streamed(client.get("/events/export.plover.jsonl")).splitlines()]
    assert records[0]["edtf"] == "2025-10?"


def test_the_calendar_entry_of_a_qualified_date_says_so(client, db):
    import icalendar

    make_event("Talks in Seoul", when="13 Jan 2026", date_qualifier=APPROXIMATE, slug="talks")
    make_event("Visit", when="Oct 2025", date_qualifier=UNCERTAIN, slug="visit")
    calendar = icalendar.Calendar.from_ical(streamed(client.get("/events/export.ics")))
    summaries = sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT"))
    assert summaries == ["Talks in Seoul (c. 13 Jan 2026)", "Visit (Oct 2025?)"]


def test_the_shell_sql_writes_the_percent_mark_plainly(db):
    from django.db import connection

    make_event("Talks", when="Jan 2026", date_qualifier=UNCERTAIN_APPROXIMATE)
    sql = exports.export_sql_for_shell(Event.objects.all())
    assert "%%" not in sql
    with connection.cursor() as cursor:
        cursor.execute(sql)  # no parameters, as the sqlite3 shell runs it
        (row,) = cursor.fetchall()
    assert row[exports.COLUMNS.index("edtf")] == "2026-01%"
