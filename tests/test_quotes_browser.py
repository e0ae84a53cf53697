"""What only a browser shows on the Event page: a researcher adds a quote about the event, said
elsewhere, and picks its source in the autocomplete of a row added on the page. Debian's chromium."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser import chromium
from tests.builders_api import make_event, make_user
from tracker.models import Source, Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def test_researcher_adds_a_quote_said_in_an_interview_with_its_source(browser, live_server):
    nara = make_event("Lee–Takaichi summit in Nara", published=False, cited=True)
    Source.objects.create(publisher="NHK", title="Interview with President Lee")
    client = Client()
    client.force_login(make_user("rita", group="Researcher"))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server.url}/admin/tracker/event/{nara.pk}/change/")
        group = page.locator("#statements_about-group")
        group.get_by_text("Add another Quote about this event").click()
        row = "#statements_about-0"
        page.fill(f"{row} [name='statements_about-0-speaker_description']", "a senior official")
        page.fill(f"{row} [name='statements_about-0-quote']", "We expect modest results.")
        page.fill(f"{row} [name='statements_about-0-said_at']", "an interview with NHK")
        page.fill(f"{row} [name='statements_about-0-said']", "Jan 2026")
        page.fill(f"{row} [name='statements_about-0-locator']", "04:12")
        page.click(f"{row} .field-source .select2-selection")
        page.fill(".select2-dropdown .select2-search__field", "NHK")
        page.locator(".select2-results__option", has_text="NHK: Interview with President Lee").click()
        page.click("input[name='_continue']")
        page.wait_for_selector(".messagelist .success")
    finally:
        context.close()
    quote = Statement.objects.get(about_event=nara)
    assert (quote.attribution, quote.said_where, quote.when) == (
        "unattributed (a senior official)",
        "in an interview with NHK",
        "Jan 2026",
    )
    assert list(quote.citations.values_list("source__publisher", "locator")) == [("NHK", "04:12")]
