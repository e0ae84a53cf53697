"""/statements/ in a real browser at desktop and phone widths: the quotes show with their speaker
and sources, choosing a speaker narrows them and keeps the filter in the address, and at 390 px
nothing scrolls sideways. Debian's chromium, never a download."""

from pathlib import Path

import pytest

from tests.browser import chromium

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def open_page(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    return context, page


@pytest.mark.parametrize("width", [1400, 390])
def test_statements_list_their_speakers_and_sources_without_sideways_scrolling(live_server, demo, browser, width):
    context, page = open_page(browser, live_server.url + "/statements/", width)
    try:
        cards = page.locator("li.statement")
        assert cards.count() == 4
        first = cards.first
        assert first.locator("blockquote").is_visible()
        assert "Lee Jae Myung, President of South Korea" in first.locator(".said-by").inner_text()
        assert "NHK" in first.locator(".quote-sources").inner_text()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls {overflow}px sideways at {width}px"
        assert page.locator(".download-list a").count() == 3
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"statements-{width}.png"), full_page=True)
    finally:
        context.close()


def test_choosing_a_speaker_narrows_the_quotes_and_keeps_the_filter_in_the_address(live_server, demo, browser):
    context, page = open_page(browser, live_server.url + "/statements/", 1400)
    try:
        page.select_option("#id_speaker", "lee-jae-myung")
        page.click(".filters button[type=submit]")
        page.wait_for_url("**/statements/?*speaker=lee-jae-myung*")
        assert page.locator("li.statement").count() == 3
        csv_link = page.locator(".download-list a", has_text="CSV").first.get_attribute("href")
        assert csv_link.startswith("/statements/export.csv?") and "speaker=lee-jae-myung" in csv_link
    finally:
        context.close()
