"""*Events → Draft from an article*, as a Researcher and as an Editor use it: paste, check the
pre-filled form and its evidence, save (a draft), and nothing is saved before that."""

import os

import pytest

from tracker.models import Event, Statement

DRAFT_URL = "/admin/tracker/event/draft/"
FOUNDING_PATH = os.environ.get("FOUNDING_ARTICLE", "/work/shared/reference/nara-summit-article.txt")
ARTICLE = (
    "SEOUL, May 4 (Yonhap) — President Lee Jae Myung will hold a summit with Prime Minister Sanae Takaichi "
    "in Busan on Friday, his office said, with chips and fisheries on the agenda.\n\n"
    "“We will keep meeting until meeting is ordinary,” Lee told reporters.\n"
)


@pytest.fixture(params=["researcher", "editor"])
def staff(request, demo, client):
    """Signed in as a Researcher, then as an Editor, with the demo records loaded."""
    return request.getfixturevalue(request.param)


def _paste(client, text: str = ARTICLE, published: str = "2026-05-06", url: str = "https://en.yna.co.kr/view/x"):
    return client.post(DRAFT_URL, {"text": text, "published": published, "url": url})


def _form_data(response) -> dict:
    """What the browser would post back from the page as it was drawn, untouched."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", False, []):
            data[name] = [str(item) for item in value] if isinstance(value, list) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, "", False):
                    data[row.add_prefix(name)] = str(value)
    return data


def test_the_event_list_links_to_the_draft_page(client, staff):
    page = client.get("/admin/tracker/event/").content.decode()
    assert f'href="{DRAFT_URL}"' in page and "Draft from an article" in page


def test_the_draft_page_asks_for_text_url_and_date(client, staff):
    page = client.get(DRAFT_URL)
    assert page.status_code == 200
    assert {"text", "url", "published"} <= set(page.context["form"].fields)


def test_readers_cannot_reach_the_draft_page(client, demo):
    assert client.get(DRAFT_URL).status_code == 302  # to the sign-in page


def test_pasting_opens_the_add_form_and_saves_nothing(client, staff):
    before = (Event.objects.count(), Statement.objects.count())
    response = _paste(client)
    assert response.status_code == 302 and response["Location"].startswith("/admin/tracker/event/add/?draft=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (Event.objects.count(), Statement.objects.count()) == before
    initial = page.context["adminform"].form.initial
    assert (initial["title"], initial["kind"], initial["when"]) == (
        "Lee–Takaichi summit in Busan",
        "bilateral_summit",
        "8 May 2026",
    )
    assert (initial["place_name"], initial["host_country"], initial["is_published"]) == ("Busan", "KR", False)


def test_the_form_shows_the_evidence_of_each_suggestion(client, staff):
    page = client.get(_paste(client)["Location"]).content.decode()
    assert 'id="draft-evidence"' in page
    assert '<q class="draft-evidence">on Friday</q>' in page
    assert '<q class="draft-evidence">Busan</q>' in page
    assert "says where the report was filed" in page  # the dateline, SEOUL, is not the place


def test_participants_and_quotes_are_filled_in(client, staff):
    page = client.get(_paste(client)["Location"])
    formsets = {type(inline.opts).__name__: inline.formset for inline in page.context["inline_admin_formsets"]}
    people = [form.initial.get("person") for form in formsets["ParticipationInline"].forms]
    roles = [form.initial.get("role") for form in formsets["ParticipationInline"].forms]
    assert len([person for person in people if person]) == 2 and set(roles) == {"host", "guest"}
    quotes = [form.initial.get("quote") for form in formsets["QuotesAboutInline"].forms]
    assert quotes == ["We will keep meeting until meeting is ordinary"]


@pytest.mark.skipif(not os.path.exists(FOUNDING_PATH), reason="the founding article is not here")
def test_likely_duplicates_are_shown_at_once(client, staff):
    with open(FOUNDING_PATH, encoding="utf-8") as handle:
        response = _paste(client, handle.read(), "2026-01-12", "")
    page = client.get(response["Location"])
    assert [match.event.slug for match in page.context["draft_duplicates"]][:1] == ["lee-takaichi-nara-2026"]
    assert 'id="draft-duplicates"' in page.content.decode()


def test_saving_the_prefilled_form_records_a_draft(client, staff):
    page = client.get(_paste(client)["Location"])
    before = Event.objects.count()
    saved = client.post(page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"], _form_data(page))
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    assert Event.objects.count() == before + 1
    event = Event.objects.latest("created_at")
    assert (event.title, event.is_published, event.place_name) == ("Lee–Takaichi summit in Busan", False, "Busan")
    assert sorted(event.participations.values_list("person__slug", "role")) == [
        ("lee-jae-myung", "host"),
        ("sanae-takaichi", "guest"),
    ]
    (quote,) = event.statements_about.all()
    assert (quote.quote, quote.speaker.slug) == ("We will keep meeting until meeting is ordinary", "lee-jae-myung")


@pytest.mark.parametrize(
    ("values", "field"),
    [({"text": "", "published": "2026-05-06"}, "text"), ({"text": "Talks.", "published": "soon"}, "published"),
     ({"text": "Talks.", "published": "2026-05", "url": "not a url"}, "url")],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(client, staff, values, field):
    response = client.post(DRAFT_URL, values)
    assert response.status_code == 400 and field in response.context["form"].errors


def test_a_stale_draft_token_opens_an_empty_form(client, staff):
    page = client.get("/admin/tracker/event/add/?draft=nothing-here")
    assert page.status_code == 200 and "draft_rows" not in page.context
