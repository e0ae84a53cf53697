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
