"""No input breaks it: every filtered surface, and every input path that is not a URL, under hostile input.

Each URL surface answers 200 or 400 (404 only for a slug or code in the path that names nothing), a
400 says what was wrong, and nothing answers 500: for arbitrary text in every field, dates over the
years 0 to 99999 in many spellings, huge and repeated parameters and forged API cursors, asked by an
anonymous reader and by a signed-in Researcher. The stored events reach the edges of the date domain
(1 Jan 1 and 31 Dec 9999, a draft from year 1 to 2100) and have non-Latin titles, so the rows are
hostile too. DEBUG is off and the client does not raise, so a crash is the 500 a reader would get.

The Bugs below are the failures this suite found (all fixed since): should one come back, the test
collects every example of it and fails with RecognisedBug naming it (tests/hostile_answers.py); any
other failure fails at once with Hypothesis' shrunk example.

HYPOTHESIS_MAX_EXAMPLES scales how many examples each test draws (default 10: the module in about
40 s of CPU on this two-core machine); HYPOTHESIS_PROFILE=ci|dev picks a profile (tests/conftest.py).
"""

import base64
import csv
import io
import json
import logging
import os
from datetime import date
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests import strategies as hostile
from tests.builders_api import make_user
from tests.factories import create_event
from tests.hostile_answers import Bug, Findings, ask, crash
from tracker.admin.forms import EventAdminForm, PartialDateField
from tracker.demo import load_demo
from tracker.domain.dates import PartialDate, PartialDateError, parse_partial_date
from tracker.exports import COLUMNS
from tracker.imports import ImportFileError, ImportReport, import_events
from tracker.models import Country, Event, Participation, Person, Series, Topic

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "10"))


def examples(share: float = 1.0) -> settings:
    """`share` × MAX_EXAMPLES examples; requests are slow enough that no deadline applies."""
    return settings(
        max_examples=max(1, round(MAX_EXAMPLES * share)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


PAGES = (
    "/",
    "/events/",
    "/people/lee-jae-myung/",
    "/countries/KR/",
    "/topics/north-korea/",
    "/series/korea-japan-shuttle-diplomacy/",
)
CHARTS = ("/charts/timeline.json",)
EXPORTS = (
    "/events/export.csv",
    "/events/export.json",
    "/events/export.ics",
    "/events/export.geojson",
    "/events/export.plover.jsonl",
    "/events/export.timelinejs.json",
    "/events/export.csv.meta.json",
    "/events/export.meta.json",
    "/events/export.readable.csv",
)
# The quotes: their page, downloads and API list (tracker.queries.statements).
STATEMENTS = ("/statements/", "/statements/export.csv", "/statements/export.json", "/api/statements/")
FEED = ("/feed/",)
API = ("/api/events/", "/api/people/", "/api/countries/", "/api/topics/", "/api/series/")
# What the filter's pickers ask: facet counts and the people search (tracker/web/pickers.py).
PICKERS = ("/filters/facets.json", "/filters/people.json")
SURFACES = PAGES + CHARTS + EXPORTS + FEED + API + STATEMENTS + PICKERS
# Pages whose path names a subject: a segment that names nothing may be a 404.
SUBJECT_PATHS = ("/people/{}/", "/countries/{}/", "/topics/{}/", "/series/{}/")

NON_LATIN_TITLES = (
    "日韓首脳会談（奈良）",
    "한일 정상회담 🇰🇷🇯🇵",
    "Встреча министров иностранных дел",
    "لقاء القمة في الرياض",
    "פגישה בירושלים",
    "Ελληνοτουρκικές συνομιλίες",
    "e\u0301te\u0301 \u202ereversed\u202c",
)

# ---------------------------------------------------------------------------------------------------
# Failures recognised: the ones the issue listed, and the ones this suite found; all fixed, kept so
# that a regression is named.

# A year-0 date ("0000", "0000-01") reaches date(0, …) in tracker.domain.dates._parse_single.
YEAR_ZERO = Bug("known: year 0", crash(ValueError, "tracker/domain/dates.py", "year 0 is out of range"))
# start minus the longest stored duration leaves the date range: with the draft from year 1 to 2100
# stored (seen or not), any start bound before 2101 is a 500, for anonymous readers too.
WINDOW_OVERFLOW = Bug("known: window overflow", crash(OverflowError, "tracker/models/events.py"))
# One condition per word: past about a thousand words SQLite refuses the query.
LONG_TEXT_QUERY = Bug("known: unbounded q", crash(Exception, "", "Expression tree is too large"))
# A cursor that decodes but whose position is not a date reaches start_date > position.
FORGED_CURSOR = Bug("known: forged cursor", crash(ValidationError, "rest_framework/pagination.py"))
# _date_window pads the events' span by max(15 days, 4% of it): past 31 Dec 9999 or before 1 Jan 1 it
# overflows, so /, the subject pages and /charts/timeline.json answer 500 while such an event is
# visible (to staff, the draft from year 1 is enough).
TIMELINE_EDGE = Bug("NEW: timeline edge", crash(OverflowError, "tracker/charts/timeline.py"))
# DTEND is the day after the last day; for 31 Dec 9999 there is none, and the download breaks mid-stream.
ICS_EDGE = Bug("NEW: calendar edge", crash(OverflowError, "tracker/exports/ical.py"))
# DRF reads ?format= as a renderer override and answers 404 when no renderer has that name.
API_FORMAT = Bug(
    "NEW: API format",
    lambda answer: (
        answer.status == 404 and answer.path.startswith("/api/") and any(key == "format" for key, _ in answer.params)
    ),
)
# countries, party_countries, party_organizations, topics, participants and citations are iterated
# as lists; a JSON number or boolean there is a TypeError instead of a row error.
JSON_IMPORT_SCALARS = Bug(
    "NEW: JSON import scalars",
    crash(TypeError, "tracker/imports/validate.py", "is not iterable"),
)
# "²".isdigit() is true, so get_page_size lets it through to int(), which refuses it.
PAGE_SIZE_DIGITS = Bug("NEW: API page_size digits", crash(ValueError, "tracker/api/pagination.py", "invalid literal"))
URL_BUGS = (
    YEAR_ZERO,
    WINDOW_OVERFLOW,
    LONG_TEXT_QUERY,
    FORGED_CURSOR,
    TIMELINE_EDGE,
    ICS_EDGE,
    API_FORMAT,
    PAGE_SIZE_DIGITS,
)
CALL_BUGS = (YEAR_ZERO, JSON_IMPORT_SCALARS)


# ---------------------------------------------------------------------------------------------------
# The stored corpus and the readers.


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The demo data plus events at the edges of the date domain, written once for the module in a
    transaction rolled back when the module ends; each test runs in a savepoint inside it. The edge
    events are tied to the pinned subjects (Lee, KR, North Korea, the shuttle series), so every scoped
    page lists them. Yields the Researcher who signs in."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        korea = Country.objects.get(code="KR")
        lee = Person.objects.get(slug="lee-jae-myung")
        topic = Topic.objects.get(slug="north-korea")
        series = Series.objects.get(slug="korea-japan-shuttle-diplomacy")

        def edge(title: str, start: date, end: date, precision: str, *, published: bool = True) -> None:
            event = create_event(
                title=title,
                slug=f"edge-{Event.objects.count()}",
                kind=Event.Kind.BILATERAL_SUMMIT,
                start_date=start,
                end_date=end,
                date_precision=precision,
                host_country=korea,
                series=series,
                summary=f"{title}: summit talks",
                is_published=published,
            )
            event.topics.set([topic])
            Participation.objects.create(event=event, person=lee)

        edge("First day of the calendar", date(1, 1, 1), date(1, 1, 1), "day")
        edge("Last day of the calendar", date(9999, 12, 31), date(9999, 12, 31), "day")
        edge("First month of the calendar", date(1, 1, 1), date(1, 1, 31), "month")
        edge("Last year of the calendar", date(9999, 1, 1), date(9999, 12, 31), "year")
        edge("A draft as long as history", date(1, 1, 1), date(2100, 12, 31), "day", published=False)
        for title in NON_LATIN_TITLES:
            edge(title, date(2025, 11, 3), date(2025, 11, 4), "day")
        yield make_user("hostile-researcher", group="Researcher")
        transaction.set_rollback(True)


@pytest.fixture
def clients(corpus, settings, caplog) -> dict[str, Client]:
    """An anonymous reader and a signed-in Researcher (who sees drafts too), with DEBUG off as in
    production. Django logs each 500 (and each request over its parameter limit) with a traceback; the
    failures here name the crash, so those logs are kept quiet."""
    settings.DEBUG = False
    caplog.set_level(logging.CRITICAL, logger="django.request")
    caplog.set_level(logging.CRITICAL, logger="django.security")
    researcher = Client(raise_request_exception=False)
    researcher.force_login(corpus)
    return {"anonymous": Client(raise_request_exception=False), "researcher": researcher}


readers = st.sampled_from(["anonymous", "researcher"])


# ---------------------------------------------------------------------------------------------------
# Every URL surface, every field.


def each(paths: tuple[str, ...]) -> list:
    """The paths as parameters, named by their path."""
    return [pytest.param(path, id=path) for path in paths]


@pytest.mark.parametrize("path", each(SURFACES))
def test_every_surface_answers_any_query_with_200_or_400(clients, path):
    findings = Findings(URL_BUGS)

    @given(reader=readers, params=hostile.params)
    @example(reader="anonymous", params=[])
    @example(reader="researcher", params=[])
    @examples()
    def run(reader, params):
        findings.check(ask(clients, reader, path, params))

    run()
    findings.raise_if_any()


@pytest.mark.parametrize("path", each(SURFACES))
def test_date_bounds_in_any_spelling_answer_200_or_400(clients, path):
    findings = Findings(URL_BUGS)

    @given(
        reader=readers,
        bounds=st.lists(st.tuples(st.sampled_from(["start", "end"]), hostile.dates), min_size=1, max_size=3),
        countries=st.lists(st.sampled_from(["KR", "JP", "CN"]), max_size=2),
        match=st.sampled_from([[], [("match", "all")], [("match", "any")]]),
    )
    @example(reader="anonymous", bounds=[("start", "0000")], countries=[], match=[])
    @example(reader="anonymous", bounds=[("start", "0001")], countries=[], match=[])
    @example(reader="researcher", bounds=[("start", "0001-01-01"), ("end", "9999-12-31")], countries=["KR"], match=[])
    @example(reader="anonymous", bounds=[("start", "9999-12-31"), ("end", "99999-12-31")], countries=[], match=[])
    @examples()
    def run(reader, bounds, countries, match):
        findings.check(ask(clients, reader, path, bounds + [("country", code) for code in countries] + match))

    run()
    findings.raise_if_any()


@pytest.mark.parametrize("path", each(SURFACES))
def test_huge_and_repeated_parameters_answer_200_or_400(clients, path):
    findings = Findings(URL_BUGS)

    @given(reader=readers, params=hostile.huge_params())
    @examples(0.5)
    def run(reader, params):
        findings.check(ask(clients, reader, path, params))

    run()
    findings.raise_if_any()


# A cursor as DRF writes them (base64 of "o=…&r=…&p=…") whose position is no date.
FORGED = base64.b64encode(b"p=not-a-date").decode()


@pytest.mark.parametrize("path", each(API))
def test_api_cursors_and_page_sizes_answer_200_or_400(clients, path):
    """Cursors that do not decode, or decode to any position at all, and page sizes in any script."""
    findings = Findings(URL_BUGS)

    @given(
        reader=readers,
        cursor=st.none() | hostile.cursors,
        page_size=st.none() | hostile.value_for("page_size"),
        params=hostile.params,
    )
    @example(reader="anonymous", cursor=FORGED, page_size=None, params=[])
    @example(reader="anonymous", cursor=None, page_size="²", params=[])
    @examples()
    def run(reader, cursor, page_size, params):
        given_values = (("cursor", cursor), ("page_size", page_size))
        pagination = [(name, value) for name, value in given_values if value is not None]
        findings.check(ask(clients, reader, path, pagination + params))

    run()
    findings.raise_if_any()


def test_a_text_search_of_a_thousand_words_or_more_answers_200_or_400(clients):
    """Apart from the other tests: each of these requests costs seconds while q is unbounded."""
    findings = Findings(URL_BUGS)

    @given(path=st.sampled_from(["/events/", "/api/events/", "/events/export.csv"]), q=hostile.many_words())
    @example(path="/events/", q=" ".join(["summit"] * 1000))
    @examples(0.1)
    def run(path, q):
        findings.check(ask(clients, "anonymous", path, [("q", q)]))

    run()
    findings.raise_if_any()


@pytest.mark.parametrize("pattern", SUBJECT_PATHS)
def test_subject_pages_answer_200_400_or_404_for_any_path_segment(clients, pattern):
    findings = Findings(URL_BUGS)
    segments = st.one_of(st.sampled_from(hostile.SAMPLES), hostile.any_text, hostile.long_text(max_size=600))

    @given(segment=segments, reader=readers, params=hostile.params)
    @examples()
    def run(segment, reader, params):
        path = pattern.format(quote(segment, safe=""))
        findings.check(ask(clients, reader, path, params), subject_may_be_missing=True)

    run()
    findings.raise_if_any()


# ---------------------------------------------------------------------------------------------------
# Input paths that are not URLs.

any_date_text = st.one_of(hostile.dates, hostile.any_text, st.sampled_from(hostile.SAMPLES), hostile.long_text())


def test_parse_partial_date_gives_a_period_or_a_partial_date_error():
    findings = Findings(CALL_BUGS)

    @given(text=any_date_text)
    @example(text="0000")
    @example(text="0000-01")
    @example(text="0001-01-01 – 9999-12-31")
    @example(text="99999-12-31")
    @examples(10)
    def run(text):
        try:
            period = findings.check_call(
                lambda: parse_partial_date(text), f"parse_partial_date({text!r:.300})", refusals=(PartialDateError,)
            )
        except PartialDateError as refusal:
            assert str(refusal)
            return
        if period is not None:
            assert period.start <= period.end
            assert period.precision in {"day", "month", "year"}
            assert str(period) and period.edtf

    run()
    findings.raise_if_any()


def test_the_admin_date_field_cleans_to_a_period_or_a_validation_error():
    findings = Findings(CALL_BUGS)

    @given(text=any_date_text)
    @example(text="0000")
    @examples(5)
    def run(text):
        try:
            value = findings.check_call(
                lambda: PartialDateField().clean(text),
                f"PartialDateField().clean({text!r:.300})",
                refusals=(ValidationError,),
            )
        except ValidationError as refusal:
            assert refusal.messages and all(refusal.messages)
            return
        assert value is None or isinstance(value, PartialDate)

    run()
    findings.raise_if_any()


def test_the_event_admin_form_takes_any_dates_text(corpus):
    findings = Findings(CALL_BUGS)

    @given(when=any_date_text, title=st.one_of(st.sampled_from(NON_LATIN_TITLES), hostile.any_text))
    @example(when="0000", title="Talks")
    @examples(2)
    def run(when, title):
        form = EventAdminForm(
            data={"title": title, "slug": "hostile-dates", "kind": "statement", "lifecycle": "held", "when": when}
        )
        valid = findings.check_call(form.is_valid, f"EventAdminForm(when={when!r:.300}, title={title!r})")
        if valid is False:
            assert form.errors and all(form.errors.values())

    run()
    findings.raise_if_any()


def _cell(column: str) -> st.SearchStrategy[str]:
    """A CSV cell: what the column really holds, or anything at all."""
    valid = {
        "title": st.sampled_from(["Talks", *NON_LATIN_TITLES]),
        "kind": st.sampled_from([*Event.Kind.values, "summit"]),
        "start_date": hostile.dates,
        "end_date": hostile.dates,
        "date_precision": st.sampled_from(["day", "month", "year", "decade"]),
        "edtf": hostile.dates,
        "countries": st.sampled_from(["KR", "KR; JP", "XX", "kr;jp;cn"]),
        "participants": st.sampled_from(["lee-jae-myung", "Lee Jae Myung|guest", "nobody"]),
        "topics": st.sampled_from(["north-korea", "north-korea; cptpp", "nope"]),
        "series": st.sampled_from(hostile.SERIES),
        "lifecycle": st.sampled_from([*Event.Lifecycle.values, "draft"]),
        "latitude": st.sampled_from(["35.68", "-91", "1e400", "nan", "inf"]),
        "longitude": st.sampled_from(["139.69", "181", "-0", "1e-400"]),
        "is_published": st.sampled_from(["true", "false", "1", "0", "yes", ""]),
        "citations": st.sampled_from(["Reuters|Report|https://example.org", "|||", "x"]),
        "uid": st.sampled_from(["", "00000000-0000-0000-0000-000000000000", "not-a-uid"]),
    }.get(column)
    anything = st.one_of(st.sampled_from(hostile.SAMPLES), hostile.any_text)
    return anything if valid is None else st.one_of(valid, anything)


# Every column the importer reads (the export's codes are derived from the kind, never read).
ROW_COLUMNS = [column for column in COLUMNS if column not in {"cameo", "plover_type", "plover_mode"}]
# Any JSON value: a cell of a JSON file may hold a number, a boolean, null, a list or an object.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile.any_text,
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _dry_run(findings: Findings, data: str | bytes, file_format: str) -> None:
    report = findings.check_call(
        lambda: import_events(data, dry_run=True, file_format=file_format), f"import_events({data!r:.600})"
    )
    if report is not None:
        assert isinstance(report, ImportReport)
        assert report.ok or all(str(error) for error in report.errors)


def test_importing_any_csv_cells_reports_row_errors_or_success(corpus):
    findings = Findings(CALL_BUGS)
    rows = st.lists(st.fixed_dictionaries({column: _cell(column) for column in ROW_COLUMNS}), min_size=1, max_size=3)

    @given(rows=rows)
    @example(rows=[{"title": "Talks", "kind": "statement", "start_date": "0000"}])
    @examples(2)
    def run(rows):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ROW_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        _dry_run(findings, buffer.getvalue(), "csv")

    run()
    findings.raise_if_any()


def test_importing_any_json_cells_reports_row_errors_or_success(corpus):
    findings = Findings(CALL_BUGS)
    cells = {column: st.one_of(_cell(column), json_values) for column in ROW_COLUMNS}
    rows = st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=3)

    @given(rows=rows)
    @example(rows=[{"title": "Talks", "kind": "statement", "start_date": "2025", "topics": 1}])
    @examples(2)
    def run(rows):
        _dry_run(findings, json.dumps({"rows": rows}).encode(), "json")

    run()
    findings.raise_if_any()


def test_a_file_that_cannot_be_read_is_an_import_file_error(corpus):
    """The only exception an import raises, and never for the row-shaped files above."""
    with pytest.raises(ImportFileError, match="not valid JSON"):
        import_events(b'{"rows": [', dry_run=True, file_format="json")
