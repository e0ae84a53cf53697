"""A whole event entered as the researchers' workbench is used, in Debian's chromium, signed in
through the login form and never as a superuser: a Researcher records a summit from a report
(participants with their offices, the place looked up, a quote said elsewhere, topics, a citation)
and saves a draft; an Editor opens that draft and publishes it; a reader then sees it. An Editor
recording and publishing in one save is the second path.
"""

from decimal import Decimal

import pytest
from django.test import Client

from tests.browser import chromium
from tests.builders_api import make_user
from tracker.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-long-enough-1"
TITLE = "Lee–Takaichi talks in Nara on the shuttle visits"
SLUG = "lee-takaichi-talks-in-nara-on-the-shuttle-visits"  # the slug the page suggests from the title
QUOTE = "We will keep meeting every few months, in each other's home towns."


@pytest.fixture
def demo(transactional_db):
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def signed_in_page(browser, live_server, username: str, role: str):
    make_user(username, group=role, password=PASSWORD)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda error: pytest.fail(f"script error on {page.url}: {error}"))
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "/admin/login/" not in page.url
    return context, page


def pick(page, select_id: str, term: str, expected: str) -> None:
    """Type into the select2 box and take the first choice once the server has answered the term."""
    page.locator(f"#{select_id} + .select2-container .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url and "term=" in response.url):
        search.fill(term)
    first = page.locator(".select2-container--open .select2-results__option[aria-selected]").first
    expect(first).to_contain_text(expected)
    first.click()


def enter_whole_event(page, live_server) -> None:
    """What a researcher types for one summit, field by field, as the report gives it."""
    page.goto(f"{live_server.url}/admin/tracker/event/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "bilateral_summit")
    page.fill("#id_when", "20–21 Feb 2026")

    # The place, looked up by keyboard: the lookup fills its country and coordinates.
    page.click("#id_place_name")
    page.keyboard.type("Nara", delay=30)
    page.locator("#place-suggestions [role=option]").first.wait_for(timeout=60_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_place_country")).to_have_value("JP")

    pick(page, "id_host_country", "Japan", "Japan")
    pick(page, "id_party_countries", "South Korea", "South Korea")
    pick(page, "id_series", "shuttle", "Korea–Japan shuttle diplomacy")
    pick(page, "id_topics", "North Korea", "North Korea")
    page.fill("#id_summary", "The two leaders met again in Nara, continuing their shuttle visits.")

    # Participants with the offices they held then.
    pick(page, "id_participations-0-person", "Takaichi", "Sanae Takaichi")
    pick(page, "id_participations-0-position", "Takaichi", "Sanae Takaichi, Prime Minister of Japan")
    pick(page, "id_participations-0-represented_country", "Japan", "Japan")
    page.locator("#participations-group .add-row a").click()
    pick(page, "id_participations-1-person", "Lee Jae", "Lee Jae Myung")
    pick(page, "id_participations-1-position", "Lee Jae", "Lee Jae Myung")
    pick(page, "id_participations-1-represented_country", "South Korea", "South Korea")

    # A quote about this summit, said before it in an interview, with the report it comes from.
    page.locator("#statements_about-group .add-row a").click()
    pick(page, "id_statements_about-0-speaker", "Lee Jae", "Lee Jae Myung")
    page.fill("[name='statements_about-0-quote']", QUOTE)
    page.fill("[name='statements_about-0-said_at']", "an interview with NHK")
    page.fill("[name='statements_about-0-said']", "18 Feb 2026")
    pick(page, "id_statements_about-0-source", "NHK", "NHK")

    # The report that the event itself cites.
    pick(page, "id_citations-0-source", "Reuters", "Reuters")
    page.fill("[name='citations-0-locator']", "para. 2")


def assert_recorded_whole(event: Event) -> None:
    assert (event.kind, str(event.start_date), str(event.end_date)) == ("bilateral_summit", "2026-02-20", "2026-02-21")
    assert (event.place_name, event.place_country_id, event.host_country_id) == ("Nara", "JP", "JP")
    assert (event.latitude, event.longitude) == (Decimal("34.68505"), Decimal("135.80485"))
    assert list(event.party_countries.values_list("code", flat=True)) == ["KR"]
    assert list(event.topics.values_list("name", flat=True)) == ["North Korea"]
    assert event.series.name == "Korea–Japan shuttle diplomacy"
    held = {
        participation.person.name: (participation.position.office.title, participation.represented_country_id)
        for participation in event.participations.select_related("person", "position__office")
    }
    assert held == {"Sanae Takaichi": ("Prime Minister", "JP"), "Lee Jae Myung": ("President", "KR")}
    quote = event.statements_about.get()
    assert (quote.speaker.name, quote.quote, quote.said_where, str(quote.said_on)) == (
        "Lee Jae Myung",
        QUOTE,
        "in an interview with NHK",
        "2026-02-18",
    )
    assert list(quote.citations.values_list("source__publisher", flat=True)) == ["NHK"]
    assert list(event.citations.values_list("source__publisher", "locator")) == [("Reuters", "para. 2")]


def assert_a_reader_sees_it() -> None:
    page = Client().get(f"/events/{SLUG}/")
    assert page.status_code == 200
    text = page.content.decode()
    for shown in (TITLE, "Nara", "Sanae Takaichi", "Lee Jae Myung", "North Korea", "Reuters"):
        assert shown in text, shown


def test_a_researcher_records_a_summit_as_a_draft_and_an_editor_publishes_it(browser, live_server, demo):
    context, page = signed_in_page(browser, live_server, "rhea", "Researcher")
    try:
        enter_whole_event(page, live_server)
        # A Researcher cannot publish: the box is not on the page, only its value.
        assert page.locator("#id_is_published").count() == 0
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
    finally:
        context.close()
    event = Event.objects.get(slug=SLUG)
    assert not event.is_published and event.created_by.username == "rhea"
    assert_recorded_whole(event)
    assert Client().get(f"/events/{SLUG}/").status_code == 404

    context, page = signed_in_page(browser, live_server, "edda", "Editor")
    try:
        page.goto(f"{live_server.url}/admin/tracker/event/{event.pk}/change/")
        page.check("#id_is_published")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        assert page.locator(".errornote").count() == 0
    finally:
        context.close()
    event.refresh_from_db()
    assert event.is_published and event.updated_by.username == "edda"
    assert_recorded_whole(event)
    assert_a_reader_sees_it()


def test_an_editor_records_and_publishes_a_summit_in_one_save(browser, live_server, demo):
    context, page = signed_in_page(browser, live_server, "ezra", "Editor")
    try:
        enter_whole_event(page, live_server)
        page.check("#id_is_published")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
    finally:
        context.close()
    event = Event.objects.get(slug=SLUG)
    assert event.is_published and event.created_by.username == "ezra"
    assert_recorded_whole(event)
    assert_a_reader_sees_it()
