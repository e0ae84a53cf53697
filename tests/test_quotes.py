"""Quotes as they happen: the rules of a Statement, and how readers and the API see one about an
event said elsewhere, and one whose speaker is not named."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from tests.builders_api import make_event, make_person, make_user
from tracker.domain import editorial
from tracker.models import Citation, Event, Source, Statement


@pytest.mark.parametrize(
    ("named", "description", "allowed"),
    [(True, "", True), (False, "a senior official", True), (False, "", False), (True, "a senior official", False)],
)
def test_a_statement_has_a_speaker_or_a_description_of_one(db, named, description, allowed):
    event = make_event()
    speaker = make_person("Lee Jae Myung") if named else None
    create = lambda: Statement.objects.create(  # noqa: E731
        speaker=speaker, speaker_description=description, quote="…", about_event=event
    )
    if allowed:
        assert create().pk
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            create()


@pytest.mark.parametrize(
    ("typed", "reads"),
    [
        ("an interview with NHK", "in an interview with NHK"),
        ("to Reuters", "to Reuters"),
        ("At a press briefing", "At a press briefing"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_where_a_quote_was_said_reads_after_said(typed, reads):
    assert Statement(said_at=typed).said_where == reads


@given(st.text())
def test_where_a_quote_was_said_keeps_whatever_was_typed(typed):
    said_where = Statement(said_at=typed).said_where
    assert said_where.endswith(typed.strip())
    assert (said_where == "") == (typed.strip() == "")


@pytest.fixture
def nara(db) -> Event:
    return make_event("Lee–Takaichi summit in Nara", cited=True, start_date=date(2026, 1, 13))


@pytest.fixture
def quotes(nara):
    """The NHK quote about Nara, said days before in an interview with its own source, and an unattributed one."""
    lee = make_person("Lee Jae Myung", slug="lee-jae-myung")
    nhk = Statement.objects.create(
        speaker=lee,
        quote="Korea and Japan are very important to each other.",
        said_at="an interview with NHK",
        said_on=date(2026, 1, 1),
        said_on_precision="month",
        about_event=nara,
    )
    Citation.objects.create(statement=nhk, source=Source.objects.create(publisher="NHK", url="https://nhk.example/"))
    unnamed = Statement.objects.create(
        speaker_description="a senior official", quote="Modest results.", about_event=nara
    )
    return nhk, unnamed


def test_reader_sees_where_and_by_whom_a_quote_about_the_event_was_said(client, quotes, nara):
    page = client.get(nara.get_absolute_url()).content.decode()
    assert "Korea and Japan are very important to each other." in page
    assert ", said in an interview with NHK, Jan 2026 · source: " in page
    assert '<a href="/people/lee-jae-myung/">Lee Jae Myung</a>, said in an interview with NHK' in page
    assert "unattributed (a senior official)</figcaption>" in page


def test_a_quote_said_at_a_recorded_event_links_it_and_hides_with_it(client, nara):
    interview = make_event("Interview with NHK", kind=Event.Kind.INTERVIEW, slug="nhk", published=False)
    Statement.objects.create(speaker_description="officials", quote="Hidden.", event=interview, about_event=nara)
    Statement.objects.create(
        speaker_description="aides", quote="Shown.", event=make_event("Press", slug="press"), about_event=nara
    )
    page = client.get(nara.get_absolute_url()).content.decode()
    assert 'unattributed (aides), said at <a href="/events/press/">Press</a>' in page
    assert "Hidden." not in page, "a quote said at a draft stays hidden from readers"


def test_api_shows_the_quote_said_elsewhere_and_the_unattributed_one(client, quotes, nara):
    body = client.get(f"/api/events/{nara.uid}/").json()
    assert body["statements"] == []
    by_description = {quote["speaker_description"]: quote for quote in body["statements_about"]}
    nhk, unnamed = by_description[""], by_description["a senior official"]
    assert nhk["speaker"] == "lee-jae-myung" and nhk["attribution"] == "Lee Jae Myung"
    assert (nhk["said_at"], nhk["said_at_event"], nhk["said_on"]) == ("an interview with NHK", None, "Jan 2026")
    assert nhk["about_event"]["slug"] == nara.slug
    assert [citation["publisher"] for citation in nhk["citations"]] == ["NHK"]
    assert (unnamed["speaker"], unnamed["speaker_name"]) == (None, None)
    assert (unnamed["speaker_description"], unnamed["attribution"]) == (
        "a senior official",
        "unattributed (a senior official)",
    )


def test_event_detail_queries_do_not_grow_with_quotes(client, nara, django_assert_max_num_queries):
    def quote(number: int) -> None:
        statement = Statement.objects.create(speaker=make_person(), quote=f"Q{number}", about_event=nara)
        Citation.objects.create(statement=statement, source=Source.objects.create(publisher=f"Source {number}"))

    quote(0)
    with django_assert_max_num_queries(100) as one:
        client.get(nara.get_absolute_url())
        client.get(f"/api/events/{nara.uid}/")
    for number in range(1, 6):
        quote(number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(nara.get_absolute_url())
        client.get(f"/api/events/{nara.uid}/")


def test_deleting_the_event_a_quote_is_about_keeps_it_where_it_was_said(db, nara):
    press = make_event("Press conference", slug="press")
    kept = Statement.objects.create(speaker_description="officials", quote="Kept.", event=press, about_event=nara)
    gone = Statement.objects.create(
        speaker_description="analysts", quote="Gone.", said_at="to Reuters", about_event=nara
    )
    Citation.objects.create(statement=gone, source=Source.objects.create(publisher="Reuters"))
    nara_pk = nara.pk
    nara.delete()
    kept.refresh_from_db()
    assert (kept.event, kept.about_event) == (press, None)
    assert not Statement.objects.filter(pk=gone.pk).exists()

    record = Event.history.get(id=nara_pk, history_type="-")
    editorial.restore_deleted_event(history_id=record.history_id, user=make_user("eddie", group="Editor"))
    restored = Statement.objects.get(pk=gone.pk)
    assert (restored.about_event_id, restored.said_at) == (nara_pk, "to Reuters")
    assert list(restored.citations.values_list("source__publisher", flat=True)) == ["Reuters"]


def test_demo_quotes_are_about_nara_said_in_the_nhk_interview(client, demo):
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    interview = Event.objects.get(slug="lee-nhk-interview-2026")
    about_nara = Statement.objects.filter(about_event=nara)
    assert {(quote.event, quote.when) for quote in about_nara} == {(interview, "Jan 2026")}
    unnamed = Statement.objects.get(speaker__isnull=True)
    assert (unnamed.attribution, unnamed.said_where) == ("unattributed (analysts)", "to Reuters")
    assert list(unnamed.citations.values_list("source__publisher", flat=True)) == ["Reuters"]
    page = client.get(nara.get_absolute_url()).content.decode()
    assert f', said at <a href="{interview.get_absolute_url()}">{escape(interview.title)}</a>, Jan 2026' in page
    remarks = client.get(unnamed.about_event.get_absolute_url()).content.decode()
    assert "unattributed (analysts), said to Reuters · source: Reuters" in remarks


def _migration(suffix: str) -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    names = [name for app, name in executor.loader.graph.nodes if app == "tracker" and name.endswith(suffix)]
    return ("tracker", names[0])


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_each_quotes_speaker_and_medium():
    """Existing quotes keep their meaning: the speaker stays, the medium becomes where it was said."""
    said_where = _migration("statement_said_where_and_unattributed")
    executor = MigrationExecutor(connection)
    before = executor.loader.graph.node_map[said_where].parents
    previous = next(iter(before)).key
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([previous])
    try:
        old = executor.loader.project_state([previous]).apps
        person = old.get_model("tracker", "Person").objects.create(name="Lee Jae Myung", slug="lee")
        event = old.get_model("tracker", "Event").objects.create(
            title="Nara", slug="nara", kind="bilateral_summit", start_date=date(2026, 1, 13), end_date=date(2026, 1, 13)
        )
        old.get_model("tracker", "Statement").objects.create(
            speaker=person, quote="Very important.", medium="Interview with NHK", event=event
        )
        executor = MigrationExecutor(connection)
        executor.migrate([said_where])
        new = executor.loader.project_state([said_where]).apps
        statement = new.get_model("tracker", "Statement").objects.get()
        assert (statement.speaker_id, statement.speaker_description) == (person.pk, "")
        assert (statement.said_at, statement.event_id, statement.about_event_id) == (
            "Interview with NHK",
            event.pk,
            None,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
