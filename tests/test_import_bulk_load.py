"""A first, all-new import on SQLite rebuilds the written tables' indexes once at the end instead
of growing them row by row; the indexes come back exactly, also when the import fails."""

import pytest
from django.db import connection

from tests.builders_export import clear_events
from tests.test_import import export_all
from tracker.imports import import_events, write
from tracker.models import Event

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the rebuild is SQLite's bulk-load path")


def index_definitions() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        return cursor.fetchall()


@pytest.fixture
def rebuilds(monkeypatch):
    """Every import counts as large enough; records each time the rebuild path is taken."""
    taken = []
    tables = write._bulk_loaded_tables

    def recording():
        taken.append(True)
        return tables()

    monkeypatch.setattr(write, "BULK_LOAD_MINIMUM", 1)
    monkeypatch.setattr(write, "_bulk_loaded_tables", recording)
    return taken


def test_first_load_rebuilds_the_indexes_and_round_trips(demo, rebuilds):
    exported = export_all()
    clear_events()
    before = index_definitions()
    report = import_events(exported)
    assert report.ok, report.errors
    assert rebuilds == [True]
    assert index_definitions() == before
    assert export_all() == exported


def test_a_failed_first_load_keeps_every_index(demo, rebuilds, monkeypatch):
    exported = export_all()
    clear_events()
    before = index_definitions()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write, "_involved_countries", explode)
    with pytest.raises(RuntimeError):
        import_events(exported)
    assert rebuilds == [True]
    assert index_definitions() == before
    assert Event.objects.count() == 0


def test_an_import_touching_existing_events_keeps_its_indexes(demo, rebuilds):
    report = import_events(export_all())
    assert report.ok and report.unchanged
    assert rebuilds == []
