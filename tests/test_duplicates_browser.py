"""What only a browser shows on the researchers' workbench: the Event page lists likely duplicates,
with links, while the title and dates are being typed, before anything is saved. Debian's chromium,
one launch for the module, never a download."""

import pytest
from django.test import Client

from tests.browser import chromium
from tests.builders_api import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from tracker.demo import load_demo

    load_demo()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def signed_in_page(browser, live_server, group: str):
    """A browser page carrying the session of a staff member of `group` (no login form, no throttling)."""
    client = Client()
    client.force_login(make_user(group.lower(), group=group))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_add_page_shows_the_nara_summit_as_a_likely_duplicate_while_typing(browser, live_server, demo):
    from tracker.models import Event

    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    count = Event.objects.count()
    context, page = signed_in_page(browser, live_server, "Researcher")
    problems = []
    # Script errors and CSP refusals; the browser's own request for /favicon.ico is not ours.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"{live_server.url}/admin/tracker/event/add/")
        box = page.locator("#likely-duplicates")
        assert box.is_hidden()
        page.fill("#id_title", "Lee Takaichi summit Nara")
        page.fill("#id_when", "13–14 Jan 2026")
        link = box.get_by_role("link", name="Lee–Takaichi summit in Nara (13–14 Jan 2026)")
        link.wait_for()
        assert "Possible duplicates:" in box.inner_text()
        assert link.get_attribute("href") == f"/admin/tracker/event/{nara.pk}/change/"
        assert Event.objects.count() == count, "nothing was saved"

        page.fill("#id_when", "20 Mar 2026")  # other dates: the box goes away
        box.wait_for(state="hidden")
        assert problems == []
    finally:
        context.close()
