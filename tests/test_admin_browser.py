"""The Event page in a real browser, signed in through the login form as a Researcher and as an
Editor (never a superuser): every picker is filled by typing and choosing, the draft is saved, and
the page fits a 1,280 px window. Debian's chromium, one launch for the module.
"""

from pathlib import Path

import pytest

from tests.browser import chromium
from tests.builders_api import make_user
from tracker.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
PASSWORD = "pw-long-enough-1"
NARA = "lee-takaichi-nara-2026"
# Each picker on the Event page, what a researcher types into it and the choice expected first.
PICKS = [
    ("id_place_country", "Japan", "Japan"),
    ("id_host_country", "Japan", "Japan"),
    ("id_host_organization", "APEC", "APEC"),
    ("id_party_countries", "South Korea", "South Korea"),
    ("id_party_organizations", "G7", "G7"),
    ("id_parent", "APEC Economic", "APEC Economic Leaders' Meeting in Gyeongju"),
    ("id_series", "shuttle", "Korea–Japan shuttle diplomacy"),
    ("id_topics", "North Korea", "North Korea"),
    ("id_participations-0-person", "Takaichi", "Sanae Takaichi"),
    ("id_participations-0-position", "Takaichi", "Sanae Takaichi, Prime Minister of Japan"),
    ("id_participations-0-represented_country", "Japan", "Japan"),
    ("id_participations-0-represented_organization", "APEC", "APEC"),
    ("id_statements-0-speaker", "Takaichi", "Sanae Takaichi"),
    ("id_statements-0-about_event", "lee-takaichi-nara", "Lee–Takaichi summit in Nara"),
    ("id_citations-0-source", "Reuters", "Reuters: Report on the Nara summit"),
]


@pytest.fixture
def demo(transactional_db):
    """The demo data for a live server test (tests/conftest.py reseeds countries after each flush)."""
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def sign_in(page, live_server, role: str) -> None:
    """Through the admin's login form, as a person of that group would."""
    make_user(role.lower(), group=role, password=PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", role.lower())
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "/admin/login/" not in page.url


def pick(page, select_id: str, term: str, expected: str) -> None:
    """Click the select2 box, type, wait for the server's answer to what was typed, check the first
    choice is the one expected and take it."""
    page.locator(f"#{select_id} + .select2-container .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url and "term=" in response.url):
        search.fill(term)
    first = page.locator(".select2-container--open .select2-results__option[aria-selected]").first
    expect(first).to_contain_text(expected)
    first.click()
    expect(page.locator(f"#{select_id} option:checked")).to_have_count(1)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("role", ["Researcher", "Editor"])
def test_every_picker_on_the_event_page_works_and_the_draft_keeps_them(page, live_server, demo, role):
    sign_in(page, live_server, role)
    page.goto(f"{live_server.url}/admin/tracker/event/add/")
    page.fill("#id_title", "Takaichi–Lee talks in Nara")
    expect(page.locator("#id_slug")).to_have_value("takaichi-lee-talks-in-nara")
    page.select_option("#id_kind", "bilateral_summit")
    page.fill("#id_when", "20 Feb 2026")
    page.fill("#id_place_name", "Nara")
    page.locator("#statements-group .add-row a").click()
    page.fill("#id_statements-0-quote", "We spoke about North Korea.")
    for select_id, term, expected in PICKS:
        pick(page, select_id, term, expected)
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")
    event = Event.objects.get(slug="takaichi-lee-talks-in-nara")
    assert (event.place_country_id, event.host_country_id) == ("JP", "JP")
    assert event.host_organization.acronym == "APEC" and event.series.name == "Korea–Japan shuttle diplomacy"
    assert list(event.party_countries.values_list("code", flat=True)) == ["KR"]
    assert list(event.topics.values_list("name", flat=True)) == ["North Korea"]
    assert event.parent.title == "APEC Economic Leaders' Meeting in Gyeongju"
    participation = event.participations.get()
    assert (participation.person.name, participation.represented_country_id) == ("Sanae Takaichi", "JP")
    assert event.statements.get().about_event.slug == NARA
    assert event.citations.get().source.publisher == "Reuters"
    assert not event.is_published and event.created_by.username == role.lower()


@pytest.mark.parametrize("which", ["add", "change"])
@pytest.mark.parametrize("role", ["Researcher", "Editor"])
def test_the_event_page_fits_a_1280_pixel_window(page, live_server, demo, role, which):
    """At 1,280 × 900, beside the navigation sidebar; the participants table made it 1,638 px wide.
    (A Researcher's change page of the published Nara summit is read-only: it must fit too.)"""
    sign_in(page, live_server, role)
    nara = Event.objects.get(slug=NARA)
    url = "/admin/tracker/event/add/" if which == "add" else f"/admin/tracker/event/{nara.pk}/change/"
    page.goto(f"{live_server.url}{url}")
    page.wait_for_selector("#participations-group")
    page.locator(".kind-help summary").first.click() if which == "add" else None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-event-{which}-{role.lower()}.png"), full_page=True)
    assert page_width(page) <= 1280, page.evaluate(WIDEST)


# The elements that stick out furthest, for the failure message.
WIDEST = """(() => [...document.querySelectorAll('body *')]
    .map((el) => [el.getBoundingClientRect().right, el.tagName + '#' + el.id + '.' + el.className])
    .sort((a, b) => b[0] - a[0]).slice(0, 8))()"""
