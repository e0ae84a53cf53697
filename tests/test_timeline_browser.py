"""The big timeline past the WebGL threshold: drawn with WebGL under the site's Content-Security-Policy
where the browser offers it (this machine's headless Chromium does, in software), and in a browser
without WebGL drawn all the same, as SVG or as a heat map, never as Plotly's grey box with its link to
an outside site. "Without WebGL" is a page whose canvases hand out no WebGL context, as on a locked-down
machine."""

import re
from datetime import date, timedelta

import pytest

from tests.browser import chromium
from tracker.charts import timeline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKS = "#timeline .cartesianlayer .subplot.xy .scatterlayer path.point"
OVER_THRESHOLD = 2000


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


# What a browser without WebGL answers: no context of any WebGL kind.
WITHOUT_WEBGL = """(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return /webgl/i.test(kind) ? null : getContext.call(this, kind, ...rest);
    };
})();"""


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def page(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


@pytest.fixture
def page_without_webgl(page):
    page.context.add_init_script(WITHOUT_WEBGL)
    return page


@pytest.fixture
def many_events(transactional_db) -> int:
    """OVER_THRESHOLD published one-day events over two years, written in one statement."""
    from tracker.models import Event

    first = date(2024, 1, 1)
    kinds = [Event.Kind.BILATERAL_SUMMIT, Event.Kind.PHONE_CALL, Event.Kind.STATEMENT]
    Event.objects.bulk_create(
        Event(
            title=f"Event {number}",
            slug=f"bulk-event-{number}",
            kind=kinds[number % len(kinds)],
            start_date=first + timedelta(days=number % 700),
            end_date=first + timedelta(days=number % 700),
            is_published=True,
        )
        for number in range(OVER_THRESHOLD)
    )
    assert OVER_THRESHOLD > timeline.GL_THRESHOLD
    return OVER_THRESHOLD


def open_timeline(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#timeline[data-ready='true']")


def drawn_with(page) -> str:
    """What drew the marks: "webgl", "svg" or "heatmap" (static/tracker/charts.js says so)."""
    return page.locator("#timeline").get_attribute("data-drawn")


def test_with_webgl_the_marks_are_drawn_with_it_under_the_sites_content_security_policy(live_server, many_events, page):
    # Regression: plotly.min.js compiles its WebGL code with `new Function`, which script-src 'self'
    # refuses, so every reader got the fallback even with WebGL; the strict bundle needs no eval.
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    page.wait_for_selector("#timeline[data-ready='true']")
    assert drawn_with(page) == "webgl"
    assert page.locator("#timeline .gl-container canvas").count() > 0
    assert page.locator("#timeline .no-webgl").count() == 0
    assert page.locator("p.note[data-fallback]").count() == 0
    assert page.evaluate("() => sessionStorage.getItem('tracker:webgl-refused')") is None
    drawn = page.evaluate("() => document.getElementById('timeline')._fullData.filter(t => t.type === 'scattergl')")
    assert sum(len(trace["x"]) for trace in drawn) == many_events


def test_without_webgl_every_mark_is_drawn_as_svg(live_server, many_events, page_without_webgl):
    page = page_without_webgl
    open_timeline(page, live_server.url + "/")
    assert "get.webgl.org" not in page.content()
    assert "WebGL is not supported" not in page.locator("body").inner_text()
    assert drawn_with(page) == "svg"
    assert page.locator(MARKS).count() == many_events
    assert page.locator("#timeline-heading ~ p.note[data-fallback='svg']").count() == 1


def test_without_webgl_past_the_svg_limit_the_marks_become_a_heat_map(
    live_server, many_events, page_without_webgl, monkeypatch
):
    page = page_without_webgl
    monkeypatch.setattr(timeline, "SVG_MARK_LIMIT", 500)
    open_timeline(page, live_server.url + "/")
    assert "get.webgl.org" not in page.content()
    assert drawn_with(page) == "heatmap"
    assert page.locator(MARKS).count() == 0
    assert page.locator("#timeline .heatmaplayer image").count() == 1
    counted = page.evaluate("() => document.getElementById('timeline')._fullData[0].z.flat().reduce((a, b) => a + b)")
    assert counted == many_events
    note = page.locator("p.note[data-fallback='heatmap']").inner_text()
    assert "2,000 marks are counted per day" in note
    if page.viewport_size["width"] < 1000:
        # On a phone two years of days are 120 px wide: a cell is too thin to aim at.
        return
    # A cell opens the events of its day.
    page.locator("#timeline").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => {
            const chart = document.getElementById('timeline');
            const box = chart.querySelector('.nsewdrag').getBoundingClientRect();
            const layout = chart._fullLayout;
            return [box.left + layout.xaxis.d2p('2024-01-01 12:00'), box.top + layout.yaxis.d2p(0)];
        }"""
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/\?start=(2024-01-0\d)&end=\1$"))
