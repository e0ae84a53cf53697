"""Every trigger the migrations install is in the database: the export lines (migration 0015) and the
data version (0016) rely on them, and nothing else notices when one is gone. A SQLite table rebuilt
behind the migrations' back (an AlterField, a hand-written rebuild) drops its triggers silently."""

import pytest
from django.db import connection

from tracker.infra.triggers import expected_triggers, installed_triggers


def _missing() -> set[tuple[str, str]]:
    return expected_triggers(connection.vendor) - installed_triggers(connection)


def test_the_expected_triggers_are_read_from_the_migrations():
    on_sqlite, on_postgresql = expected_triggers("sqlite"), expected_triggers("postgresql")
    # Export lines: three on the event, three on each of its six link tables, one per shown reference.
    export_lines = 3 + 3 * 6 + 7
    # Data version: SQLite has one row trigger per operation on each of 16 tables, PostgreSQL one statement trigger.
    assert len(on_sqlite) == export_lines + 16 * 3
    assert len(on_postgresql) == export_lines + 16
    assert ("export_line_participation_removed", "tracker_participation") in on_sqlite & on_postgresql
    assert ("data_version_event_update", "tracker_event") in on_sqlite
    assert ("tracker_data_changed", "tracker_event") in on_postgresql


@pytest.mark.django_db
def test_every_trigger_the_app_relies_on_is_in_the_database():
    assert _missing() == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "trigger",
    [("export_line_event_changed", "tracker_event"), ("export_line_source_renamed", "tracker_source")],
)
def test_a_dropped_trigger_is_reported_missing(trigger):
    name, table = trigger
    drop = f"DROP TRIGGER {name}" + (f" ON {table}" if connection.vendor == "postgresql" else "")
    with connection.cursor() as cursor:
        cursor.execute(drop)
    assert _missing() == {trigger}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds a table to alter it")
def test_a_sqlite_table_rebuild_that_drops_its_triggers_is_caught():
    # The steps of Django's SQLite schema editor altering a column: the triggers go with the old table.
    table = "tracker_event_topics"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        create = cursor.fetchone()[0].replace(f'"{table}"', f'"new__{table}"', 1)
        cursor.execute(create)
        cursor.execute(f'INSERT INTO "new__{table}" SELECT * FROM "{table}"')
        # Other tables' triggers name this one; the legacy rename leaves them be, as such a rebuild does.
        cursor.execute("PRAGMA legacy_alter_table = ON")
        cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute(f'ALTER TABLE "new__{table}" RENAME TO "{table}"')
        cursor.execute("PRAGMA legacy_alter_table = OFF")
    assert _missing() == {
        *{(f"export_line_event_topics_{change}", table) for change in ("added", "changed", "removed")},
        *{(f"data_version_event_topics_{operation}", table) for operation in ("insert", "update", "delete")},
    }
