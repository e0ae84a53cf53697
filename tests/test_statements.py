"""Statements as records: /statements/ with the events filter, speaker and quote text; the office
held when said; the quotes' CSV/JSON downloads, the event JSON export's quotes and /api/statements/.
Asked as an anonymous reader (no draft, no quote of a draft, no hidden person) and as an Editor."""

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders_api import make_event, make_person, make_user
from tests.builders_export import streamed
from tests.factories import make_office, make_position
from tracker.models import Citation, Event, Person, Source, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """A published summit with a quote by Lee, a draft interview where a quote about the summit was
    said, a quote about the draft said at the summit, and a person named only by the draft."""
    lee = make_person("Lee Jae Myung", slug="lee", native_name="이재명")
    make_position(lee, make_office("President", country="KR"), date(2025, 5, 1))
    hidden = make_person("Hidden Envoy", slug="hidden-envoy")
    summit = make_event("Lee–Takaichi summit in Nara", countries=["KR", "JP"], people=[lee], cited=True)
    draft = make_event("Secret interview", published=False, countries=["CN"], people=[hidden])
    china = make_event("Lee in Beijing", countries=["CN"], people=[lee])
    source = Source.objects.create(
        publisher="Yonhap", title="Lee on the summit", url="https://example.org/lee", published_on=date(2025, 6, 2)
    )
    said = Statement.objects.create(
        speaker=lee, event=summit, quote="Korea and Japan should complement each other.", said_on=date(2025, 6, 1)
    )
    Citation.objects.create(statement=said, source=source, locator="para 3")
    Statement.objects.create(speaker=hidden, event=draft, about_event=summit, quote="Draft words about Nara.")
    Statement.objects.create(speaker=lee, event=summit, about_event=draft, quote="Words about a secret.")
    Statement.objects.create(speaker=lee, event=china, quote="Beijing and Seoul talk again.", said_on=date(2025, 6, 1))
    return {"lee": lee, "summit": summit, "draft": draft, "china": china}


def quotes_on_page(response) -> list[str]:
    return [statement.quote for statement, _ in response.context["quotes"]]


def test_anonymous_readers_see_no_quote_of_a_draft_nor_its_speaker(client, record):
    response = client.get("/statements/")
    assert response.status_code == 200
    assert quotes_on_page(response) == [
        "Korea and Japan should complement each other.",
        "Beijing and Seoul talk again.",
    ]
    body = response.content.decode()
    assert "Draft words" not in body and "secret" not in body.lower() and "Hidden Envoy" not in body
    # A person only drafts name is no choice for readers: the same 400 as a slug that does not exist.
    assert client.get("/statements/?speaker=hidden-envoy").status_code == 400


def test_an_editor_sees_every_quote_and_filters_by_a_speaker_only_drafts_name(client, record):
    client.force_login(make_user("ed", group="Editor"))
    assert len(quotes_on_page(client.get("/statements/"))) == 4
    assert quotes_on_page(client.get("/statements/?speaker=hidden-envoy")) == ["Draft words about Nara."]


def test_speaker_text_and_event_filters_choose_the_quotes(client, record):
    assert quotes_on_page(client.get("/statements/?speaker=lee&country=CN")) == ["Beijing and Seoul talk again."]
    assert quotes_on_page(client.get("/statements/?q=JAPAN+complement")) == [
        "Korea and Japan should complement each other."
    ]
    # q reads the quote, not the event: the summit's title holds "Nara", no public quote does.
    assert quotes_on_page(client.get("/statements/?q=Nara")) == []


def test_a_search_past_its_bounds_and_garbage_answer_400_with_a_message(client, record):
    response = client.get("/statements/?q=" + "+".join(["word"] * 21))
    assert response.status_code == 400
    assert "at most 20 words" in response.content.decode()
    assert client.get("/statements/?start=not-a-date").status_code == 400
    assert client.get("/statements/?speaker=a%00b").status_code == 400


def test_each_quote_shows_speaker_office_then_event_and_source(client, record):
    body = client.get("/statements/?speaker=lee&country=KR").content.decode()
    assert "President of South Korea" in body
    assert 'href="/events/' in body and "Lee–Takaichi summit in Nara" in body
    assert '<a href="https://example.org/lee" rel="noopener noreferrer">“Lee on the summit”</a>' in body
    assert "2 Jun 2025" in body and "para 3" in body


def test_the_statements_page_takes_a_fixed_number_of_queries(client, record, django_assert_max_num_queries):
    for number in range(30):
        Statement.objects.create(speaker=record["lee"], event=record["summit"], quote=f"Quote {number}.")
    with django_assert_max_num_queries(20):
        response = client.get("/statements/")
    assert len(response.context["quotes"]) == 32


def test_the_site_navigation_links_statements_and_glossary(client, record):
    body = client.get("/").content.decode()
    assert 'href="/statements/"' in body and 'href="/glossary/"' in body


def test_statements_csv_for_excel_keeps_korean_names_and_dashes(client, record):
    Statement.objects.create(speaker=record["lee"], event=record["summit"], quote="한일 관계 – 새로운 시작")
    response = client.get("/statements/export.csv?excel=1&speaker=lee")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = streamed(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert "한일 관계 – 새로운 시작" in [row["quote"] for row in rows]
    first = rows[0]
    assert (first["speaker_name"], first["office_then"], first["said_when"]) == (
        "Lee Jae Myung",
        "President of South Korea",
        "1 Jun 2025",
    )
    assert first["said_at_event_url"] == f"http://testserver/events/{record['summit'].slug}/"
    assert first["sources"] == "Yonhap, “Lee on the summit”, 2025-06-02, https://example.org/lee"
    assert "Draft words" not in body.decode("utf-8-sig")


def test_statements_json_lists_the_same_quotes_with_sources_as_objects(client, record):
    document = json.loads(streamed(client.get("/statements/export.json")))
    assert [row["quote"] for row in document["rows"]] == [
        "Korea and Japan should complement each other.",
        "Beijing and Seoul talk again.",
    ]
    assert document["rows"][0]["sources"][0]["url"] == "https://example.org/lee"
    assert document["meta"]["row_count"] == 2


def test_the_event_json_export_carries_the_quotes_a_reader_may_see(client, record):
    document = json.loads(streamed(client.get("/events/export.json?country=KR")))
    summit_uid = str(record["summit"].uid)
    assert [row["uid"] for row in document["rows"]] == [summit_uid]
    assert [(quote["quote"], quote["said_at_event"]) for quote in document["statements"]] == [
        ("Korea and Japan should complement each other.", summit_uid)
    ]
    client.force_login(make_user("ed", group="Editor"))
    staff = json.loads(streamed(client.get("/events/export.json?country=KR")))
    assert len(staff["statements"]) == 3


def test_the_api_lists_and_filters_statements(client, record):
    response = client.get("/api/statements/?speaker=lee")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["quote"] for row in results] == [
        "Korea and Japan should complement each other.",
        "Beijing and Seoul talk again.",
    ]
    assert results[0]["office_then"] == "President of South Korea"
    assert client.get("/api/statements/?speaker=hidden-envoy").status_code == 400
    editor = Client()
    editor.force_login(make_user("ed", group="Editor"))
    assert len(editor.get("/api/statements/").json()["results"]) == 4


def test_the_api_schema_documents_the_statements_list(client):
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/api/statements/" in schema and "speaker" in schema


def test_the_office_held_when_said_reads_the_quote_date_else_the_event_where_it_was_said():
    from tracker.domain.offices import office_when_said

    ishiba = make_person("Shigeru Ishiba", slug="ishiba")
    minister = make_position(
        ishiba, make_office("Foreign Minister", kind="minister"), date(2017, 8, 3), date(2019, 9, 11)
    )
    premier = make_position(ishiba, make_office("Prime Minister"), date(2024, 10, 1), date(2025, 10, 21))
    talks = make_event("Talks", start_date=date(2025, 3, 1))
    old_talks = make_event("Old talks", start_date=date(2018, 3, 1))

    def office(**fields):
        statement = Statement.objects.create(quote="Words.", **fields)
        return office_when_said(Statement.objects.for_listing().get(pk=statement.pk))

    assert office(speaker=ishiba, event=talks, said_on=date(2018, 5, 1)) == minister  # the quote's own date
    assert office(speaker=ishiba, event=talks) == premier  # undated: the date of the event where it was said
    assert office(speaker=ishiba, about_event=old_talks) is None  # what it is about says nothing of when
    assert office(speaker_description="an aide", event=talks) is None


@pytest.mark.parametrize("path", ["/statements/export.csv", "/statements/export.json", "/api/statements/"])
def test_quote_downloads_and_the_api_take_a_fixed_number_of_queries(
    client, record, path, django_assert_max_num_queries
):
    for number in range(30):
        Statement.objects.create(speaker=record["lee"], event=record["china"], quote=f"Quote {number}.")
    with django_assert_max_num_queries(20):
        response = client.get(path)
        body = streamed(response) if response.streaming else response.content
    assert body.count(b"Quote ") == 30


@pytest.mark.parametrize("events_outnumber_quotes", [True, False], ids=["each-quote-asked", "events-listed"])
def test_quotes_at_or_about_events_are_the_same_whichever_side_is_walked(record, events_outnumber_quotes):
    """SQLite asks of each quote whether its events are among many events, and lists few events'
    quotes; PostgreSQL always lists. Either way the same quotes: said at, about, or both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    china, summit = record["china"], record["summit"]
    extra = [make_event(f"Talks {number}", countries=["CN"]) for number in range(6 if events_outnumber_quotes else 0)]
    if not events_outnumber_quotes:
        for number in range(8):
            Statement.objects.create(speaker=record["lee"], event=summit, quote=f"Summit words {number}.")
    chosen = Event.objects.filter(pk__in=[china.pk, record["draft"].pk, *(event.pk for event in extra)])
    expected = {
        statement.quote
        for statement in Statement.objects.all()
        if {statement.event_id, statement.about_event_id} & set(chosen.values_list("pk", flat=True))
    }
    with CaptureQueriesContext(connection) as queries:
        found = set(Statement.objects.at_or_about(chosen).values_list("quote", flat=True))
    assert found == expected == {"Beijing and Seoul talk again.", "Draft words about Nara.", "Words about a secret."}
    quotes_query = queries.captured_queries[-1]["sql"]
    walks_quotes = connection.vendor == "sqlite" and events_outnumber_quotes
    assert ("EXISTS" in quotes_query) is walks_quotes and ("UNION" in quotes_query) is not walks_quotes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    links=st.lists(
        st.tuples(st.integers(0, 5) | st.none(), st.integers(0, 5) | st.none()).filter(
            lambda pair: pair != (None, None)
        ),
        max_size=8,
    ),
    chosen=st.sets(st.integers(0, 5)),
)
def test_quotes_at_or_about_any_events_are_exactly_those_linked_to_them(links, chosen):
    """Random links and choices, so that either side outnumbers the other: the quotes found are the ones
    said at or about a chosen event, whichever way the database is asked."""
    Statement.objects.all().delete()
    Event.objects.all().delete()
    events = [make_event(f"Talks {number}") for number in range(6)]
    for number, (said_at, about) in enumerate(links):
        Statement.objects.create(
            quote=f"Quote {number}.",
            speaker_description="an aide",
            event=events[said_at] if said_at is not None else None,
            about_event=events[about] if about is not None else None,
        )
    picked = Event.objects.filter(pk__in=[events[index].pk for index in chosen])
    expected = {f"Quote {number}." for number, pair in enumerate(links) if set(pair) & chosen}
    assert set(Statement.objects.at_or_about(picked).values_list("quote", flat=True)) == expected


def test_exporting_quotes_builds_no_queryset_per_quote_or_speaker(client, record, monkeypatch):
    """The export's prefetches land in lists: held in the related managers instead, Django clones a
    queryset for every quote and every speaker, most of a whole-archive export's time per quote."""
    from django.db.models.query import QuerySet

    from tracker.exports.statements import iter_statement_rows

    clones = []
    real_clone = QuerySet._clone
    monkeypatch.setattr(QuerySet, "_clone", lambda queryset: clones.append(1) or real_clone(queryset))

    def clones_exporting() -> tuple[int, int]:
        clones.clear()
        rows = [row for chunk in iter_statement_rows(Statement.objects.all()) for row in chunk]
        return len(rows), len(clones)

    few, clones_for_few = clones_exporting()
    for number in range(40):
        speaker = make_person(f"Speaker {number}", slug=f"speaker-{number}")
        said = Statement.objects.create(speaker=speaker, event=record["china"], quote=f"Quote {number}.")
        Citation.objects.create(statement=said, source=Source.objects.get(publisher="Yonhap"))
    many, clones_for_many = clones_exporting()
    assert (few, many) == (4, 44)
    assert clones_for_many == clones_for_few


def test_exporting_quotes_reads_only_the_columns_a_row_shows_of_speakers_and_events(record):
    """Read whole, both events' timestamps, coordinates and summaries were converted for every quote."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.exports.statements import iter_statement_rows

    with CaptureQueriesContext(connection) as queries:
        rows = [row for chunk in iter_statement_rows(Statement.objects.all()) for row in chunk]
    quotes_query = next(query["sql"] for query in queries if 'FROM "tracker_statement"' in query["sql"])
    for unshown in ('"summary"', '"updated_at"', '"latitude"', '"native_name"'):
        assert unshown not in quotes_query
    said = next(row for row in rows if row["quote"].startswith("Korea and Japan"))
    assert said["speaker_name"] == "Lee Jae Myung" and said["office_then"].startswith("President")
    assert said["said_at_event_title"] == "Lee–Takaichi summit in Nara"


def test_the_statements_filter_shows_as_chips_and_each_removes_its_value(client, record):
    response = client.get("/statements/?speaker=lee&country=CN")
    chips = {(chip.field_label, chip.label): chip.remove_url for chip in response.context["chips"]}
    assert chips == {
        ("Speaker", "Lee Jae Myung"): "/statements/?country=CN",
        ("Country", "China"): "/statements/?speaker=lee",
    }
    assert 'class="chip chip-speaker"' in response.content.decode()
    assert response.context["clear_url"] == "/statements/"


_PRECISIONS = st.sampled_from(["day", "month", "year"])
_DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2020, 12, 31))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    quotes=st.lists(
        st.tuples(
            st.sampled_from(["ishiba", "kono", None]),  # the speaker, or an unattributed one
            st.none() | st.tuples(_DAYS, _PRECISIONS),  # said_on
            st.none() | st.tuples(_DAYS, _PRECISIONS),  # the event where it was said
            st.booleans(),  # about an event
            st.sampled_from(["", "to Reuters", "an interview with NHK", "  at a briefing  "]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_exported_quote_reads_as_the_model_rules_give_it(quotes):
    """The export reads a quote as cells, not models; its office then, its date and place in words and
    its events' addresses must be what the rules give the model (office_when_said, `when`,
    `said_where`, get_absolute_url), through changes of office within a month and partial dates."""
    from tracker.domain.offices import office_when_said
    from tracker.exports.statements import iter_statement_rows

    Statement.objects.all().delete()
    if not Person.objects.filter(slug="ishiba").exists():  # once: the examples share the test's database
        ishiba = make_person("Shigeru Ishiba", slug="ishiba")
        kono = make_person("Taro Kono", slug="kono")
        make_position(ishiba, make_office("Foreign Minister", kind="minister"), date(2017, 8, 3), date(2019, 9, 11))
        make_position(ishiba, make_office("Prime Minister"), date(2019, 9, 11), date(2020, 3, 15))  # same day
        make_position(ishiba, make_office("Defence Minister", kind="minister"), date(2020, 3, 1))
        make_position(kono, make_office("Foreign Minister", country="KR", kind="minister"), date(2018, 2, 14))
        make_event("About this", slug="about-this")
    speakers = {slug: Person.objects.get(slug=slug) for slug in ("ishiba", "kono")} | {None: None}
    about = Event.objects.get(slug="about-this")
    for number, (speaker, said_on, said_at_event, is_about, said_at) in enumerate(quotes):
        event = None
        if said_at_event or not is_about:
            when, precision = said_at_event or (date(2019, 9, 20), "day")
            event = make_event(start_date=when, date_precision=precision)
        Statement.objects.create(
            quote=f"Quote {number}.",
            speaker=speakers[speaker],
            speaker_description="" if speaker else "an aide",
            said_on=said_on[0] if said_on else None,
            said_on_precision=said_on[1] if said_on else "day",
            said_at=said_at,
            event=event,
            about_event=about if is_about else None,
        )
    rows = {row["quote"]: row for chunk in iter_statement_rows(Statement.objects.in_order()) for row in chunk}
    assert len(rows) == len(quotes)
    for statement in Statement.objects.for_listing():
        row = rows[statement.quote]
        office = office_when_said(statement)
        assert row["office_then"] == (str(office.office) if office else None)
        assert row["said_when"] == (statement.when or None)
        assert row["said_at"] == (statement.said_where or None)
        assert row["said_at_event_url"] == (statement.event.get_absolute_url() if statement.event else None)
        assert row["about_event_url"] == (statement.about_event.get_absolute_url() if statement.about_event else None)
        assert row["speaker_name"] == (statement.speaker.name if statement.speaker else None)
