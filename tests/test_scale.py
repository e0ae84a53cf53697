"""Past one machine: the read-replica router, full-text search on PostgreSQL (substring search on
SQLite, same results), and static files served by WhiteNoise with DEBUG off."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.templatetags.static import static
from django.test import Client

from tests.builders_bench import make_event, make_leader
from tracker.infra.routers import PrimaryReplicaRouter
from tracker.models import Event
from tracker.queries.selectors import events_matching

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRESQL = connection.vendor == "postgresql"


# --- The router's decisions (no second database needed) ------------------------------------------


def instance_on(alias: str):
    return SimpleNamespace(_state=SimpleNamespace(db=alias))


def test_router_sends_reads_to_the_replica_and_writes_to_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Event) == "replica"
    assert router.db_for_write(Event) == "default"


@pytest.mark.parametrize("model", [Session, User])
def test_router_reads_sessions_and_accounts_from_the_primary(model):
    assert PrimaryReplicaRouter().db_for_read(model) == "default"


@pytest.mark.django_db
def test_router_reads_from_the_primary_inside_a_transaction():
    with transaction.atomic():
        assert PrimaryReplicaRouter().db_for_read(Event) == "default"


@pytest.mark.parametrize(("db", "allowed"), [("default", True), ("replica", False)])
def test_router_migrates_the_primary_only(db, allowed):
    assert PrimaryReplicaRouter().allow_migrate(db, "tracker", "event") is allowed


def test_router_relates_rows_from_primary_and_replica_but_not_other_databases():
    router = PrimaryReplicaRouter()
    assert router.allow_relation(instance_on("default"), instance_on("replica")) is True
    assert router.allow_relation(instance_on("default"), instance_on("archive")) is None


def settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print({expression})"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
    )


def test_replica_url_adds_the_replica_alias_and_the_router():
    done = settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://app@primary.internal:5432/tracker",
            "DATABASE_REPLICA_URL": "postgres://app@replica.internal:5432/tracker",
        },
        "settings.DATABASES['replica']['HOST'], settings.DATABASE_ROUTERS, settings.DATABASES['replica']['TEST']",
    )
    assert done.returncode == 0, done.stderr
    host, routers, test = done.stdout.split(" ", 2)
    assert host == "replica.internal"
    assert routers == "['tracker.infra.routers.PrimaryReplicaRouter']"
    assert "'MIRROR': 'default'" in test


def test_replica_url_without_postgresql_primary_fails_loudly():
    done = settings_in_subprocess({"DATABASE_REPLICA_URL": "postgres://app@replica.internal/tracker"}, "1")
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL needs DATABASE_URL to point at PostgreSQL" in done.stderr


# --- The router against a real second connection (PostgreSQL) ------------------------------------


@pytest.mark.skipif(not ON_POSTGRESQL, reason="a replica alias exists only when the tests run on PostgreSQL")
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_through_the_router_come_from_the_replica_connection(settings):
    settings.DATABASE_ROUTERS = ["tracker.infra.routers.PrimaryReplicaRouter"]
    written = make_event(title="Replicated summit", host="KR")
    assert written._state.db == "default"

    result = events_matching({"country": ["KR"], "q": "replicated"}, AnonymousUser())
    assert result.events.db == "replica"
    rows = list(result.events)
    assert [event.pk for event in rows] == [written.pk]
    assert rows[0]._state.db == "replica"
    assert connections["replica"].connection is not connections["default"].connection


# --- Text search: full-text on PostgreSQL, substring on SQLite, same answers ---------------------


@pytest.fixture
def searchable(db):
    lee = make_leader("KR")
    nara = make_event(
        title="Lee–Takaichi summit in Nara",
        summary="Talks on semiconductors and seafood",
        guests=(lee,),
        quote="Shuttle diplomacy will continue.",
    )
    call = make_event(title="Phone call", summary="Congratulations on taking office", host="JP")
    about = make_event(title="Interview with NHK", host="KR", start=date(2026, 1, 10))
    about.statements.create(speaker=lee, quote="Ahead of the summit we discussed abductions.", about_event=nara)
    return {"nara": nara, "call": call, "interview": about}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Nara", {"nara"}),
        ("nara", {"nara"}),
        ("semiconductors", {"nara"}),
        ("semi", {"nara"}),
        ("shuttle diplomacy", {"nara"}),
        ("congratulations", {"call"}),
        ("abductions", {"nara", "interview"}),
        ("Nara shuttle", {"nara"}),
        ("Nara congratulations", set()),
        ("nothing-like-this", set()),
    ],
)
def test_text_query_matches_titles_summaries_and_quotes(searchable, q, expected):
    found = Event.objects.matching_text(q)
    assert {name for name, event in searchable.items() if event in found} == expected


@pytest.mark.parametrize("q", ["a & b | !c", "nara:* & (", "'); DROP TABLE tracker_event; --", "&&", "\\"])
def test_text_query_takes_hostile_input_as_plain_words(searchable, q):
    assert list(Event.objects.matching_text(q)) == []


@pytest.mark.skipif(not ON_POSTGRESQL, reason="GIN indexes exist on PostgreSQL only")
@pytest.mark.django_db
def test_text_query_uses_the_gin_indexes_on_postgresql(searchable):
    from tracker.models import EVENT_SEARCH_VECTOR, STATEMENT_SEARCH_VECTOR, Statement
    from tracker.models.search import _prefix_query

    query = _prefix_query("semiconductors")
    whole = Event.objects.matching_text("semiconductors")
    titles = Event.objects.alias(document=EVENT_SEARCH_VECTOR).filter(document=query)
    quotes = Statement.objects.alias(document=STATEMENT_SEARCH_VECTOR).filter(document=query)
    with transaction.atomic(), connection.cursor() as cursor:
        # With a handful of rows a sequential scan, or a walk of the primary key filtering every row,
        # is cheaper; forbid both (on fresh statistics) so each plan shows the index that answers.
        cursor.execute("ANALYZE tracker_event, tracker_statement")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        plans = {"whole": whole.explain(), "titles": titles.explain(), "quotes": quotes.explain()}
    assert "event_search" in plans["whole"]
    assert "event_search" in plans["titles"]
    # The quote side of matching_text builds exactly this expression, so the index fits it too.
    assert "statement_search" in plans["quotes"]


# --- Static files with DEBUG off ----------------------------------------------------------------


@pytest.mark.django_db
def test_collected_static_files_are_served_by_whitenoise_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_DIRS = [("plotly", Path(django_settings.BASE_DIR) / "static" / "plotly")]
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)

    url = static(django_settings.PLOTLY_JS)
    assert url != f"/static/{django_settings.PLOTLY_JS}", "the manifest storage gives a content-hashed name"
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
