"""Dates in the admin are typed as researchers write them and read by the one parser: the event's
Date(s), a source's published and accessed days, a position's start and end, each followed by what
was understood. Tested as a Researcher and as an Editor."""

from datetime import date

import pytest

from tests.builders_api import make_user
from tests.factories import make_office, make_person, make_position
from tracker.models import Country, Event, Position, Source

ROLES = ["Researcher", "Editor"]


@pytest.fixture(params=ROLES)
def staff(request, db, client):
    """A signed-in member of each editorial group in turn."""
    user = make_user(request.param.lower(), group=request.param)
    client.force_login(user)
    return user


def _event_form(**overrides) -> dict:
    data = {
        "title": "Lee–Takaichi summit in Nara",
        "slug": "nara-summit",
        "kind": "bilateral_summit",
        "when": "January 13-14, 2026",
        "lifecycle": "held",
    }
    for prefix in ("participations", "statements", "citations"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides


def test_the_reported_event_date_saves_and_is_shown_as_understood(client, staff):
    response = client.post("/admin/tracker/event/add/", _event_form())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    event = Event.objects.get(slug="nara-summit")
    assert (event.start_date, event.end_date, event.date_precision) == (date(2026, 1, 13), date(2026, 1, 14), "day")
    page = client.get(f"/admin/tracker/event/{event.pk}/change/").content.decode()
    assert 'value="13–14 Jan 2026"' in page
    assert "Understood as 13–14 Jan 2026 (day precision)" in page


def test_a_form_shown_again_says_what_its_date_was_understood_as(client, staff):
    response = client.post("/admin/tracker/event/add/", _event_form(title="", when="Jan 13–14, 2026"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Understood as 13–14 Jan 2026 (day precision)" in page
    assert "has a time of day" not in page


def test_an_ambiguous_event_date_is_a_form_error_naming_both_readings(client, staff):
    response = client.post("/admin/tracker/event/add/", _event_form(when="01/02/2026"))
    assert response.status_code == 200
    assert "could be 1 Feb 2026 or 2 Jan 2026" in response.content.decode()
    assert not Event.objects.exists()


def test_the_date_fields_load_the_script_that_says_what_they_understood(client, staff):
    for url in ("/admin/tracker/event/add/", "/admin/tracker/source/add/", "/admin/tracker/person/add/"):
        page = client.get(url).content.decode()
        assert 'src="/static/tracker/admin-dates.js"' in page, url
        assert 'data-read-url="/admin/tracker/read-date.json"' in page, url


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        (
            {"text": "January 13-14, 2026"},
            {"understood": "13–14 Jan 2026 (day precision)", "start": "2026-01-13", "end": "2026-01-14"},
        ),
        ({"text": "Oct 2025"}, {"understood": "Oct 2025 (month precision)", "precision": "month"}),
        ({"text": "13 Jann 2026"}, {"error": "'13 Jann 2026' is not a date (could not read 'Jann')"}),
        ({"text": "January 13, 2026", "one_day": "1"}, {"understood": "13 Jan 2026 (day precision)"}),
        (
            {"text": "Jan 2026", "one_day": "1"},
            {"error": "'Jan 2026' is a whole month; this date is kept to the day, "},
        ),
    ],
)
def test_the_staff_date_reader_answers_what_the_parser_understood(client, staff, query, answer):
    response = client.get("/admin/tracker/read-date.json", query)
    assert response.status_code == 200
    found = response.json()
    for key, value in answer.items():
        assert found[key].startswith(value), (key, found)


def test_the_date_reader_is_for_staff_only(client, db):
    response = client.get("/admin/tracker/read-date.json", {"text": "13 Jan 2026"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("popup", [False, True])
def test_a_source_takes_its_dates_as_researchers_type_them(client, staff, popup):
    data = {"publisher": "Yonhap", "title": "Lee arrives in Nara", "published_on": "13 Jan 2026"}
    data["accessed_on"] = "January 13, 2026"
    url = "/admin/tracker/source/add/" + ("?_to_field=id&_popup=1" if popup else "")
    response = client.post(url, data | ({"_popup": "1"} if popup else {}))
    assert response.status_code == (200 if popup else 302)
    source = Source.objects.get(title="Lee arrives in Nara")
    assert (source.published_on, source.accessed_on) == (date(2026, 1, 13), date(2026, 1, 13))
    page = client.get(f"/admin/tracker/source/{source.pk}/change/").content.decode()
    assert 'value="13 Jan 2026"' in page
    assert "Understood as 13 Jan 2026 (day precision)" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Jan 2026", "is a whole month; this date is kept to the day, so give the day"),
        ("13–14 Jan 2026", "is 2 days; give one day"),
        ("12/05/2026", "could be 12 May 2026 or 5 Dec 2026"),
        ("13 Jann 2026", "could not read &#x27;Jann&#x27;"),
    ],
)
def test_a_source_date_that_is_not_one_day_is_a_form_error_saying_what_to_give(client, staff, typed, message):
    response = client.post(
        "/admin/tracker/source/add/", {"publisher": "Yonhap", "title": "Report", "published_on": typed}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.exists()


def _person_form(person, *rows: tuple[str, str, str]) -> dict:
    data = {"name": person.name, "native_name": "", "slug": person.slug, "born": "", "notes": ""}
    data |= {"positions-TOTAL_FORMS": str(len(rows)), "positions-INITIAL_FORMS": "0"}
    data |= {"aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}  # the person page's aliases inline
    for number, (office, start, end) in enumerate(rows):
        data |= {
            f"positions-{number}-office": office,
            f"positions-{number}-start_date": start,
            f"positions-{number}-end_date": end,
        }
    return data


def test_positions_on_the_person_page_take_dates_as_researchers_type_them(client, staff):
    person = make_person("Sanae Takaichi")
    office, minister = make_office("Prime Minister", "JP"), make_office("Minister of Economic Security", "JP")
    rows = [(str(office.pk), "21 October 2025", ""), (str(minister.pk), "Sept 13, 2022", "August 10th, 2023")]
    response = client.post(f"/admin/tracker/person/{person.pk}/change/", _person_form(person, *rows))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    held = {(p.office.title, p.start_date, p.end_date) for p in person.positions.all()}
    assert held == {
        ("Prime Minister", date(2025, 10, 21), None),
        ("Minister of Economic Security", date(2022, 9, 13), date(2023, 8, 10)),
    }
    page = client.get(f"/admin/tracker/person/{person.pk}/change/").content.decode()
    assert 'value="21 Oct 2025"' in page
    assert "Understood as 21 Oct 2025 (day precision)" in page


def test_a_position_start_given_as_a_month_is_a_form_error_on_the_person_page(client, staff):
    person = make_person("Sanae Takaichi")
    office = make_office("Prime Minister", "JP")
    response = client.post(
        f"/admin/tracker/person/{person.pk}/change/", _person_form(person, (str(office.pk), "Oct 2025", ""))
    )
    assert response.status_code == 200
    assert "&#x27;Oct 2025&#x27; is a whole month" in response.content.decode()
    assert not Position.objects.exists()


@pytest.mark.parametrize("typed", ["13 Jan 2026", "January 13, 2026"])
def test_a_position_on_its_own_page_takes_dates_as_researchers_type_them(client, staff, typed):
    person, office = make_person("Lee Jae Myung"), make_office("President", "KR")
    data = {"person": str(person.pk), "office": str(office.pk), "start_date": typed, "end_date": ""}
    response = client.post("/admin/tracker/position/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Position.objects.get(person=person).start_date == date(2026, 1, 13)


def test_an_unchanged_position_row_is_saved_as_it_was(client, staff):
    person = make_person("Lee Jae Myung")
    position = make_position(person, make_office("President", "KR"), date(25, 6, 4))
    data = _person_form(person, (str(position.office_id), "4 Jun 0025", ""))
    data |= {"positions-INITIAL_FORMS": "1", "positions-0-id": str(position.pk), "positions-0-person": str(person.pk)}
    response = client.post(f"/admin/tracker/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    position.refresh_from_db()
    assert position.start_date == date(25, 6, 4)


def test_an_editor_dates_a_former_state_as_typed(client, db):
    client.force_login(make_user("eddie", group="Editor"))
    data = {"code": "XZ", "name": "Former union", "official_name": "", "is_former": "on"}
    data |= {"valid_from": "30 December 1922", "valid_until": "December 26, 1991"}
    response = client.post("/admin/tracker/country/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    country = Country.objects.get(code="XZ")
    assert (country.valid_from, country.valid_until) == (date(1922, 12, 30), date(1991, 12, 26))


@pytest.mark.browser
def test_a_date_field_says_what_it_understood_while_a_researcher_types(live_server, db):
    """The live echo, in Debian's chromium under the site's CSP: typed text, the server's answer."""
    sync_api = pytest.importorskip("playwright.sync_api")
    make_user("rita", group="Researcher", password="a-long-researcher-password")
    violations: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda line: violations.append(line.text) if "Content Security" in line.text else None)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "rita")
        page.fill("#id_password", "a-long-researcher-password")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/tracker/event/add/")
        echo = page.locator("#id_when + .partial-date-understood")
        page.fill("#id_when", "January 13-14, 2026")
        sync_api.expect(echo).to_have_text("Understood as 13–14 Jan 2026 (day precision)")
        page.fill("#id_when", "01/02/2026")
        sync_api.expect(echo).to_contain_text("could be 1 Feb 2026 or 2 Jan 2026")
        sync_api.expect(echo).to_have_class("partial-date-understood is-error")
        page.goto(f"{live_server.url}/admin/tracker/source/add/?_to_field=id&_popup=1")
        page.fill("#id_accessed_on", "Jan 2026")
        sync_api.expect(page.locator("#id_accessed_on + .partial-date-understood")).to_contain_text("give the day")
        page.fill("#id_accessed_on", "January 13, 2026")
        sync_api.expect(page.locator("#id_accessed_on + .partial-date-understood")).to_have_text(
            "Understood as 13 Jan 2026 (day precision)"
        )
        browser.close()
    assert violations == []
