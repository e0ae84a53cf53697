"""The home page's charts answer questions in a browser: every map marker can be pointed at and opens
its place's events, a matrix cell opens the meetings of its pair, a two-day event's bar shows beside
its dot. At 1400 and 390 px, on the demo data (Busan and Gyeongju, Tokyo and Nara are neighbours)."""

import re

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


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def page(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def open_home(page, url: str) -> None:
    page.goto(url)
    for chart in ("timeline", "map", "matrix"):
        page.wait_for_selector(f"#{chart}[data-ready='true']")


def marker_centres(page) -> list[dict]:
    """Each map marker's name (its customdata) and the viewport centre of its drawn circle."""
    page.locator("#map").scroll_into_view_if_needed()
    return page.evaluate(
        """() => {
            const chart = document.getElementById('map');
            const names = chart._fullData[0].customdata;
            return Array.from(chart.querySelectorAll('.scattergeo path.point')).map((path, index) => {
                const box = path.getBoundingClientRect();
                return {name: names[index], x: box.x + box.width / 2, y: box.y + box.height / 2};
            });
        }"""
    )


def test_every_map_marker_can_be_hovered_and_none_hides_another(live_server, demo, page):
    open_home(page, live_server.url + "/")
    markers = marker_centres(page)
    names = {marker["name"] for marker in markers}
    assert {"Busan", "Gyeongju", "Tokyo", "Nara"} <= names
    for marker in markers:
        page.mouse.move(marker["x"], marker["y"])
        hover = page.locator("#map .hoverlayer .hovertext")
        hover.wait_for()
        assert hover.text_content().startswith(marker["name"]), marker
        page.mouse.move(0, 0)


def test_clicking_a_map_marker_opens_the_list_for_that_place(live_server, demo, page):
    open_home(page, live_server.url + "/?country=KR")
    gyeongju = next(marker for marker in marker_centres(page) if marker["name"] == "Gyeongju")
    page.mouse.move(gyeongju["x"], gyeongju["y"])
    page.mouse.click(gyeongju["x"], gyeongju["y"])
    page.wait_for_url("**/events/?country=KR&place=Gyeongju")
    titles = page.locator("table a[href^='/events/']").all_inner_texts()
    assert titles and all("Gyeongju" in title or "APEC" in title for title in titles)


def test_clicking_a_matrix_cell_opens_the_meetings_of_that_pair(live_server, demo, page):
    from tracker.models import Event

    open_home(page, live_server.url + "/")
    page.locator("#matrix").scroll_into_view_if_needed()
    cell = page.evaluate(
        """() => {
            const chart = document.getElementById('matrix');
            const trace = chart._fullData[0];
            const row = trace.customdata.findIndex((line) => line.includes('JP,KR'));
            const column = trace.customdata[row].indexOf('JP,KR');
            const box = chart.querySelector('.nsewdrag').getBoundingClientRect();
            const layout = chart._fullLayout;
            return {
                x: box.left + layout.xaxis.c2p(column),
                y: box.top + layout.yaxis.c2p(row),
                count: trace.z[row][column],
            };
        }"""
    )
    page.mouse.move(cell["x"], cell["y"])
    page.mouse.click(cell["x"], cell["y"])
    page.wait_for_url(re.compile(r"/events/\?country=JP&country=KR&match=all&kind="))
    kinds = "&".join(f"kind={kind}" for kind in Event.MEETING_KINDS)
    assert page.url.endswith(f"match=all&{kinds}&status=held&status=announced")
    assert page.locator("table tbody tr").count() == cell["count"] > 0


def test_a_two_day_event_shows_its_bar_beside_its_dot(live_server, demo, page):
    open_home(page, live_server.url + "/")
    widths = page.evaluate(
        """() => Array.from(document.querySelectorAll('#timeline .barlayer .trace'))
            .filter((group) => /\\(duration\\)$/.test(group.__data__[0].trace.name))
            .flatMap((group) => Array.from(group.querySelectorAll('path')))
            .map((path) => path.getBoundingClientRect().width)"""
    )
    assert widths and min(widths) >= 15


def test_events_page_offers_no_empty_timeline_lanes_select(live_server, demo, page):
    page.goto(live_server.url + "/events/")
    assert page.locator("#id_group").count() == 0
    assert "Timeline lanes" not in page.locator("form.filters").inner_text()
