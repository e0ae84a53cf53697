"""How `fill_export_lines` writes lines: a batch in one statement on PostgreSQL, each line against its own
event, whatever the text; and with planner statistics in place, so a fill after a bulk load is not slow."""

import pytest
from django.db import connection

from tests.factories import make_event, make_person
from tracker.exports.lines import fill_export_lines, render_json_row, render_line
from tracker.exports.sql import export_sql
from tracker.models import Event, ExportJsonRow, ExportLine, Person

# Text that an array literal or a parameter has to escape: a batch is sent as arrays on PostgreSQL.
ARRAY_HOSTILE = ["NULL", '{"a",b}', "back\\slash", "tab\there", "semi;colon", "quote's", "two\r\nlines", "%s %(x)s"]


def _lines_the_select_renders() -> dict[int, tuple[str, str]]:
    sql, params = export_sql(Event._base_manager.all(), leading_id=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (render_line(row[1:]), render_json_row(row[1:])) for row in cursor.fetchall()}


@pytest.mark.django_db
def test_each_batch_stores_every_line_and_json_row_against_its_own_event():
    for number, text in enumerate(ARRAY_HOSTILE):
        event = make_event(f"Talks {number}", participants=[make_person(f"Person {number}")])
        Event.objects.filter(pk=event.pk).update(title=text, summary=text[::-1], place_name=text * 2)
    Person.objects.filter(name="Person 3").update(name=ARRAY_HOSTILE[1])
    expected = _lines_the_select_renders()
    # Batches of three: full ones and a short last one.
    assert fill_export_lines(batch=3) == len(ARRAY_HOSTILE)
    json_rows = dict(ExportJsonRow.objects.values_list("event_id", "row"))
    stored = {
        event_id: (line, json_rows[event_id]) for event_id, line in ExportLine.objects.values_list("event_id", "line")
    }
    assert stored == expected and len(json_rows) == len(expected)


def _reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_fill_after_a_bulk_load_gives_postgresql_its_statistics_first():
    make_event("Talks", participants=[make_person("A")])
    # What COPY into a new table leaves: no statistics (reltuples -1), so the planner guesses the
    # participants' plan and the fill's SELECT ran 15 times slower at 100,000 events.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE oid = 'tracker_participation'::regclass")
    assert _reltuples("tracker_participation") < 0
    fill_export_lines()
    assert _reltuples("tracker_participation") >= 0
