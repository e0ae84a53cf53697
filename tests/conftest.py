import importlib

import pytest


@pytest.fixture
def demo(db):
    """The demo records (Nara summit and the meetings around it)."""
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, add a "replica" alias that mirrors the test database, so the read-replica
    router is tested against a second connection to the same server (tests/test_scale.py)."""
    from django.db import connections

    databases = connections.settings
    if databases["default"]["ENGINE"] == "django.db.backends.postgresql" and "replica" not in databases:
        replica = {key: value for key, value in databases["default"].items() if key != "TEST"}
        databases["replica"] = {**replica, "TEST": {"MIRROR": "default"}}
        connections.configure_settings(databases)


def _flushes_the_database(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional_marker = marker is not None and marker.kwargs.get("transaction", False)
    return transactional_marker or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _reseed_reference_rows_after_flush(request, django_db_blocker):
    """A transactional test empties every table when it ends, including the rows the data migrations
    seed (countries, editorial groups). Put them back so later tests see the database as migrated."""
    yield
    if not _flushes_the_database(request):
        return
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with django_db_blocker.unblock():
        importlib.import_module("tracker.migrations.0002_seed_countries").seed_countries(apps, None)
        groups = importlib.import_module("tracker.migrations.0003_editorial_groups")
        groups.assign_group_permissions(Group, Permission)


@pytest.fixture(autouse=True)
def _allow_orm_calls_beside_playwright(request, monkeypatch):
    """Playwright's sync API runs an event loop in the test thread; the ORM calls a browser test makes
    are still plain synchronous calls, so Django's async-safety guard is lifted for those tests only."""
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
