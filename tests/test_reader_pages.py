"""The readers' pages render the demo data, hide drafts from anonymous readers and cite themselves."""

import orjson
import pytest
from django.contrib.auth import get_user_model

from tests.builders_reader import make_event
from tests.figures import mark_pks
from tracker.charts.marks import event_pk, mark_key, mark_keys
from tracker.models import Event
from tracker.templatetags.reader import figure_script

NARA = "lee-takaichi-nara-2026"


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/", "Lee–Takaichi summit in Nara"),
        ("/events/", "Lee–Takaichi summit in Nara"),
        (f"/events/{NARA}/", "Lee–Takaichi summit in Nara"),
        ("/people/lee-jae-myung/", "Lee Jae Myung"),
        ("/countries/JP/", "Japan"),
        ("/countries/jp/", "Japan"),
        ("/topics/north-korea/", "North Korea"),
        ("/series/korea-japan-shuttle-diplomacy/", "Korea–Japan shuttle diplomacy"),
    ],
)
def test_every_reader_page_renders_the_demo_data(client, demo, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in text_of(response)


@pytest.mark.parametrize(
    "url",
    ["/events/no-such-event/", "/people/nobody/", "/countries/ZZ/", "/topics/nothing/", "/series/nothing/"],
)
def test_unknown_subjects_are_not_found(client, demo, url):
    assert client.get(url).status_code == 404


def test_event_page_shows_dates_place_host_participants_and_offices(client, demo):
    page = text_of(client.get(f"/events/{NARA}/"))
    assert "13–14 Jan 2026" in page
    assert "Nara" in page
    assert 'href="/countries/JP/">Japan</a>' in page
    assert "Prime Minister of Japan" in page  # the office Takaichi held on the day
    assert "President of South Korea" in page
    assert "CAMEO 040" in page


def test_event_page_shows_the_derived_ordinal(client, demo):
    page = text_of(client.get(f"/events/{NARA}/"))
    assert "Lee Jae Myung&#x27;s 5th summit with a Prime Minister of Japan since taking office" in page


def test_event_page_shows_series_neighbours_with_the_gap_in_days(client, demo):
    page = text_of(client.get(f"/events/{NARA}/"))
    # Busan (30 Sep 2025) to Nara (13 Jan 2026) is 105 days.
    assert "Shigeru Ishiba visits Busan for talks with Lee Jae Myung" in page
    assert "105 days earlier" in page
    assert "none recorded yet" in page


def test_event_page_links_parent_and_children(client, demo):
    child = text_of(client.get("/events/lee-takaichi-gyeongju-2025/"))
    assert "Held on the sidelines of" in child
    assert "APEC Economic Leaders&#x27; Meeting in Gyeongju" in child
    parent = text_of(client.get("/events/apec-leaders-meeting-gyeongju-2025/"))
    assert "Held on its sidelines" in parent
    assert "First Lee–Takaichi summit, on the sidelines of APEC" in parent


def test_event_page_shows_quotes_topics_and_citations(client, demo):
    page = text_of(client.get(f"/events/{NARA}/"))
    assert "should complement each other&#x27;s shortcomings" in page
    assert "Interview with NHK" in page
    assert 'href="/topics/seafood-import-ban/"' in page
    for publisher in ("Reuters", "Yonhap", "NHK"):
        assert publisher in page


def test_month_precision_event_is_shown_at_its_precision(client, demo):
    page = text_of(client.get("/events/lee-nhk-interview-2026/"))
    assert "Jan 2026" in page
    assert "known to the month" in page
    assert "1 Jan 2026" not in page


def test_person_page_shows_positions_and_counterparts(client, demo):
    page = text_of(client.get("/people/sanae-takaichi/"))
    assert "Prime Minister of Japan" in page
    assert "in office" in page
    assert "South Korea" in page
    assert "President of South Korea" in page


def test_person_page_draws_terms_of_office_behind_person_lanes(client, demo):
    response = client.get("/people/lee-jae-myung/")
    shapes = response.context["timeline"]["layout"]["shapes"]
    labels = [shape["label"]["text"] for shape in shapes]
    assert labels.count("Prime Minister of Japan") == 2  # Ishiba, then Takaichi
    assert "President of South Korea" in labels


def test_country_page_lists_most_frequent_counterparts(client, demo):
    response = client.get("/countries/KR/")
    counterparts = response.context["counterparts"]
    assert counterparts[0]["country__name"] == "Japan"
    assert {row["country_id"] for row in counterparts} >= {"JP", "CN", "CA"}


def test_series_page_lists_meetings_with_gaps(client, demo):
    meetings = client.get("/series/korea-japan-shuttle-diplomacy/").context["meetings"]
    assert [(event.slug, gap) for event, gap in meetings] == [
        ("lee-ishiba-tokyo-2025", None),
        ("lee-ishiba-busan-2025", 38),
        (NARA, 105),
    ]


@pytest.mark.parametrize(
    "url, query",
    [
        ("/?country=JP&kind=bilateral_summit", "country=JP&amp;kind=bilateral_summit"),
        ("/events/?country=JP&page=1", "country=JP"),
        ("/topics/north-korea/", "topic=north-korea"),
        ("/people/xi-jinping/?start=2026", "start=2026&amp;person=xi-jinping"),
    ],
)
def test_list_pages_cite_themselves_and_link_the_same_query_as_csv_and_json(client, demo, url, query):
    page = text_of(client.get(url))
    assert "Cite this view" in page
    assert "accessed" in page
    assert f'href="/events/export.csv?{query}"' in page
    assert f'href="/events/export.json?{query}"' in page


def test_drafts_are_invisible_to_anonymous_readers_everywhere(client, demo):
    draft = make_event("Secret draft meeting", host="JP", published=False)
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    for url in ("/", "/events/", "/countries/JP/"):
        assert "Secret draft meeting" not in text_of(client.get(url))
    timeline = orjson.loads(client.get("/charts/timeline.json").content)
    keys = mark_pks(timeline)
    assert draft.pk not in keys and Event.objects.get(slug=NARA).pk in keys
    assert client.get(f"/events/mark/{mark_key(draft.pk)}/").status_code == 404


def test_a_marks_key_leads_to_its_event_page(client, demo):
    nara = Event.objects.get(slug=NARA)
    response = client.get(f"/events/mark/{mark_key(nara.pk)}/")
    assert response.status_code == 302 and response["Location"] == f"/events/{NARA}/"
    assert client.get(response["Location"]).context["event"] == nara
    assert client.get(f"/events/mark/{mark_key(999999)}/").status_code == 404
    assert client.get(f"/events/mark/{2**32}/").status_code == 404
    # A slug that happens to be "mark" is still an event page of its own.
    assert client.get("/events/mark/").status_code == 404


def test_mark_keys_of_many_events_are_their_mark_key_each():
    pks = [0, 1, 2, 0xFFFF, 0x10000, 2**31, 2**32 - 1, *range(3, 5000, 7)]
    assert list(mark_keys(pks)) == [mark_key(pk) for pk in pks]
    assert list(mark_keys([])) == []
    with pytest.raises(ValueError):
        mark_keys([1, 2**32])


@pytest.mark.django_db
def test_mark_keys_are_a_bijection_that_hides_the_order_of_primary_keys():
    keys = [mark_key(pk) for pk in range(1, 2001)]
    assert [event_pk(key) for key in keys] == list(range(1, 2001))
    assert len(set(keys)) == len(keys) and all(0 <= key < 2**32 for key in keys)
    # Neighbouring events get unrelated keys: no runs, no small steps a reader could count gaps in.
    steps = [abs(b - a) for a, b in zip(keys, keys[1:], strict=False)]
    assert sum(step < 2**20 for step in steps) < 5
    assert sorted(keys) != keys


def test_staff_see_drafts(client, demo):
    staff = get_user_model().objects.create_user("editor", password="not-used-here", is_staff=True)
    client.force_login(staff)
    draft = make_event("Secret draft meeting", host="JP", published=False)
    assert client.get(f"/events/{draft.slug}/").status_code == 200
    assert "Secret draft meeting" in text_of(client.get("/events/"))
    assert client.get(f"/events/mark/{mark_key(draft.pk)}/")["Location"] == f"/events/{draft.slug}/"


def test_timeline_json_returns_the_figure_for_the_query(client, demo):
    response = client.get("/charts/timeline.json?country=CN&group=country")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    figure = orjson.loads(response.content)
    assert "China" in figure["layout"]["yaxis"]["ticktext"]


def test_home_page_embeds_each_chart_with_a_fallback_table(client, demo):
    response = client.get("/")
    page = text_of(response)
    for element_id in ("timeline-data", "map-data", "monthly-data", "matrix-data"):
        assert f'<script id="{element_id}" type="application/json">' in page
    assert page.count('<details class="fallback">') == 4
    # The year-precision seafood ban has no month, so the monthly chart says it left it out.
    assert response.context["year_only"] == 1
    assert "known only to the year" in page


def test_figure_json_in_the_page_cannot_close_its_script_element(client, demo):
    make_event("</script><script>alert(1)</script>", host="JP")
    page = text_of(client.get("/"))
    assert "</script><script>alert(1)" not in page
    embedded = figure_script({"title": "</script><script>alert(1)</script>"}, "data")
    assert embedded == (
        '<script id="data" type="application/json">'
        '{"title":"\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"}</script>'
    )


def test_event_table_sorts_by_title(client, demo):
    response = client.get("/events/?sort=title")
    titles = [event.title for event in response.context["page"]]
    assert titles == sorted(titles)
    assert len(titles) == Event.objects.published().count()


def test_event_table_paginates(client, demo):
    for number in range(55):
        make_event(f"Call {number}", kind=Event.Kind.PHONE_CALL, host="KR")
    first = client.get("/events/?kind=phone_call")
    second = client.get("/events/?kind=phone_call&page=2")
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert "?kind=phone_call&amp;page=2" in text_of(first)
