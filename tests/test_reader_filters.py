"""One query string, the same rows on the timeline, the table and the chart JSON; bad values are 400s."""

import orjson
import pytest

from tests.builders_reader import make_event, make_person, make_topic
from tests.figures import mark_pks
from tracker.models import Event

G7 = "g7-summit-kananaskis-2025"
KANANASKIS = "lee-ishiba-kananaskis-2025"
TOKYO = "lee-ishiba-tokyo-2025"
BUSAN = "lee-ishiba-busan-2025"
APEC = "apec-leaders-meeting-gyeongju-2025"
GYEONGJU = "lee-takaichi-gyeongju-2025"
TAIWAN = "takaichi-taiwan-remarks-2025"
CHINA = "lee-state-visit-china-2026"
NHK = "lee-nhk-interview-2026"
NARA = "lee-takaichi-nara-2026"
SEAFOOD = "korea-seafood-import-ban-2013"
ALL = {G7, KANANASKIS, TOKYO, BUSAN, APEC, GYEONGJU, TAIWAN, CHINA, NHK, NARA, SEAFOOD}


def table_slugs(client, query: str) -> set[str]:
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    return {event.slug for event in response.context["page"]}


def timeline_slugs(client, query: str) -> set[str]:
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    return slugs_of(mark_pks(response.context["timeline"]))


def chart_json_slugs(client, query: str) -> set[str]:
    response = client.get(f"/charts/timeline.json?{query}")
    assert response.status_code == 200
    figure = orjson.loads(response.content)
    return slugs_of(mark_pks(figure))


def slugs_of(keys: list[int]) -> set[str]:
    """The marks carry primary keys; the tests speak in slugs."""
    return set(Event.objects.filter(pk__in=keys).values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL),
        # Partial dates: a window bound covers its whole period, and events overlap by any day of theirs.
        ("start=2026", {CHINA, NHK, NARA}),
        ("start=2026-01-10", {NHK, NARA}),  # the month-precision interview runs to 31 Jan
        ("end=2013", {SEAFOOD}),
        ("start=Oct 2025&end=Oct 2025", {APEC, GYEONGJU}),
        ("start=5 Nov 2025&end=5 Nov 2025", {TAIWAN}),  # known only to November 2025
        ("start=2025-06-17&end=2025-06-17", {G7, KANANASKIS}),
        # Countries: any by default, all with match=all; codes are case-insensitive.
        ("country=CN", {APEC, TAIWAN, CHINA}),
        ("country=CA&country=CN", {G7, APEC, TAIWAN, CHINA}),
        ("country=KR&country=CN&match=all", {APEC, CHINA}),
        ("country=kr&country=cn&match=all", {APEC, CHINA}),
        ("country=KR&country=JP&country=CA&match=all", {G7}),
        ("person=xi-jinping", {APEC, CHINA}),
        ("person=sanae-takaichi&person=xi-jinping", {APEC, GYEONGJU, TAIWAN, CHINA, NARA}),
        ("kind=bilateral_summit", {TOKYO, BUSAN, NARA}),
        ("kind=bilateral_summit&kind=state_visit", {TOKYO, BUSAN, NARA, CHINA}),
        ("kind=phone_call", set()),
        ("topic=seafood-import-ban", {NHK, NARA, SEAFOOD}),
        ("topic=taiwan&topic=abductions", {TAIWAN, NHK, NARA}),
        ("series=korea-japan-shuttle-diplomacy", {TOKYO, BUSAN, NARA}),
        ("status=held", ALL),
        ("status=cancelled", set()),
        # Text: every word, in titles, summaries or quotes said at or about the event.
        ("q=Nara", {NARA, NHK, CHINA}),
        ("q=complement", {NHK, NARA}),
        ("q=nara summit", {NARA, NHK, CHINA}),
        # Combined filters narrow each other.
        ("country=JP&start=2026&kind=bilateral_summit", {NARA}),
    ],
)
def test_filter_selects_the_same_events_on_every_surface(client, demo, query, expected):
    assert table_slugs(client, query) == expected
    assert timeline_slugs(client, query) == expected
    assert chart_json_slugs(client, query) == expected


@pytest.mark.parametrize(
    "query, field, reason",
    [
        ("start=garbage", "start", "is not a date"),
        ("end=2025-13", "end", "month 13 does not exist"),
        ("start=3/4/2025", "start", "ambiguous"),
        ("country=ZZZZ", "country", "not a known ISO 3166-1"),
        ("country=JP&country=XX", "country", "XX is not a known"),
        ("person=nobody-at-all", "person", "nobody-at-all"),
        ("kind=teatime", "kind", "teatime"),
        ("topic=no-such-topic", "topic", "no-such-topic"),
        ("series=no-such-series", "series", "no-such-series"),
        ("status=maybe", "status", "maybe"),
        ("match=some", "match", "some"),
        ("match=", "match", "an empty value is not a choice; give one of any, all"),
        ("group=planet", "group", "planet is not a grouping"),
        ("sort=sideways", "sort", "sideways is not a sort order"),
        ("terms=perhaps", "terms", "perhaps is not a yes/no value"),
    ],
)
@pytest.mark.parametrize("page", ["/", "/events/", "/people/lee-jae-myung/", "/topics/north-korea/"])
def test_bad_filter_value_is_a_400_page_naming_the_field_and_reason(client, db, page, query, field, reason):
    make_person("Lee Jae Myung")
    make_topic("North Korea")
    # Readers see a person's or a topic's page once a published event names them (tracker.models.visibility).
    make_event(people=("Lee Jae Myung",), topics=("North Korea",))
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    text = response.content.decode()
    assert f"<code>{field}</code>" in text
    assert reason in text.replace("&#x27;", "'")


@pytest.mark.parametrize(
    "query, field",
    [("start=garbage", "start"), ("country=ZZZZ", "country"), ("group=planet", "group"), ("kind=teatime", "kind")],
)
def test_bad_filter_value_on_the_chart_endpoint_is_a_400_json_error(client, db, query, field):
    response = client.get(f"/charts/timeline.json?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = orjson.loads(response.content)["errors"]
    assert list(errors) == [field]
    assert errors[field] and all(isinstance(message, str) for message in errors[field])


def test_filter_form_keeps_the_values_from_the_url(client, demo):
    page = client.get("/?country=JP&start=Oct%202025&q=Nara").content.decode()
    assert '<option value="JP" selected>' in page
    assert 'value="Oct 2025"' in page
    assert 'value="Nara"' in page
