import importlib
import os
from unittest import mock

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles. "ci" is reproducible (derandomized, no example database, no time limit);
# "dev" draws fresh examples each run and replays failures from .hypothesis/. HYPOTHESIS_PROFILE picks
# one; without it, CI=… means "ci". How many examples a test draws is the test's own setting.
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test takes the data version back with it,
    so a summary it cached could otherwise match the next test's version."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _counts_made_while_the_reader_waits(settings):
    """Tests see each count made afresh after a change, as they write and read in one transaction that
    a background recount could not see; tests/test_recount_in_background.py turns the recount on."""
    settings.SUMMARY_RECOUNT_IN_BACKGROUND = False


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


def _uses_the_database(request) -> bool:
    if request.node.get_closest_marker("django_db") is not None:
        return True
    return bool(
        {"db", "transactional_db", "live_server", "admin_client", "django_user_model"} & set(request.fixturenames)
    )


def _migration(name: str):
    """The migration module whose name ends with `name`, whatever number it has."""
    import pkgutil

    import tracker.migrations

    found = [info.name for info in pkgutil.iter_modules(tracker.migrations.__path__) if info.name.endswith(name)]
    return importlib.import_module(f"tracker.migrations.{found[0]}")


def restore_migrated_rows() -> None:
    """Put back the rows the data migrations seed (countries, the editorial groups and their
    permissions) if a flush took them away."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from tracker.models import Country

    if not Country.objects.exists():
        _migration("seed_countries").seed_countries(apps, None)
        _migration("country_history").update_countries(apps)
    if Group.objects.filter(name__in=["Researcher", "Editor"]).count() != 2:
        _migration("editorial_groups").assign_group_permissions(Group, Permission)
        _migration("reference_view_permissions").grant_reference_views(Group, Permission)
        _migration("country_history").grant_country_editing(apps)
        _migration("identities_and_reference_history").grant_alias_editing(apps)


@pytest.fixture(autouse=True)
def _reference_rows_as_migrated(request, django_db_blocker):
    """A transactional test empties every table when it ends, including the rows the data migrations
    seed (countries, editorial groups). Before each database test, put them back if they are gone, so
    every test sees the database as migrated."""
    if not _uses_the_database(request):
        return
    request.getfixturevalue("_django_db_helper")
    # A browser test's Playwright loop may be running in this thread; this is plain synchronous work.
    with django_db_blocker.unblock(), mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        restore_migrated_rows()


@pytest.fixture
def researcher(db, client):
    """A staff member of the Researcher group, signed in on `client`."""
    from tests.builders_api import make_user

    user = make_user("researcher", group="Researcher")
    client.force_login(user)
    return user


@pytest.fixture
def editor(db, client):
    """A staff member of the Editor group, signed in on `client`."""
    from tests.builders_api import make_user

    user = make_user("editor", group="Editor")
    client.force_login(user)
    return user
