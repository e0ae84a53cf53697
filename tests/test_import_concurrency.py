"""Two imports at once: the second waits for the first and validates against what it wrote, or
reports that it wrote nothing; never an unhandled database error."""

import contextlib
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection

from tracker import imports
from tracker.imports import import_events
from tracker.models import Event

ROW = {"uid": "6f1c1d7e-3d4a-4c39-9d1c-2d6c1f0a9b11", "title": "Talks", "slug": "talks", "kind": "phone_call"}


def _row(**fields) -> dict:
    return {**ROW, "start_date": "2026-01-13", "is_published": False, **fields}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "says"),
    [
        (IntegrityError("UNIQUE constraint failed: tracker_event.uid"), "database changed while"),
        (OperationalError("database is locked"), "another import"),
    ],
)
def test_a_write_that_loses_a_race_is_reported_not_raised(monkeypatch, error, says):
    def losing_write(*args, **kwargs):
        raise error

    monkeypatch.setattr(imports, "_write", losing_write)
    report = import_events([_row()])
    assert not report.ok
    assert says in str(report.errors[0])
    assert report.summary().endswith("nothing was written.")
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_other_database_errors_are_not_hidden(monkeypatch):
    def broken_write(*args, **kwargs):
        raise OperationalError("no such table: tracker_event")

    monkeypatch.setattr(imports, "_write", broken_write)
    with pytest.raises(OperationalError):
        import_events([_row()])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writing connections need PostgreSQL here")
@pytest.mark.django_db(transaction=True)
def test_overlapping_imports_are_serialised(monkeypatch):
    """Both imports create the same event. Each waits at a barrier after reading the database:
    without the lock both would plan a create and the second would die on the unique uid."""
    barrier = threading.Barrier(2, timeout=3)
    plan_slugs = imports._plan_slugs

    def plan_after_both_read(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return plan_slugs(*args, **kwargs)

    monkeypatch.setattr(imports, "_plan_slugs", plan_after_both_read)
    reports, failures = [], []

    def run(title: str) -> None:
        try:
            reports.append(import_events([_row(title=title)]))
        except Exception as exc:  # noqa: BLE001  (the test reports any escape)
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(title,)) for title in ("Talks", "Talks by phone")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert all(report.ok for report in reports), [report.errors for report in reports]
    assert sorted((len(r.created), len(r.updated)) for r in reports) == [(0, 1), (1, 0)]
    assert Event.objects.count() == 1
