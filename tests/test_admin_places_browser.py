"""The place lookup as a Researcher meets it on the Event add page, in Debian's chromium: type a
place, choose it with the keyboard, see the country and coordinates filled, save a draft.

A screenshot of the open suggestions goes to artifacts/screenshots/ (gitignored) for a person to look at.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.builders_api import make_user
from tracker.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
PASSWORD = "pw-long-enough-1"


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def researcher_page(browser, live_server):
    make_user("places-researcher", group="Researcher", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/tracker/event/add/")
    page.fill("#id_username", "places-researcher")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/tracker/event/add/")
    yield page
    context.close()


def test_researcher_picks_nara_by_keyboard_and_saves_the_place_in_a_draft(researcher_page):
    page = researcher_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.fill("#id_title", "Summit in Nara")
    page.select_option("#id_kind", "bilateral_summit")
    page.fill("#id_when", "13–14 Jan 2026")

    page.click("#id_place_name")
    page.keyboard.type("Nara", delay=30)
    first = page.locator("#place-suggestions [role=option]").first
    first.wait_for(timeout=60_000)  # the first lookup may wait for the gazetteer to load
    assert "Japan" in first.inner_text()
    assert page.get_attribute("#id_place_name", "aria-expanded") == "true"

    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#id_place_name", "aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("fieldset", has=page.locator("#id_place_name")).screenshot(path=str(SCREENSHOTS / "admin-places.png"))
    page.keyboard.press("Enter")  # chooses; the form is not submitted

    assert page.locator("#place-suggestions").is_hidden()
    assert page.input_value("#id_place_name") == "Nara"
    assert page.input_value("#id_latitude") == "34.68505"
    assert page.input_value("#id_longitude") == "135.80485"
    assert page.input_value("#id_place_country") == "JP"
    assert "Japan" in page.inner_text(".field-place_country .select2-selection__rendered")
    assert "GeoNames" in page.inner_text(".field-place_name")

    # The researcher can still correct what the lookup filled.
    page.fill("#id_longitude", "135.80500")

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/tracker/event/")
    event = Event.objects.get(title="Summit in Nara")
    assert (event.place_name, event.place_country_id) == ("Nara", "JP")
    assert (event.latitude, event.longitude) == (Decimal("34.68505"), Decimal("135.80500"))
    assert event.is_published is False
    assert errors == []
