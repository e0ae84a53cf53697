"""Quotes as they happen, recorded on the Event page: about this event, said elsewhere (an interview
days before), with their own source, and unattributed ("a senior official"). As a Researcher and as
an Editor."""

import re
from datetime import date

import pytest
from django.test import Client

from tests.builders_api import make_event, make_person, make_user
from tracker.models import Citation, Event, Source, Statement

ROLES = ["Researcher", "Editor"]


@pytest.fixture(params=ROLES)
def signed_in(request, db) -> Client:
    client = Client()
    client.force_login(make_user(request.param.lower(), group=request.param))
    client.role = request.param
    return client


def _rows(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items() if value is not None})
    return data


def event_page(event: Event, *, about: list[dict] = (), about_initial: int = 0) -> dict:
    """What the Event page posts: its fields unchanged, its citations kept, and the quotes about it."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "when": event.when,
        "lifecycle": event.lifecycle,
        "summary": "",
        "outcome": "",
        "place_name": "",
        **_rows("participations", []),
        **_rows("statements", []),
        **_rows("statements_about", list(about), initial=about_initial),
    }
    if event.is_published:
        data["is_published"] = "on"
    citations = [{"id": c.pk, "event": event.pk, "source": c.source_id} for c in event.citations.all()]
    data.update(_rows("citations", citations, initial=len(citations)))
    return data


def _post(client: Client, event: Event, data: dict):
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", data)
    errors = response.context["errors"] if response.status_code == 200 and response.context else None
    return response, errors


@pytest.fixture
def nara(db) -> Event:
    return make_event("Lee–Takaichi summit in Nara", published=False, cited=True, start_date=date(2026, 1, 13))


def test_quotes_about_an_event_said_elsewhere_are_recorded_on_its_page(signed_in, nara):
    lee = make_person("Lee Jae Myung")
    interview = make_event("Interview with NHK", published=False, kind=Event.Kind.INTERVIEW)
    nhk, reuters = Source.objects.create(publisher="NHK"), Source.objects.create(publisher="Reuters")
    quotes = [
        {
            "speaker": lee.pk,
            "quote": "Korea and Japan are very important to each other.",
            "said_at": "an interview with NHK",
            "said": "Jan 2026",
            "language": "en",
            "source": nhk.pk,
            "locator": "04:12",
        },
        {
            "speaker": lee.pk,
            "quote": "Talks with North Korea are very important.",
            "event": interview.pk,
            "said": "Jan 2026",
            "language": "en",
        },
        {
            "speaker_description": "a senior official",
            "quote": "We expect modest results.",
            "said_at": "to reporters",
            "said": "12 Jan 2026",
            "language": "en",
            "source": reuters.pk,
        },
    ]
    response, errors = _post(signed_in, nara, event_page(nara, about=quotes))
    assert response.status_code == 302, errors
    saved = Statement.objects.filter(about_event=nara).order_by("id")
    assert [(q.attribution, q.event, q.said_where, q.when) for q in saved] == [
        ("Lee Jae Myung", None, "in an interview with NHK", "Jan 2026"),
        ("Lee Jae Myung", interview, "", "Jan 2026"),
        ("unattributed (a senior official)", None, "to reporters", "12 Jan 2026"),
    ]
    assert not nara.statements.exists(), "nothing typed on the summit's page is stored as said at the summit"
    cited = [[(c.source.publisher, c.locator) for c in quote.citations.all()] for quote in saved]
    assert cited == [[("NHK", "04:12")], [], [("Reuters", "")]]


def test_a_quotes_source_is_changed_and_removed_from_its_row(signed_in, nara):
    quote = Statement.objects.create(
        speaker_description="analysts", quote="Room to manoeuvre.", said_at="to Reuters", about_event=nara
    )
    reuters, yonhap = Source.objects.create(publisher="Reuters"), Source.objects.create(publisher="Yonhap")
    Citation.objects.create(statement=quote, source=reuters, locator="para 3")
    row = {"id": quote.pk, "about_event": nara.pk, "speaker_description": "analysts", "quote": quote.quote}
    row.update({"said_at": "to Reuters", "language": "en"})

    page = signed_in.get(f"/admin/tracker/event/{nara.pk}/change/").content.decode()
    assert 'name="statements_about-0-locator" value="para 3"' in page

    response, errors = _post(
        signed_in, nara, event_page(nara, about=[{**row, "source": yonhap.pk, "locator": "para 4"}], about_initial=1)
    )
    assert response.status_code == 302, errors
    assert list(quote.citations.values_list("source__publisher", "locator")) == [("Yonhap", "para 4")]

    response, errors = _post(signed_in, nara, event_page(nara, about=[{**row, "source": ""}], about_initial=1))
    assert response.status_code == 302, errors
    assert not quote.citations.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Choose the speaker, or leave it blank and describe an unattributed one"),
        ({"speaker_description": "officials"}, "not both"),
        ({"locator": "p. 2", "speaker_description": ""}, "Choose the source the locator points into."),
    ],
)
def test_a_quote_needs_a_speaker_or_a_description_not_both(signed_in, nara, fields, message):
    lee = make_person("Lee Jae Myung")
    row = {"speaker": lee.pk if "speaker_description" in fields else None, "quote": "Hm.", "language": "en"}
    response, errors = _post(signed_in, nara, event_page(nara, about=[{**row, **fields}]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Statement.objects.exists()


@pytest.mark.parametrize("change", ["edit", "delete", "said at"])
def test_a_quote_about_a_draft_stays_the_researchers_until_the_draft_is_published(signed_in, nara, change):
    """On a draft's page, a quote about it said at a published event is hidden from readers with the
    draft (tracker.models.visibility), so a researcher may still change it; only deleting needs an
    editor, as everywhere."""
    press = make_event("Press conference in Seoul", published=True, cited=True)
    if change == "said at":
        rows, initial = [{"speaker_description": "officials", "quote": "New.", "language": "en", "event": press.pk}], 0
    else:
        quote = Statement.objects.create(speaker_description="officials", quote="Old.", event=press, about_event=nara)
        row = {"id": quote.pk, "about_event": nara.pk, "speaker_description": "officials", "language": "en"}
        row.update({"event": press.pk, "quote": "Changed." if change == "edit" else "Old."})
        rows, initial = [{**row, "DELETE": "on"} if change == "delete" else row], 1
    before = list(Statement.objects.values_list("pk", "quote"))
    response, errors = _post(signed_in, nara, event_page(nara, about=rows, about_initial=initial))
    after = list(Statement.objects.values_list("pk", "quote"))
    if signed_in.role == "Editor" or change != "delete":
        assert response.status_code == 302, errors
        assert after != before
    else:  # researchers delete nothing anywhere: the page offers them no delete box
        assert after == before


def test_a_quote_about_a_published_event_is_editor_only_on_its_own_page(signed_in):
    published = make_event("Nara summit", published=True, cited=True)
    quote = Statement.objects.create(speaker_description="a senior official", quote="Old.", about_event=published)
    data = {"speaker_description": "a senior official", "quote": "New.", "language": "en"}
    data.update({"about_event": published.pk, **_rows("citations", [])})
    signed_in.post(f"/admin/tracker/statement/{quote.pk}/change/", data)
    quote.refresh_from_db()
    assert quote.quote == ("New." if signed_in.role == "Editor" else "Old.")


def test_the_event_page_offers_both_quote_inlines_with_a_source_picker(signed_in, nara):
    elsewhere = make_event("Busan talks", published=False)
    Statement.objects.create(speaker_description="officials", quote="Said at Nara.", event=nara, about_event=elsewhere)
    Statement.objects.create(
        speaker_description="officials", quote="Said at and about Nara.", event=nara, about_event=nara
    )
    Source.objects.create(publisher="NHK", title="Interview with President Lee")
    page = signed_in.get(f"/admin/tracker/event/{nara.pk}/change/").content.decode()
    assert "Quotes about this event (said here or elsewhere)" in page
    assert "Other quotes said at this event (about another event, or none)" in page
    # Each quote once: the one about Nara in the first inline, the other in the second.
    assert page.count("Said at and about Nara.</textarea>") == 1 and page.count("Said at Nara.</textarea>") == 1
    assert 'name="statements_about-0-speaker_description"' in page
    assert 'name="statements-0-about_event"' in page
    source_picker = re.search(r'<select[^>]*name="statements_about-0-source"[^>]*>', page).group()
    assert "admin-autocomplete" in source_picker and 'data-field-name="source"' in source_picker
    found = signed_in.get(
        "/admin/autocomplete/",
        {"term": "NHK", "app_label": "tracker", "model_name": "citation", "field_name": "source"},
    )
    assert [row["text"] for row in found.json()["results"]] == ["NHK: Interview with President Lee"]


def test_a_published_events_quotes_show_to_a_researcher_read_only(client, researcher):
    published = make_event("Nara summit", published=True, cited=True)
    quote = Statement.objects.create(speaker_description="analysts", quote="Room to manoeuvre.", about_event=published)
    Citation.objects.create(statement=quote, source=Source.objects.create(publisher="Reuters"), locator="para 3")
    response = client.get(f"/admin/tracker/event/{published.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Room to manoeuvre." in page and "analysts" in page
    assert 'name="statements_about-0-quote"' not in page
