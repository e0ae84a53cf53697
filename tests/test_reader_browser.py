"""What only a browser shows: the timeline draws, a click navigates, a filter changes the URL and the
marks, nothing is fetched from outside, and user text stays text. Debian's chromium, never a download.

Screenshots of the main pages go to artifacts/screenshots/ (gitignored) for a person to look at.
"""

from pathlib import Path

import pytest

from tests.browser import chromium
from tests.builders_reader import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
NARA = "lee-takaichi-nara-2026"
# Marks in the main plot only: the range slider draws a second, smaller copy of every trace.
MARKS = "#timeline .cartesianlayer .subplot.xy .scatterlayer path.point"
XSS = "<img src=x onerror=alert(1)>"


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
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def open_timeline(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#timeline[data-ready='true']")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def mark_centre(page, slug: str) -> tuple[float, float]:
    """The page coordinates of the centre of the mark of the event `slug` (its customdata is the mark key)."""
    from tracker.charts.marks import mark_key
    from tracker.models import Event

    key = mark_key(Event.objects.get(slug=slug).pk)
    box = page.evaluate(
        """(key) => {
            const groups = document.querySelectorAll('#timeline .cartesianlayer .subplot.xy .scatterlayer .trace');
            for (const group of groups) {
                const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
                // Plotly decodes the typed array into a Uint32Array.
                if (!trace || !trace.customdata) continue;
                const index = Array.from(trace.customdata).indexOf(key);
                if (index < 0) continue;
                const rect = group.querySelectorAll('path.point')[index].getBoundingClientRect();
                return {x: rect.x + rect.width / 2, y: rect.y + rect.height / 2};
            }
            return null;
        }""",
        key,
    )
    assert box is not None, f"no mark for {slug}"
    return box["x"], box["y"]


def test_home_timeline_draws_one_mark_per_demo_event(live_server, demo, page):
    from tracker.models import Event

    open_timeline(page, live_server.url + "/")
    assert page.locator(MARKS).count() == Event.objects.published().count() == 11
    screenshot(page, "home")


def test_clicking_the_nara_summit_opens_its_page(live_server, demo, page):
    open_timeline(page, live_server.url + "/")
    x, y = mark_centre(page, NARA)
    # Plotly's drag layer sits over the marks, so the mouse goes to the mark's position.
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    # Title, the period as the event page shows it, the people.
    hover = page.locator(".hoverlayer .hovertext").text_content()
    assert hover == "Lee–Takaichi summit in Nara13–14 Jan 2026Sanae Takaichi, Lee Jae Myung"
    page.mouse.click(x, y)
    page.wait_for_url(f"**/events/{NARA}/")
    assert page.locator("h1").inner_text() == "Lee–Takaichi summit in Nara"
    assert "5th summit with a Prime Minister of Japan" in page.locator(".derived").inner_text()
    screenshot(page, "event-nara")


def test_choosing_japan_narrows_the_marks_and_changes_the_url(live_server, demo, page):
    open_timeline(page, live_server.url + "/")
    before = page.locator(MARKS).count()
    page.select_option("#id_country", "JP")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/?country=JP")
    page.wait_for_selector("#timeline[data-ready='true']")
    after = page.locator(MARKS).count()
    # Every demo event but Lee's state visit to China involves Japan.
    assert (before, after) == (11, 10)
    assert page.locator("#id_country option[value='JP']").evaluate("option => option.selected")
    page.go_back()
    page.wait_for_url(live_server.url + "/")
    page.wait_for_selector("#timeline[data-ready='true']")
    assert page.locator(MARKS).count() == 11


def test_pages_make_no_request_outside_the_test_server(live_server, demo, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_timeline(page, live_server.url + "/")
    page.wait_for_selector("#map .geo path")  # the world outlines come from our static files
    for path, name in [
        ("/events/", "events"),
        ("/people/lee-jae-myung/", "person-lee"),
        ("/countries/KR/", "country-kr"),
        ("/series/korea-japan-shuttle-diplomacy/", "series"),
        ("/topics/north-korea/", "topic"),
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        screenshot(page, name)
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert requested and outside == []


def test_markup_in_a_title_is_shown_as_text_and_opens_no_dialog(live_server, demo, page):
    event = make_event(f"Talks {XSS} in Seoul", host="KR", people=(f"Envoy {XSS}",), when="2 Feb 2026")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    open_timeline(page, live_server.url + "/?group=person")
    x, y = mark_centre(page, event.slug)
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.locator(".hoverlayer .hovertext")
    assert XSS in hover.text_content()
    assert page.locator(".hoverlayer img, #timeline img").count() == 0
    assert f"Envoy {XSS}" in page.locator("#timeline .ytick").all_text_contents()

    page.goto(live_server.url + "/events/")
    assert page.get_by_role("link", name=f"Talks {XSS} in Seoul").count() == 1
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator("h1").inner_text() == f"Talks {XSS} in Seoul"
    assert page.locator("main img").count() == 0
    assert dialogs == []
