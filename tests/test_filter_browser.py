"""The filter as a reader uses it in a browser, by keyboard: pickers with counts, match=all, a window,
the chips of the active filter, and a menu that keeps the filter."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.set_default_timeout(20_000)
    yield page
    context.close()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def pick(page, field: str, typed: str, expected: str) -> None:
    """Type into a picker, wait for `expected` to be the highlighted choice, and choose it with Enter."""
    page.keyboard.type(typed)
    active = page.locator(f"#id_{field}_listbox .picker-option.is-active")
    active.filter(has_text=expected).wait_for()
    page.keyboard.press("Enter")
    page.locator(f"#id_{field}").locator("xpath=..").locator(".picker-chip", has_text=expected).wait_for()


def test_a_reader_filters_by_keyboard_to_meetings_of_two_countries_in_a_window_and_removes_a_chip(
    live_server, demo, page
):
    page.goto(live_server.url + "/events/")
    page.locator("#id_start").focus()
    page.keyboard.type("Oct 2025")
    page.keyboard.press("Tab")
    page.keyboard.type("Jan 2026")
    page.keyboard.press("Tab")  # the end's help text is not focusable: next is the country picker
    assert page.evaluate("document.activeElement.id") == "id_country_search"
    assert page.locator("#id_country_search").get_attribute("aria-expanded") == "true"
    # Counts under the rest of the filter (the window): Japan leads to some events, Zambia to none.
    page.locator("#id_country_listbox .facet-count").first.wait_for()
    pick(page, "country", "japan", "Japan")
    pick(page, "country", "korea", "Korea")
    page.keyboard.press("Escape")
    assert page.locator("#id_country_search").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Tab")  # the person picker, then the match toggle after it
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_match_any"
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys and are chosen as they go
    assert page.locator("#id_match_all").is_checked()
    page.locator("#id_start").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/?*")
    assert query_of(page) == {"start": ["Oct 2025"], "end": ["Jan 2026"], "country": ["JP", "KR"], "match": ["all"]}

    chips = page.locator(".active-filter .chip")
    assert chips.count() == 5
    assert [" ".join(text.split()) for text in chips.all_inner_texts()] == [
        "From: Oct 2025 (remove) ×",
        "Until: Jan 2026 (remove) ×",
        "Country: Japan (remove) ×",
        "Country: South Korea (remove) ×",
        "Match: all chosen countries and people (remove) ×",
    ]
    rows = page.locator(".event-table tbody tr").count()
    assert rows > 0
    # The menu keeps the filter.
    timeline = page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline")
    assert parse_qs(urlsplit(timeline.get_attribute("href")).query)["country"] == ["JP", "KR"]

    # Remove Japan by keyboard: focus its chip, press Enter.
    page.locator(".active-filter .chip-country", has_text="Japan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "JP" not in url)
    assert query_of(page) == {"start": ["Oct 2025"], "end": ["Jan 2026"], "country": ["KR"], "match": ["all"]}
    assert page.locator(".active-filter .chip").count() == 4
    assert page.locator(".event-table tbody tr").count() >= rows
    # The form shows what is chosen: South Korea's chip in the picker, Japan's gone.
    assert [text.strip(" ×") for text in page.locator(".picker-chip").all_inner_texts()] == ["South Korea"]


def test_backspace_removes_the_last_chosen_value_and_escape_closes_the_list(live_server, demo, page):
    page.goto(live_server.url + "/events/?kind=bilateral_summit&kind=state_visit")
    page.locator("#id_kind_search").focus()
    chips = page.locator(".field-kind .picker-chip")
    assert chips.count() == 2
    page.keyboard.press("Backspace")
    assert chips.count() == 1
    assert page.locator("#id_kind option:checked").evaluate_all("options => options.map(o => o.value)") == [
        "bilateral_summit"
    ]
    page.keyboard.press("Escape")
    assert page.locator("#id_kind_listbox").is_hidden()


def test_people_are_searched_on_the_server_with_their_counts(live_server, demo, page):
    page.goto(live_server.url + "/?country=CN")
    page.locator("#id_person_search").focus()
    with page.expect_response(lambda response: "/filters/people.json" in response.url):
        page.keyboard.type("xi")
    option = page.locator("#id_person_listbox .picker-option.is-active")
    option.filter(has_text="Xi Jinping").wait_for()
    count = int(option.locator(".facet-count").inner_text())
    assert count >= 1
    page.keyboard.press("Enter")
    page.locator("#id_start").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*person=xi-jinping*")
    assert page.locator("#timeline-heading .count").inner_text().startswith(str(count))


def test_without_javascript_the_plain_form_still_filters(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/events/")
    page.select_option("#id_country", ["JP", "KR"])
    page.check("#id_match_all")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/events/?*")
    assert query_of(page)["country"] == ["JP", "KR"] and query_of(page)["match"] == ["all"]
    assert page.locator(".active-filter .chip").count() == 3
    context.close()
