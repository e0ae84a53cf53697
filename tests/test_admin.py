"""The researchers' workbench: recording a whole event on one admin page."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from tests.factories import make_event, make_office, make_person, make_position, make_source, make_topic
from tracker.models import Event, Series

ADD_URL = "/admin/tracker/event/add/"


def _inline_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def nara_people(db):
    lee, takaichi = make_person("Lee Jae Myung"), make_person("Sanae Takaichi")
    make_position(lee, make_office("President", "KR", kind="head_of_state_and_government"), date(2025, 6, 4))
    make_position(takaichi, make_office("Prime Minister", "JP"), date(2025, 10, 21))
    return lee, takaichi


def _nara_form(lee, takaichi, **overrides) -> dict:
    topics = [make_topic("North Korea"), make_topic("Semiconductors")]
    series = Series.objects.create(name="Korea–Japan shuttle diplomacy", slug="shuttle")
    parent = make_event("APEC", when="31 Oct – 1 Nov 2025", kind=Event.Kind.MULTILATERAL_SUMMIT)
    reuters, yonhap, nhk = make_source("Reuters"), make_source("Yonhap"), make_source("NHK")
    data = {
        "title": "Lee–Takaichi summit in Nara",
        "slug": "nara-summit",
        "kind": "bilateral_summit",
        "when": "13–14 Jan 2026",
        "lifecycle": "held",
        "place_name": "Nara",
        "place_country": "JP",
        "latitude": "34.68510",
        "longitude": "135.80480",
        "host_country": "JP",
        "summary": "Two-day summit.",
        "outcome": "",
        "parent": str(parent.pk),
        "series": str(series.pk),
        "topics": [str(topic.pk) for topic in topics],
        **_inline_management("participations", 2),
        "participations-0-person": str(takaichi.pk),
        "participations-0-role": "host",
        "participations-1-person": str(lee.pk),
        "participations-1-role": "guest",
        **_inline_management("statements", 1),
        "statements-0-speaker": str(lee.pk),
        "statements-0-quote": "Korea and Japan are very important to each other.",
        "statements-0-language": "en",
        "statements-0-medium": "Interview with NHK",
        "statements-0-said": "Jan 2026",
        **_inline_management("citations", 3),
        "citations-0-source": str(reuters.pk),
        "citations-1-source": str(yonhap.pk),
        "citations-2-source": str(nhk.pk),
        "citations-2-locator": "interview",
    }
    data.update(overrides)
    return data


def test_researcher_records_the_nara_summit_on_one_page(client, researcher, nara_people):
    lee, takaichi = nara_people
    response = client.post(ADD_URL, _nara_form(lee, takaichi))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    event = Event.objects.get(slug="nara-summit")
    assert (event.start_date, event.end_date, event.date_precision) == (date(2026, 1, 13), date(2026, 1, 14), "day")
    assert event.when == "13–14 Jan 2026"
    assert event.parent.title == "APEC"
    assert event.series.slug == "shuttle"
    assert event.topics.count() == 2
    roles = dict(event.participations.values_list("person__name", "role"))
    assert roles == {"Lee Jae Myung": "guest", "Sanae Takaichi": "host"}
    assert {p.position.office.title for p in event.participations.all()} == {"President", "Prime Minister"}
    statement = event.statements.get()
    assert statement.when == "Jan 2026" and statement.said_on_precision == "month"
    assert set(event.citations.values_list("source__publisher", flat=True)) == {"Reuters", "Yonhap", "NHK"}
    assert event.created_by == researcher
    assert not event.is_published, "a researcher's event starts as a draft"
    assert set(event.country_links.values_list("country_id", flat=True)) == {"JP", "KR"}


def test_change_page_shows_the_derived_ordinal(client, researcher, nara_people):
    lee, takaichi = nara_people
    client.post(ADD_URL, _nara_form(lee, takaichi))
    event = Event.objects.get(slug="nara-summit")
    page = client.get(f"/admin/tracker/event/{event.pk}/change/").content.decode()
    assert "Lee Jae Myung&#x27;s 1st summit with a Prime Minister of Japan since taking office" in page
    assert "13–14 Jan 2026" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"when": "14–13 Jan 2026"}, "when", "the end is before the start"),
        ({"when": "31 Feb 2026"}, "when", "is not a date"),
        ({"when": "soon"}, "when", "is not a date"),
        ({"statements-0-said": "someday"}, None, "is not a date"),
    ],
)
def test_bad_dates_are_rejected_and_nothing_is_saved(client, researcher, nara_people, overrides, field, message):
    lee, takaichi = nara_people
    response = client.post(ADD_URL, _nara_form(lee, takaichi, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.filter(slug="nara-summit").exists()


def test_second_participation_of_the_same_person_is_rejected(client, researcher, nara_people):
    lee, takaichi = nara_people
    response = client.post(ADD_URL, _nara_form(lee, takaichi, **{"participations-0-person": str(lee.pk)}))
    assert response.status_code == 200
    assert "Please correct the duplicate data for person" in response.content.decode()
    assert not Event.objects.filter(slug="nara-summit").exists()


def test_participant_without_a_position_on_the_date_gets_a_warning(client, researcher, nara_people):
    lee, takaichi = nara_people
    outsider = make_person("Kim Jong-un")
    data = _nara_form(lee, takaichi, **_inline_management("participations", 3))
    data.update({"participations-2-person": str(outsider.pk), "participations-2-role": "participant"})
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Kim Jong-un held no recorded position on 13–14 Jan 2026" in w for w in warnings)


def test_researcher_cannot_publish(client, researcher, nara_people):
    lee, takaichi = nara_people
    client.post(ADD_URL, _nara_form(lee, takaichi, is_published="on"))
    assert Event.objects.get(slug="nara-summit").is_published is False


def test_editor_publishes_a_cited_event(client, editor, nara_people):
    lee, takaichi = nara_people
    response = client.post(ADD_URL, _nara_form(lee, takaichi, is_published="on"))
    assert response.status_code == 302
    event = Event.objects.get(slug="nara-summit")
    assert event.is_published and event.published_at is not None


def test_publishing_without_a_citation_is_refused_with_a_message(client, editor, nara_people):
    lee, takaichi = nara_people
    data = _nara_form(lee, takaichi, is_published="on", **_inline_management("citations", 0))
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "a published event needs at least one citation" in response.content.decode()
    assert not Event.objects.filter(slug="nara-summit").exists()


def test_publish_action_skips_uncited_events(client, editor):
    cited, uncited = make_event("Cited", is_published=False), make_event("Uncited", is_published=False)
    cited.citations.create(source=make_source())
    response = client.post(
        "/admin/tracker/event/",
        {"action": "publish_selected", "_selected_action": [cited.pk, uncited.pk]},
        follow=True,
    )
    assert response.status_code == 200
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.is_published and not uncited.is_published
    assert "“Uncited” was not published" in response.content.decode()


def test_admin_pages_for_every_model_render(admin_client, demo):
    for model in ["event", "person", "position", "office", "statement", "citation", "source", "topic", "series"]:
        assert admin_client.get(f"/admin/tracker/{model}/").status_code == 200
        assert admin_client.get(f"/admin/tracker/{model}/add/").status_code == 200
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    page = admin_client.get(f"/admin/tracker/event/{nara.pk}/change/")
    assert "5th summit with a Prime Minister of Japan" in page.content.decode()
    assert admin_client.get("/admin/tracker/event/?q=Nara").status_code == 200
    found = admin_client.get(
        "/admin/autocomplete/", {"term": "Nara", "app_label": "tracker", "model_name": "event", "field_name": "parent"}
    )
    assert "Lee–Takaichi summit in Nara (13–14 Jan 2026)" in [row["text"] for row in found.json()["results"]]


@pytest.mark.parametrize("gap", ["participants", "countries", "citations", "coordinates", "summary"])
def test_missing_filter_lists_the_events_a_researcher_still_has_to_complete(client, researcher, gap):
    from tracker.domain.derived import refresh_event_countries
    from tracker.models import Citation, Country

    complete = make_event(
        "Complete record",
        participants=[make_person("Lee Jae Myung")],
        host_country=Country.objects.get(code="JP"),
        latitude=34.685,
        longitude=135.805,
        summary="Leaders met in Nara.",
    )
    refresh_event_countries(complete)
    Citation.objects.create(event=complete, source=make_source())
    bare = make_event("Bare record", is_published=False)
    response = client.get("/admin/tracker/event/", {"missing": gap})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [bare]
    assert f"?missing={gap}" in response.content.decode()


def test_an_editor_adds_a_country_and_a_researcher_may_not(client, db):
    from tests.builders_api import make_user
    from tracker.models import Country

    data = {"code": "XY", "name": "Neverland", "official_name": "", "valid_from": "1990-01-01", "valid_until": ""}
    client.force_login(make_user("rita", group="Researcher"))
    assert client.get("/admin/tracker/country/add/").status_code == 403
    assert client.post("/admin/tracker/country/add/", data).status_code == 403
    client.force_login(make_user("eddie", group="Editor"))
    assert client.get("/admin/tracker/country/").status_code == 200
    response = client.post("/admin/tracker/country/add/", data)
    assert response.status_code == 302
    assert Country.objects.get(code="XY").name == "Neverland"
