"""A newsroom's page on another origin frames the embeddable timeline: the plot renders inside the
frame, while a frame of the home page is refused. The other origin is a tiny http.server on its own
port (127.0.0.1, where the live server is localhost). Debian's chromium, never a download."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
def newsroom(live_server):
    """A server on another origin whose one page frames the embed and the home page."""
    page = (
        "<!doctype html><title>Newsroom</title><h1>Korea and Japan</h1>"
        f'<iframe id="embed" src="{live_server.url}/embed/timeline/?country=KR" width="900" height="520"></iframe>'
        f'<iframe id="home" src="{live_server.url}/" width="900" height="300"></iframe>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_another_origin_frames_the_embed_but_not_the_home_page(live_server, demo, browser, newsroom, settings):
    settings.EMBED_ALLOWED_ORIGINS = [newsroom]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(40_000)
    try:
        page.goto(newsroom + "/", wait_until="domcontentloaded")
        embed = page.frame_locator("#embed")
        embed.locator("#timeline[data-ready='true']").wait_for()
        marks = embed.locator("#timeline .cartesianlayer .subplot.xy .scatterlayer path.point")
        assert marks.count() > 0
        assert embed.locator("a", has_text="the full list").get_attribute("href") == "/events/?country=KR"
        page.wait_for_load_state("networkidle")
        # The browser refuses to show the home page in the frame (frame-ancestors 'none', X-Frame-Options DENY):
        # the frame holds the browser's error page, not ours.
        home = page.locator("#home").element_handle().content_frame()
        assert home.locator(".site-header").count() == 0
        assert not home.url.startswith(live_server.url)
    finally:
        context.close()


def test_a_click_on_a_mark_in_the_embed_opens_the_event_in_the_readers_window(
    live_server, demo, browser, newsroom, settings
):
    settings.EMBED_ALLOWED_ORIGINS = [newsroom]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(40_000)
    try:
        page.goto(newsroom + "/", wait_until="domcontentloaded")
        embed = page.frame_locator("#embed")
        embed.locator("#timeline[data-ready='true']").wait_for()
        box = embed.locator("#timeline .scatterlayer path.point").first.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # Plotly's drag layer takes the events: move to the mark, then click there.
        page.mouse.move(x, y)
        embed.locator(".hoverlayer .hovertext").wait_for()
        with page.expect_navigation(url=f"{live_server.url}/events/**"):
            page.mouse.click(x, y)
        # The whole window went to the event's page, not the small frame.
        assert page.url.startswith(f"{live_server.url}/events/") and page.locator("h1").count() == 1
    finally:
        context.close()
