"""The SQLite connection as settings make it: kept per worker, a larger page cache, and dates and
booleans read from a column converted once (by the driver) instead of twice."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Max, Min, Value
from django.db.models.expressions import Col
from django.db.models.functions import Cast

from tests.builders_reader import make_event
from tracker.models import Event

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's connection settings"),
]


def test_a_worker_keeps_its_connection_with_a_page_cache_of_8_mib():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -8192


def test_a_date_or_boolean_column_has_no_second_conversion_and_a_computed_value_keeps_its_own():
    column = Col("tracker_event", Event._meta.get_field("start_date"))
    flag = Col("tracker_event", Event._meta.get_field("is_published"))
    assert connection.ops.get_db_converters(column) == []
    assert connection.ops.get_db_converters(flag) == []
    computed = Max(column)
    assert connection.ops.get_db_converters(computed) == [connection.ops.convert_datefield_value]


def test_dates_and_booleans_arrive_as_their_types_however_they_are_read():
    make_event("Talks", when="13 Jan 2026", host="KR")
    draft = make_event("Draft", when="2 Feb 2026", host="JP")
    Event.objects.filter(pk=draft.pk).update(is_published=False)
    rows = sorted(Event.objects.values_list("start_date", "end_date", "is_published"))
    assert rows == [(date(2026, 1, 13), date(2026, 1, 13), True), (date(2026, 2, 2), date(2026, 2, 2), False)]
    models = {event.title: (event.start_date, event.is_published) for event in Event.objects.only("title")}
    assert models == {"Talks": (date(2026, 1, 13), True), "Draft": (date(2026, 2, 2), False)}
    bounds = Event.objects.aggregate(first=Min("start_date"), last=Max("end_date"))
    assert bounds == {"first": date(2026, 1, 13), "last": date(2026, 2, 2)}
    cast = Event.objects.annotate(day=Cast(Value("2026-03-04"), output_field=Event._meta.get_field("start_date")))
    assert {event.day for event in cast} == {date(2026, 3, 4)}
