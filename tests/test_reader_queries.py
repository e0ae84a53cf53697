"""Every list page runs the same number of queries for 3 events as for 30: no per-row queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders_reader import make_event, make_person
from tracker.models import Event, Office, Position

PAGES = [
    "/",
    "/events/",
    "/events/?sort=-title",
    "/?group=country",
    "/?group=person&terms=1",
    "/people/lee-jae-myung/",
    "/countries/KR/",
    "/topics/north-korea/",
    "/series/shuttle-diplomacy/",
    "/charts/timeline.json?group=person",
]


def add_events(count: int) -> None:
    for number in range(count):
        make_event(
            f"Meeting {number}",
            when=f"{1 + number % 28} {['Jan', 'Jun', 'Oct'][number % 3]} 2025",
            kind=[Event.Kind.BILATERAL_SUMMIT, Event.Kind.PHONE_CALL, Event.Kind.STATEMENT][number % 3],
            host="KR",
            parties=("JP", "CN") if number % 2 else ("JP",),
            people=("Lee Jae Myung", f"Counterpart {number}"),
            topics=("North Korea", "Trade"),
            series="Shuttle diplomacy",
            place=("Seoul", 37.5665, 126.978),
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def lee(db):
    person = make_person("Lee Jae Myung")
    office = Office.objects.create(title="President", kind=Office.Kind.HEAD_OF_STATE, country_id="KR", slug="pres-kr")
    Position.objects.create(person=person, office=office, start_date="2025-01-01")
    return person


@pytest.mark.parametrize("url", PAGES)
def test_list_page_query_count_does_not_grow_with_rows(client, lee, django_assert_max_num_queries, url):
    add_events(3)
    few = queries_for(client, url)
    add_events(27)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    assert Event.objects.count() == 30
