"""Plain words: the glossary page and its anchors, linked from where the words appear (event page,
downloads, API schema); sources shown with publisher, title, date and link; the API schema's
examples are values that exist."""

import re
from datetime import date
from urllib.parse import urlencode

import pytest

from tests.builders_api import make_event, make_person
from tracker.api.parameters import EVENT_FILTER_PARAMETERS, STATEMENT_FILTER_PARAMETERS
from tracker.models import KIND_CODES, Citation, Event, Source, Statement

pytestmark = pytest.mark.django_db

ANCHORS = ("edtf", "cameo", "plover", "precision", "lifecycle", "draft", "published", "ordinals", "exports", "ics")


def test_the_glossary_has_an_anchor_for_each_word_and_the_codes_of_each_kind(client):
    body = client.get("/glossary/").content.decode()
    for anchor in ANCHORS:
        assert f'id="{anchor}"' in body, anchor
    cameo, plover_type, plover_mode = KIND_CODES["bilateral_summit"]
    assert re.search(rf"<td>Bilateral summit</td><td><code>{cameo}</code></td><td><code>{plover_type}</code>", body)


def test_the_event_page_links_its_codes_and_partial_date_to_the_glossary(client):
    event = make_event("Talks in October", start_date=date(2025, 10, 1), end_date=date(2025, 10, 31))
    Event.objects.filter(pk=event.pk).update(date_precision="month")
    body = client.get(event.get_absolute_url()).content.decode()
    for anchor in ("edtf", "cameo", "plover", "precision"):
        assert f'href="/glossary/#{anchor}"' in body, anchor


def test_downloads_and_the_api_schema_point_to_the_glossary(client):
    make_event("Talks")
    assert 'href="/glossary/#exports"' in client.get("/events/").content.decode()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/glossary/#edtf" in schema and "[/glossary/](/glossary/)" in schema


def test_sources_show_publisher_title_date_and_link_for_events_and_quotes(client):
    event = make_event("Talks")
    source = Source.objects.create(
        publisher="Kyodo", title="Leaders talk", url="https://example.org/k", published_on=date(2026, 1, 13)
    )
    Citation.objects.create(event=event, source=source, locator="p. 2")
    quote = Statement.objects.create(speaker=make_person("Lee"), event=event, quote="We agreed.")
    Citation.objects.create(statement=quote, source=source)
    body = client.get(event.get_absolute_url()).content.decode()
    linked = 'Kyodo, <a href="https://example.org/k" rel="noopener noreferrer">“Leaders talk”</a>, '
    dated = '<time datetime="2026-01-13">13 Jan 2026</time>'
    assert body.count(linked + dated) == 2  # in the sources list and under the quote
    assert linked + dated + ", p. 2." in body


@pytest.mark.parametrize(
    ("path", "parameters"),
    [("/api/events/", EVENT_FILTER_PARAMETERS), ("/api/statements/", STATEMENT_FILTER_PARAMETERS)],
)
def test_every_example_in_the_api_schema_answers_200_on_the_demo_data(client, demo, path, parameters):
    tried = 0
    for parameter in parameters:
        if parameter.name == "office":
            continue  # read only with counted_for, whose uid differs between databases (documented)
        for example in parameter.examples:
            values = example.value if isinstance(example.value, list) else [example.value]
            response = client.get(f"{path}?{urlencode([(parameter.name, value) for value in values])}")
            assert response.status_code == 200, (parameter.name, example.value, response.content[:300])
            tried += 1
    assert tried >= 10
