"""The home page in a real browser: Debian's Chromium under Playwright (launched as tests/browser.py
launches it) against gunicorn serving the corpus.

Two figures per corpus, at BROWSER_SIZES only: the time from navigation to the timeline drawn
(static/tracker/charts.js stamps `data-ready-at` with performance.now() once Plotly has drawn it),
and the time a zoom takes to redraw (Plotly.relayout on the x axis, until the next animation frame).
Targets: first paint under 2 s, a zoom under 0.5 s. The row says whether the browser offered WebGL and
what drew the marks (WebGL, SVG or a heat map: static/tracker/timeline-fallback.js).
"""

import os
import signal
import statistics
import subprocess
import sys

from bench.corpus import ROOT
from bench.harness import Context, Result, Unavailable, ms
from bench.load import free_port, wait_until_up

BROWSER_SIZES = (10_000, 100_000)
FIRST_PAINT_TARGET = 2.0
ZOOM_TARGET = 0.5
PAINTS = 3
ZOOMS = 10
VIEWPORT = {"width": 1400, "height": 1000}

# Zoom to the middle half of the current x range, or back out to twice the range, and wait for the
# frame after Plotly's redraw: what a reader waits for after dragging a box or pressing "all".
ZOOM_SCRIPT = """async (zoomIn) => {
    const chart = document.getElementById('timeline');
    const axis = chart._fullLayout.xaxis;
    const [low, high] = axis.range.map(axis.r2l);
    const middle = (low + high) / 2;
    const half = zoomIn ? (high - low) / 4 : (high - low);
    const started = performance.now();
    await window.Plotly.relayout(chart, {'xaxis.range': [axis.l2r(middle - half), axis.l2r(middle + half)]});
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    return performance.now() - started;
}"""


def _serve() -> tuple[subprocess.Popen, int]:
    """gunicorn on a free loopback port over the corpus the child's settings point at."""
    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    command = [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", f"--bind=127.0.0.1:{port}"]
    # A long timeout: the first uncached home page at 100,000 events on a loaded machine can pass 30 s.
    command += ["--workers=1", "--threads=4", "--worker-class=gthread", "--timeout=600", "--log-level=warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    wait_until_up(port, process)
    return process, port


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _measure(browser, url: str) -> dict:
    """First paint of the timeline in fresh contexts (no cache, no remembered WebGL refusal), then zooms."""
    paints = []
    for _ in range(PAINTS):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(300_000)
        page.goto(url)
        page.wait_for_selector("#timeline[data-ready='true']")
        paints.append(float(page.locator("#timeline").get_attribute("data-ready-at")) / 1000)
        drawn = page.locator("#timeline").get_attribute("data-drawn")
        offered = page.evaluate("() => window.TrackerTimelineFallback.hasWebGL()")
        # The page's note when the browser redrew a WebGL figure without it (not the server's own heat map).
        fell_back = page.locator("p.note[data-fallback]").count() > 0
        if len(paints) < PAINTS:
            context.close()
    zooms = [page.evaluate(ZOOM_SCRIPT, index % 2 == 0) / 1000 for index in range(ZOOMS)]
    context.close()
    return {"paints": paints, "zooms": zooms, "drawn": drawn, "offered": offered, "fell_back": fell_back}


def home_page_in_browser(ctx: Context) -> Result:
    """GET / in Chromium: time to the drawn timeline and to a zoom redraw, against 2 s and 0.5 s."""
    if ctx.size not in BROWSER_SIZES:
        raise Unavailable(f"browser rows run at {', '.join(f'{size:,}' for size in BROWSER_SIZES)} events only")
    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import CHROMIUM, CHROMIUM_ARGS
    except ImportError as exc:
        raise Unavailable(f"Playwright is not installed ({exc})") from None
    if not os.path.exists(CHROMIUM):
        raise Unavailable(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    server, port = _serve()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                measured = _measure(browser, f"http://127.0.0.1:{port}/")
            finally:
                browser.close()
    finally:
        _stop(server)
    paint = statistics.median(measured["paints"])
    zoom = statistics.median(measured["zooms"])
    webgl = "offered a WebGL context" if measured["offered"] else "offered no WebGL"
    if measured["offered"] and measured["fell_back"]:
        webgl += ", which Plotly could not draw with"
    verdict = "meets" if paint < FIRST_PAINT_TARGET and zoom < ZOOM_TARGET else "MISSES"
    return Result(
        figure=(
            f"first paint p50 {ms(paint)} (max {ms(max(measured['paints']))}); zoom redraw p50 {ms(zoom)}"
            f" (max {ms(max(measured['zooms']))}); drawn as {measured['drawn']}"
        ),
        reference=f"targets {FIRST_PAINT_TARGET:.0f} s and {ZOOM_TARGET} s: {verdict}",
        rows=ctx.size,
        notes=[
            f"Chromium {webgl}; marks drawn as {measured['drawn']}; {PAINTS} first paints in fresh contexts "
            f"(navigation start to the drawn timeline), {ZOOMS} zooms in and out (relayout to the next frame)"
        ],
        values={"seconds": paint, "first_paint_p50": paint, "zoom_p50": zoom},
    )


BROWSER_MEASUREMENTS = {"home page in Chromium": home_page_in_browser}
