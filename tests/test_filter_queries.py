"""The shared filter asks the database for the longest event duration once per request."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders_bench import make_event
from tracker.models import Event
from tracker.selectors import events_matching


@pytest.mark.django_db
def test_country_and_window_filter_asks_for_the_longest_duration_once():
    inside = make_event(host="KR", start=date(2025, 3, 1))
    # Starts before the window and lasts into it: found only because the bound allows its duration.
    overlapping = make_event(host="KR", start=date(2024, 12, 20), end=date(2025, 1, 10))
    make_event(host="JP", start=date(2025, 3, 1))
    make_event(host="KR", start=date(2023, 3, 1))
    with CaptureQueriesContext(connection) as queries:
        rows = list(events_matching({"country": ["KR"], "start": "2025", "end": "2025"}, AnonymousUser()).events)
    longest_probes = [query["sql"] for query in queries.captured_queries if "MAX(" in query["sql"].upper()]
    assert len(longest_probes) == 1
    assert [event.pk for event in rows] == [overlapping.pk, inside.pk]
    same = Event.objects.published().involving(["KR"]).between(date(2025, 1, 1), date(2025, 12, 31))
    assert sorted(event.pk for event in rows) == sorted(same.values_list("pk", flat=True))
