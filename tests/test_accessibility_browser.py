"""axe-core (tests/vendor/axe-core, from the npm registry) finds no serious or critical accessibility
violation on the readers' main pages at 1400 px, the filter's pickers open; and the pages work by
keyboard: skip link, menu, filter, chips."""

from pathlib import Path

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/events/",
    "/events/?country=JP&country=KR&match=all&start=2025",
    "/events/lee-takaichi-nara-2026/",
    "/people/lee-jae-myung/",
    "/countries/KR/",
    "/statements/",
]
SERIOUS = ("serious", "critical")


@pytest.fixture
def demo(transactional_db):
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    """axe's serious and critical findings on the page as it is now, one line each with where."""
    # Evaluated through the debugging protocol, so the page's Content-Security-Policy (no inline
    # script) does not stop it; the site itself never loads axe.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(live_server, demo, page, path):
    response = page.goto(live_server.url + path)
    if path == "/statements/" and response.status == 404:
        pytest.skip("no /statements/ page in this build")
    assert response.status == 200
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every(c => c.dataset.ready === 'true')")
    assert serious_violations(page) == []
    if page.locator("#id_country_search").count():
        # The same with a picker open, its choices and counts showing.
        page.locator("#id_country_search").focus()
        page.locator("#id_country_listbox .facet-count").first.wait_for()
        page.keyboard.press("ArrowDown")
        assert serious_violations(page) == []


def test_the_skip_link_and_the_menu_are_reached_first_by_keyboard(live_server, demo, page):
    page.goto(live_server.url + "/events/?country=JP")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    order = []
    page.locator(".brand").focus()
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert order == ["Timeline", "Events"]
    # Every picker, the match toggle and Apply can be reached with Tab alone.
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert {"id_country_search", "id_person_search", "id_kind_search", "id_topic_search", "Apply"} <= reached
    assert {"id_match_any", "id_match_all"} & reached
