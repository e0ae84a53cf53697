"""The reader's time budget (tracker.infra.query_budget): a statement past READER_QUERY_TIMEOUT_MS is
cut off and answered with a 503 that says why; staff, the admin and a budget of 0 are never cut off.

The slow statement is a deliberate one, run where a reader page would read: a recursive count on
SQLite, pg_sleep on PostgreSQL (run this file with DATABASE_URL=postgres://… for that code path).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connection
from django.test import RequestFactory

from tests.builders_api import make_event, make_user
from tracker.exports import sql
from tracker.infra.query_budget import is_reader_request
from tracker.models import ExportLineFormat, Topic
from tracker.queries import selectors

ON_POSTGRESQL = connection.vendor == "postgresql"
BUDGET_MS = 50
# Without a cut-off, each of these runs for many seconds: proof enough that the budget stopped it.
SLOW = 8.0
# Many times the budget, quick enough for a test that expects it to run to the end.
SHORT = 1.0


def slow_sql(seconds: float) -> tuple[str, list]:
    if ON_POSTGRESQL:
        return "SELECT pg_sleep(%s)", [seconds]
    # About a million steps a second on a busy machine.
    count = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %s) SELECT count(*) FROM c"
    return count, [int(seconds * 1_000_000)]


def run_slow_query(seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(*slow_sql(seconds))
        cursor.fetchall()


def pausing_after_each_row(events, **kwargs):
    """The export's records one row a chunk, with a pause longer than the budget after each: the whole
    download outlasts the budget several times over, the database's share of each chunk does not."""
    for rows in sql.iter_records(events, chunk_rows=1, **kwargs):
        time.sleep(BUDGET_MS * 1.5 / 1000)
        yield rows


@pytest.fixture
def budget(settings):
    settings.READER_QUERY_TIMEOUT_MS = BUDGET_MS
    return settings


def make_topic() -> Topic:
    """A topic readers see: a published event has it."""
    topic = Topic.objects.create(name="Trade", slug="trade")
    make_event("Trade talks").topics.add(topic)
    return topic


@pytest.fixture
def topic(db) -> Topic:
    return make_topic()


def slow_reads(monkeypatch, seconds: float) -> None:
    """The topic page and the API's topic list each run a slow statement before their usual reads."""
    topic_for_reader, topics_in_use = selectors.topic_for_reader, selectors.topics_in_use

    def slow_topic(slug, user):
        run_slow_query(seconds)
        return topic_for_reader(slug, user)

    def slow_topics(user):
        run_slow_query(seconds)
        return topics_in_use(user)

    monkeypatch.setattr(selectors, "topic_for_reader", slow_topic)
    monkeypatch.setattr(selectors, "topics_in_use", slow_topics)


def timed_get(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.parametrize("viewer", ["anonymous", "signed-in reader"])
def test_a_reader_page_past_the_budget_is_cut_off_with_a_503_page(client, budget, topic, monkeypatch, viewer):
    if viewer == "signed-in reader":
        client.force_login(make_user("reader", staff=False))
    slow_reads(monkeypatch, SLOW)
    response, elapsed = timed_get(client, "/topics/trade/")
    assert response.status_code == 503
    assert elapsed < SLOW / 2
    text = response.content.decode()
    assert "This query took too long" in text and f"longer than the {BUDGET_MS} ms" in text


def test_an_api_list_past_the_budget_answers_503_in_the_error_shape(client, budget, topic, monkeypatch):
    slow_reads(monkeypatch, SLOW)
    response, elapsed = timed_get(client, "/api/topics/")
    assert response.status_code == 503
    assert elapsed < SLOW / 2
    assert list(response.json()) == ["errors"]
    assert f"longer than the {BUDGET_MS} ms" in response.json()["errors"]["detail"][0]


def test_a_download_stops_when_one_chunk_runs_past_the_budget(client, db, budget, monkeypatch):
    monkeypatch.setattr("tracker.exports.sql.export_sql", lambda events, **kwargs: slow_sql(SLOW))
    response = client.get("/events/export.csv")
    assert response.status_code == 200
    started = time.monotonic()
    with pytest.raises(OperationalError):
        b"".join(response.streaming_content)
    assert time.monotonic() - started < SLOW / 2


def test_a_long_export_of_quick_chunks_is_not_cut_off(client, db, budget, monkeypatch):
    for number in range(4):
        make_event(f"Meeting {number}")

    monkeypatch.setattr("tracker.exports.csv.iter_records", pausing_after_each_row)
    response = client.get("/events/export.csv")
    assert b"".join(response.streaming_content).count(b"Meeting ") == 4


def test_an_export_read_by_its_select_is_not_cut_off_when_stale_statistics_make_it_look_costly(
    client, db, budget, monkeypatch
):
    """Regression: on PostgreSQL, statistics left from a bulk load priced a four-row export past
    jit_above_cost, and compiling it took longer than the whole budget of its first FETCH."""
    for number in range(4):
        make_event(f"Meeting {number}")
    ExportLineFormat.objects.all().delete()  # no stored lines: every row comes from the SELECT
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            # What stale statistics do to the plan's estimated cost: every plan is worth compiling.
            cursor.execute("SET jit_above_cost = 0")

    monkeypatch.setattr("tracker.exports.csv.iter_records", pausing_after_each_row)
    response = client.get("/events/export.csv")
    assert b"".join(response.streaming_content).count(b"Meeting ") == 4


def test_an_export_of_many_quick_chunks_is_budgeted_per_chunk_inside_the_view_too(client, db, budget, monkeypatch):
    """The .meta.json hashes every row of one long cursor in the view, for longer than the budget."""
    for number in range(4):
        make_event(f"Meeting {number}")

    def slow_between_chunks(events, **kwargs):
        for rows in sql.iter_records(events, chunk_rows=1, **kwargs):
            yield rows
            time.sleep(BUDGET_MS * 1.5 / 1000)  # inside the view, after each chunk, before the next fetch

    monkeypatch.setattr("tracker.exports.lines.iter_records", slow_between_chunks)
    monkeypatch.setattr("tracker.exports.csv.iter_records", slow_between_chunks)
    response, elapsed = timed_get(client, "/events/export.csv.meta.json")
    assert response.status_code == 200
    assert response.json()["row_count"] == 4
    assert elapsed > 2 * BUDGET_MS / 1000


def test_staff_are_never_cut_off(client, budget, topic, monkeypatch):
    client.force_login(make_user("researcher", group="Researcher"))
    slow_reads(monkeypatch, SHORT)
    assert client.get("/topics/trade/").status_code == 200
    assert client.get("/api/topics/").status_code == 200


def test_a_budget_of_zero_cuts_nothing_off(client, settings, topic, monkeypatch):
    settings.READER_QUERY_TIMEOUT_MS = 0
    slow_reads(monkeypatch, SHORT)
    assert client.get("/topics/trade/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_cut_off_the_connection_answers_in_full_again(client, budget, monkeypatch):
    """A transaction-less test, as a real request runs: the budget must leave nothing behind."""
    make_topic()
    slow_reads(monkeypatch, SLOW)
    assert client.get("/topics/trade/").status_code == 503
    monkeypatch.undo()
    assert client.get("/topics/trade/").status_code == 200
    run_slow_query(SHORT)  # outside a request: no budget left on the connection to stop it
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"


@pytest.mark.django_db
def test_the_budget_applies_to_readers_but_not_to_staff_or_the_admin(settings):
    factory = RequestFactory()
    reader = factory.get("/events/")
    reader.user = AnonymousUser()
    assert is_reader_request(reader)
    admin_page = factory.get("/admin/tracker/event/import/")
    admin_page.user = AnonymousUser()
    assert not is_reader_request(admin_page)
    staff = factory.get("/events/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x")
    staff.user = make_user("editor", group="Editor")
    assert not is_reader_request(staff)
    signed_in = factory.get("/events/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x")
    signed_in.user = make_user("reader", staff=False)
    assert is_reader_request(signed_in)


@pytest.mark.parametrize(("value", "ok"), [("1500", True), ("0", True), ("-5", False), ("soon", False)])
def test_the_budget_is_read_from_the_environment(value, ok):
    root = Path(__file__).resolve().parent.parent
    base = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.READER_QUERY_TIMEOUT_MS)",
        ],
        cwd=root,
        env={**base, "DJANGO_SETTINGS_MODULE": "tracker.settings", "READER_QUERY_TIMEOUT_MS": value},
        capture_output=True,
        text=True,
    )
    assert (done.returncode == 0) is ok, done.stderr
    if ok:
        assert done.stdout.strip() == value


# Two threads on one SQLite connection, as Django's test server shares its in-memory database: one
# runs a long statement under a budget while the other applies a budget of its own and lets it go.
SHARED_CONNECTION = r"""
import threading, time
import django
django.setup()
from django.db import connections
from tracker.infra.query_budget import StatementBudget

connection = connections["default"]
connection.ensure_connection()
connection.inc_thread_sharing()
running = threading.Event()
answers = []

def long_statement():
    connections["default"] = connection
    with StatementBudget(60_000).applied(), connection.cursor() as cursor:
        running.set()
        cursor.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000) SELECT count(*) FROM n"
        )
        answers.append(f"long statement {cursor.fetchone()[0]}")

worker = threading.Thread(target=long_statement)
worker.start()
running.wait(10)
time.sleep(0.2)
with StatementBudget(60_000).applied(), connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    answers.append(f"short statement {cursor.fetchone()[0]}")
worker.join()
print(*sorted(answers), sep="\n")
"""


def test_a_budget_applied_and_let_go_beside_another_threads_statement_on_the_same_connection_never_hangs(tmp_path):
    """Installing SQLite's progress handler while another thread's statement ran with one deadlocked
    (the GIL against the connection's lock): two frames of one page hung the browser tests."""
    root = Path(__file__).resolve().parent.parent
    base = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    env = {**base, "DJANGO_SETTINGS_MODULE": "tracker.settings", "SQLITE_PATH": str(tmp_path / "shared.sqlite3")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", SHARED_CONNECTION], cwd=root, env=env, capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the two threads deadlocked on the shared connection")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["long statement 4000000", "short statement 1"]
