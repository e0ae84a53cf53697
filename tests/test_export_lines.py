"""Exports from the events' stored lines (tracker.exports.lines) are byte for byte the SELECT's exports,
and the database's triggers clear a line whenever a write changes what it shows, whoever writes."""

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders_api import make_user
from tests.factories import cite, make_event, make_person, make_topic
from tracker.exports import export_request, iter_csv_lines, iter_geojson_chunks, iter_ics_chunks, iter_json_chunks
from tracker.exports.lines import fill_export_lines, lines_usable
from tracker.exports.schema import COLUMNS
from tracker.models import (
    Event,
    ExportJsonRow,
    ExportLine,
    ExportLineFormat,
    Organization,
    Participation,
    Person,
    Source,
    Statement,
    Topic,
)

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
AWKWARD = ['=HYPERLINK("x")', "'Tis", "semi; colon | pipe \\ slash", 'quote "me", comma', "two\r\nlines", "東京 ✓", ""]


def every_format(params=None, user=None) -> dict[str, bytes]:
    """Each export of the same request, as bytes."""
    user = user or AnonymousUser()
    params = params or {}

    def joined(chunks) -> bytes:
        return b"".join(chunk.encode() if isinstance(chunk, str) else chunk for chunk in chunks)

    return {
        "csv": joined(iter_csv_lines(params, user)),
        "json": joined(iter_json_chunks(export_request(params, user, now=NOW))),
        "geojson": joined(iter_geojson_chunks(export_request(params, user, now=NOW))),
        "ics": joined(iter_ics_chunks(export_request(params, user, now=NOW))),
    }


def through_the_select(params=None) -> dict[str, bytes]:
    """The exports with the stored lines set aside, as they were written before lines existed."""
    kept = list(ExportLineFormat.objects.values_list("digest", flat=True))
    ExportLineFormat.objects.all().delete()
    assert not lines_usable()
    try:
        return every_format(params)
    finally:
        for digest in kept:
            ExportLineFormat.objects.create(pk=ExportLineFormat.ONLY, digest=digest)


def varied_corpus() -> list[Event]:
    """Events with every kind of cell: awkward text, parents (one a draft), coordinates, lists, citations."""
    people = [make_person(name) for name in ("Kishida Fumio", "Yoon; Suk|yeol", "=Formula Person")]
    organization = Organization.objects.create(name="Group of Seven", slug="g7")
    topics = [make_topic("Trade"), make_topic("Security")]
    draft_parent = make_event("Draft summit", is_published=False)
    public_parent = make_event("Public summit", when="2025")
    events = [draft_parent, public_parent]
    for number, text in enumerate(AWKWARD):
        event = make_event(
            f"Talks {number}",
            when=["13 Jan 2026", "Oct 2025", "2013", "1 Feb 2024"][number % 4],
            participants=people[: number % 4],
            topics=topics[: number % 3],
            parent=[None, draft_parent, public_parent][number % 3],
            latitude=Decimal("35.6762") if number % 2 else None,
            longitude=Decimal("-139.65") if number % 2 else None,
            host_organization=organization if number == 3 else None,
        )
        # Written past the text normaliser, as another tool would: exports carry whatever is stored.
        Event.objects.filter(pk=event.pk).update(title=text or "Untitled", summary=text, place_name=text)
        if number % 2:
            cite(event, publisher=text or "Reuters")
        if number == 5:
            event.party_organizations.add(organization)
            event.party_countries.add("JP", "KR")
        events.append(event)
    return events


@pytest.mark.django_db
def test_lines_export_the_same_bytes_as_the_select_in_every_format():
    varied_corpus()
    before = through_the_select()
    assert fill_export_lines() == Event.objects.count()
    assert lines_usable()
    assert every_format() == before
    # Half filled: the missing lines come from the SELECT, in their place.
    cleared = list(Event.objects.order_by("?").values_list("pk", flat=True)[:4])
    ExportLine.objects.filter(event_id__in=cleared).update(line=None)
    assert every_format() == before
    assert every_format({"q": "Talks"}) == through_the_select({"q": "Talks"})


FILTERS = {
    "countries-all": lambda: {"country": ["JP", "KR"], "match": "all"},
    "topic-window": lambda: {"topic": [Topic.objects.get(name="Trade").slug], "start": "2024", "end": "2026"},
    "person-kinds": lambda: {
        "person": [Person.objects.get(name="Kishida Fumio").slug],
        "kind": ["bilateral_summit", "phone_call"],
    },
    "one-month": lambda: {"start": "2025-10", "end": "2025-10"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILTERS)
def test_a_filtered_export_from_lines_keeps_the_selects_rows_and_order(name):
    # PostgreSQL reads the lines through a join planned for every row (tracker.exports.lines._line_query):
    # the filter's joins and the date order with ties must come out as the SELECT's.
    varied_corpus()
    fill_export_lines()
    params = FILTERS[name]()
    exported = every_format(params)
    assert exported["csv"].count(b"\r\n") > 1, "the filter keeps some events"
    assert exported == through_the_select(params)


@pytest.mark.django_db
@pytest.mark.parametrize("lines_filled", [True, False], ids=["from-lines", "from-the-select"])
@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_an_export_filtered_by_a_person_and_kinds_has_exactly_the_columns(lines_filled, reader):
    # Regression: django-filter makes these filters DISTINCT; a reader's export from lines raised
    # ValueError (a 500), and every other export ended each row with its start date and id.
    varied_corpus()
    if lines_filled:
        fill_export_lines()
    else:
        ExportLineFormat.objects.all().delete()
    user = AnonymousUser() if reader == "anonymous" else make_user("editor", group="Editor")
    params = {
        "person": [Person.objects.get(name="Kishida Fumio").slug],
        "kind": ["bilateral_summit", "phone_call"],
    }
    text = b"".join(
        chunk.encode() if isinstance(chunk, str) else chunk for chunk in iter_csv_lines(params, user)
    ).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) > 1 and {len(row) for row in rows} == {len(COLUMNS)}


@pytest.mark.django_db
def test_an_editor_still_gets_drafts_and_their_parents():
    varied_corpus()
    fill_export_lines()
    editor_rows = b"".join(chunk.encode() for chunk in iter_csv_lines({}, _staff()))
    assert b"Draft summit" in editor_rows
    assert b"Draft summit" not in every_format()["csv"]


def _staff():
    from tests.builders_api import make_user

    return make_user("editor", group="Editor")


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _unfilled() -> set[int]:
    return set(ExportLine.objects.filter(line=None).values_list("event_id", flat=True))


@pytest.mark.django_db
def test_writes_from_outside_the_app_clear_exactly_the_lines_they_change():
    events = varied_corpus()
    fill_export_lines()
    talks = events[3]
    person = Participation.objects.filter(event=talks).first().person
    showing_person = set(Participation.objects.filter(person=person).values_list("event_id", flat=True))
    _raw("UPDATE tracker_person SET name = %s WHERE id = %s", ["Renamed", person.pk])
    assert _unfilled() == showing_person
    fill_export_lines()
    source = Source.objects.filter(citations__event=events[3]).get()
    _raw("UPDATE tracker_source SET title = %s WHERE id = %s", ["Retitled", source.pk])
    assert _unfilled() == {events[3].pk}
    fill_export_lines()
    _raw("DELETE FROM tracker_event_topics WHERE event_id = %s", [events[4].pk])
    _raw("UPDATE tracker_event SET title = %s WHERE id = %s", ["Retold", events[6].pk])
    assert _unfilled() == {events[4].pk, events[6].pk}
    # A parent's change reaches its children, whose rows show its uid.
    children = set(Event.objects.filter(parent=events[1]).values_list("pk", flat=True))
    fill_export_lines()
    _raw("UPDATE tracker_event SET is_published = %s WHERE id = %s", [False, events[1].pk])
    assert _unfilled() == children | {events[1].pk}
    assert every_format() == through_the_select()
    fill_export_lines()
    assert every_format() == through_the_select()
    _raw("DELETE FROM tracker_event WHERE id = %s", [events[2].pk])
    assert not ExportLine.objects.filter(event_id=events[2].pk).exists()
    _raw("INSERT INTO tracker_exportline (event_id, line) VALUES (%s, %s)", [events[2].pk, "orphan\r\n"])
    _raw("UPDATE tracker_exportline SET line = NULL WHERE event_id = %s", [events[2].pk])
    fill_export_lines()
    assert not ExportLine.objects.filter(event_id=events[2].pk).exists()


@pytest.mark.django_db
def test_app_writes_clear_lines_too():
    event = make_event("Talks", participants=[make_person("A")])
    fill_export_lines()
    Participation.objects.create(event=event, person=make_person("B"))
    assert _unfilled() == {event.pk}
    fill_export_lines()
    Person.objects.filter(name="B").update(slug="b-renamed")
    assert _unfilled() == {event.pk}
    assert every_format() == through_the_select()


@pytest.mark.django_db
def test_lines_written_by_other_code_are_not_used():
    make_event("Talks")
    fill_export_lines()
    ExportLine.objects.update(line="forged,line\r\n")
    ExportLineFormat.objects.update(digest="another version of the code")
    assert not lines_usable()
    assert b"forged" not in every_format()["csv"]
    fill_export_lines()
    assert lines_usable() and b"forged" not in every_format()["csv"]


@pytest.mark.django_db
def test_the_json_export_reads_each_events_stored_row_only_while_its_line_is_filled():
    make_event("Talks", participants=[make_person("A")])
    fill_export_lines()
    before = every_format()
    ExportJsonRow.objects.update(row='{"stored":"row"}')
    assert b'\n{"stored":"row"}\n' in every_format()["json"]
    # The triggers clear a line alone: its JSON row may be stale, so the event is nested afresh.
    ExportLine.objects.update(line=None)
    assert every_format() == before == through_the_select()


@pytest.mark.django_db
def test_a_whole_fill_forgets_the_json_rows_of_deleted_events():
    kept, deleted = make_event("Kept"), make_event("Deleted")
    fill_export_lines()
    _raw("DELETE FROM tracker_event WHERE id = %s", [deleted.pk])
    assert ExportJsonRow.objects.filter(event_id=deleted.pk).exists()  # the triggers remove the line alone
    fill_export_lines(limit=10)  # an edit's fill leaves them
    assert ExportJsonRow.objects.filter(event_id=deleted.pk).exists()
    fill_export_lines()
    assert set(ExportJsonRow.objects.values_list("event_id", flat=True)) == {kept.pk}


@pytest.mark.django_db
def test_the_meta_twin_hashes_the_json_rows_as_the_download_does(client):
    varied_corpus()
    fill_export_lines()
    download = b"".join(client.get("/events/export.json").streaming_content)
    twin = client.get("/events/export.meta.json").json()
    assert twin["rows_sha256"] == json.loads(download)["meta"]["sha256"]
    ExportLineFormat.objects.all().delete()
    assert client.get("/events/export.meta.json").json()["rows_sha256"] == twin["rows_sha256"]


@pytest.mark.django_db
@settings(max_examples=15)
@given(text=st.text(min_size=1, max_size=30).filter(lambda value: "\x00" not in value))
def test_any_stored_text_exports_the_same_from_lines(text):
    Event.objects.all().delete()
    event = make_event("Talks", participants=[make_person("A")])
    Event.objects.filter(pk=event.pk).update(title=text, summary=text, outcome=text, place_name=text)
    Person.objects.update(name=text)
    before = through_the_select()
    fill_export_lines()
    assert every_format() == before


@pytest.mark.django_db
def test_an_edit_fills_the_lines_it_cleared_once_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = make_event("Talks")
        Participation.objects.create(event=event, person=make_person("B"))
        event.topics.add(make_topic())
    assert len(callbacks) == 1  # once per transaction, however many saves
    assert _unfilled() == set()
    assert b"B" in every_format()["csv"]


@pytest.mark.django_db
def test_the_command_fills_every_line(capsys):
    from django.core.management import call_command

    make_event("One")
    make_event("Two")
    call_command("fill_export_lines")
    assert _unfilled() == set()
    assert "2 export lines written" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_json_document_is_the_same_bytes_however_its_rows_and_quotes_are_chunked(monkeypatch):
    """Rows and quotes are joined a chunk at a time and hashed a chunk at a time: one row or quote per
    chunk, with empty chunks between, must write the same document and the same hash."""
    from tracker.exports import json as json_export

    events = varied_corpus()
    for number, event in enumerate(events[2:6]):
        Statement.objects.create(quote=f"Quote {number}.", speaker_description="an aide", event=event)
    fill_export_lines()

    def document() -> bytes:
        return b"".join(iter_json_chunks(export_request({}, AnonymousUser(), now=NOW)))

    whole = document()
    parsed = json.loads(whole)
    assert len(parsed["rows"]) == parsed["meta"]["row_count"] > 3 and len(parsed["statements"]) == 4

    def one_at_a_time(chunks):
        def rechunked(*args, **kwargs):
            for chunk in chunks(*args, **kwargs):
                for item in chunk:
                    yield []
                    yield [item]

        return rechunked

    monkeypatch.setattr(json_export, "iter_json_rows", one_at_a_time(json_export.iter_json_rows))
    monkeypatch.setattr(json_export, "iter_statement_rows", one_at_a_time(json_export.iter_statement_rows))
    assert document() == whole


@pytest.mark.django_db(transaction=True)
def test_the_migration_keying_export_rows_by_rowid_keeps_every_line_and_the_triggers():
    """Migration 0018 rebuilds both tables on SQLite (Django's rename is refused there because the
    triggers name the line table): every line and JSON row stays, and the triggers still clear lines."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before, keyed = ("tracker", "0017_export_json_rows"), ("tracker", "0018_export_rows_keyed_by_rowid")
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps
        event = old.get_model("tracker", "Event").objects.create(
            title="Nara",
            slug="nara",
            kind="bilateral_summit",
            start_date=datetime(2026, 1, 13).date(),
            end_date=datetime(2026, 1, 14).date(),
        )
        old.get_model("tracker", "ExportLine").objects.filter(event_id=event.pk).update(line="a line\r\n")
        old.get_model("tracker", "ExportJsonRow").objects.create(event_id=event.pk, row='{"title":"Nara"}')
        executor = MigrationExecutor(connection)
        executor.migrate([keyed])
        new = executor.loader.project_state([keyed]).apps
        assert list(new.get_model("tracker", "ExportLine").objects.values_list("event_id", "line")) == [
            (event.pk, "a line\r\n")
        ]
        assert new.get_model("tracker", "ExportJsonRow").objects.get().row == '{"title":"Nara"}'
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for table in ("tracker_exportline", "tracker_exportjsonrow"):
                    # A key that is not the rowid has an index of its own, named sqlite_autoindex_….
                    cursor.execute("SELECT name FROM sqlite_master WHERE tbl_name = %s AND type = 'index'", [table])
                    assert not [name for (name,) in cursor.fetchall() if name.startswith("sqlite_autoindex")]
                    cursor.execute(f"SELECT upper(type) FROM pragma_table_info('{table}') WHERE name = 'event_id'")
                    assert cursor.fetchone() == ("INTEGER",)
        new.get_model("tracker", "Event").objects.filter(pk=event.pk).update(title="Nara summit")
        assert new.get_model("tracker", "ExportLine").objects.get().line is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_an_export_reads_with_sqlites_default_page_cache_and_gives_the_connections_back():
    from tracker.exports import lines, sql

    make_event("Talks", when="13 Jan 2026")
    fill_export_lines()

    def cache_size() -> int:
        with connection.cursor() as cursor:
            return cursor.execute("PRAGMA cache_size").fetchone()[0]

    own = cache_size()
    assert own == -8192
    chunks = lines.iter_line_rows(Event.objects.published(), chunk_rows=1)
    assert len(next(chunks)) == 1
    assert cache_size() == sql.ONE_PASS_PAGE_CACHE
    assert list(chunks) == []
    assert cache_size() == own
    # A reader who stops reading halfway (a closed download) gives it back too.
    make_event("More talks", when="14 Jan 2026")
    fill_export_lines()
    abandoned = lines.iter_line_rows(Event.objects.published(), chunk_rows=1)
    next(abandoned)
    abandoned.close()
    assert cache_size() == own
    # An editor's export reads the SELECT the same way.
    selected = sql.iter_records(Event.objects.all(), chunk_rows=1, drafts_visible=True)
    assert len(next(selected)) == 1
    assert cache_size() == sql.ONE_PASS_PAGE_CACHE
    selected.close()
    assert cache_size() == own
