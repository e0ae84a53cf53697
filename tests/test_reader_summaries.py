"""The home page's summaries (events per month, meetings per pair of countries) counted by the
database must agree with counting the events one by one."""

from collections import Counter
from datetime import date
from itertools import combinations

import pytest

from tests.builders_reader import make_event
from tracker.domain import derived
from tracker.models import Event, EventCountry
from tracker.queries import summaries


@pytest.mark.django_db
def test_monthly_counts_merge_day_and_month_precision_and_leave_out_year_precision():
    make_event("Call", kind=Event.Kind.PHONE_CALL, when="3 Oct 2025")
    make_event("Another call", kind=Event.Kind.PHONE_CALL, when="Oct 2025")
    make_event("Summit", when="30 Oct 2025")
    make_event("Ban", kind=Event.Kind.SANCTION, when="2013")
    make_event("Draft call", kind=Event.Kind.PHONE_CALL, when="4 Oct 2025", published=False)
    rows, year_only = summaries.monthly_counts(Event.objects.published())
    assert rows == [
        {"month": date(2025, 10, 1), "kind": "bilateral_summit", "events": 1},
        {"month": date(2025, 10, 1), "kind": "phone_call", "events": 2},
    ]
    assert year_only == 1


@pytest.mark.django_db
def test_country_pairs_are_counted_as_every_shared_meeting_and_only_among_the_busiest():
    make_event("Nara", host="JP", parties=["KR"], when="13 Jan 2026")
    make_event("Gyeongju", host="KR", parties=["JP", "CN", "US"], when="30 Oct 2025")
    make_event("Beijing", host="CN", parties=["KR"], when="5 Jan 2026")
    make_event("Call", kind=Event.Kind.PHONE_CALL, host="KR", parties=["JP"], when="Dec 2025")
    make_event("Cancelled", host="US", parties=["JP"], when="Nov 2025", lifecycle=Event.Lifecycle.CANCELLED)
    names, matrix = summaries.country_pair_counts(Event.objects.published(), limit=3)

    # Brute force over the same meetings: each event adds one to every pair of its countries.
    codes_by_event: dict[int, list[str]] = {}
    for event_id, code in EventCountry.objects.filter(
        event__in=derived.meetings(Event.objects.published())
    ).values_list("event_id", "country_id"):
        codes_by_event.setdefault(event_id, []).append(code)
    totals = Counter(code for codes in codes_by_event.values() for code in codes)
    pairs = Counter(pair for codes in codes_by_event.values() for pair in combinations(sorted(codes), 2))
    code_of = {"China": "CN", "Japan": "JP", "South Korea": "KR", "United States": "US"}
    assert names == ["China", "Japan", "South Korea"]
    for row, first in enumerate(names):
        for column, second in enumerate(names):
            a, b = sorted((code_of[first], code_of[second]))
            expected = totals[a] if a == b else pairs[(a, b)]
            assert matrix[row][column] == expected
    assert matrix[2][2] == 3 and matrix[1][2] == 2


@pytest.mark.django_db
def test_home_page_table_gives_each_month_its_total_and_kinds(client):
    make_event("Call", kind=Event.Kind.PHONE_CALL, when="3 Oct 2025")
    make_event("Another call", kind=Event.Kind.PHONE_CALL, when="Oct 2025")
    make_event("Summit", when="30 Oct 2025")
    make_event("Visit", kind=Event.Kind.STATE_VISIT, when="2 Jan 2026")
    response = client.get("/")
    assert response.context["monthly_table"] == [
        ("Oct 2025", 3, "Bilateral summit 1, Phone call 2"),
        ("Jan 2026", 1, "State visit 1"),
    ]
    assert "<td>Oct 2025</td><td>3</td><td>Bilateral summit 1, Phone call 2</td>" in response.content.decode()
