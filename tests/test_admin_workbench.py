"""The Event page as a Researcher and an Editor use it: which kinds count in the ordinals, slugs
made by our rule, sentences that read as English, and a warning for a place with no country."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from tests.factories import make_event, make_office, make_person, make_position
from tracker.domain import derived
from tracker.models import Country, Event, Participation, Person
from tracker.models.reference import name_in_sentence

ADD_URL = "/admin/tracker/event/add/"
ROLES = ["researcher", "editor"]


@pytest.fixture(params=ROLES)
def staff(request, client, db):
    """Signed in as a Researcher, then as an Editor."""
    return request.getfixturevalue(request.param)


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("participations", "statements", "citations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def _event_form(**values) -> dict:
    return {"title": "Talks", "slug": "", "kind": "phone_call", "when": "13 Jan 2026", "lifecycle": "held"} | (
        _empty_inlines() | values
    )


# Which kinds count ------------------------------------------------------------------------------


def test_the_kind_help_names_every_kind_and_whether_it_counts(client, staff):
    page = client.get(ADD_URL).content.decode()
    for _value, label, counted in derived.kinds_in_ordinals():
        verdict = "counts as a summit and a meeting" if counted else "not counted"
        assert f'<tr class="{"counted" if counted else "not-counted"}"><td>{label}</td><td>{verdict}</td></tr>' in page
    assert len(derived.kinds_in_ordinals()) == len(Event.Kind) == 15
    assert "Bilateral summit, Bilateral meeting on the sidelines, State visit, Official visit, Working visit" in page


@pytest.mark.parametrize("kind", Event.Kind.values)
def test_what_the_help_says_of_a_kind_is_what_the_ordinals_do(db, kind):
    """The help is generated from the rule; this checks the rule is the one the ordinals apply."""
    lee, takaichi = make_person("Lee Jae Myung"), make_person("Sanae Takaichi")
    make_position(lee, make_office("President", "KR", kind="head_of_state_and_government"), date(2025, 6, 4))
    make_position(takaichi, make_office("Prime Minister", "JP"), date(2025, 10, 21))
    event = make_event("Lee and Takaichi", kind=kind, participants=[lee, takaichi])
    counted = {value: counted for value, _, counted in derived.kinds_in_ordinals()}[kind]
    assert bool(derived.meeting_ordinals(event)) is counted


# Sentences --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "in_sentence"),
    [
        ("United States", "the United States"),
        ("Philippines", "the Philippines"),
        ("United Kingdom", "the United Kingdom"),
        ("Netherlands", "the Netherlands"),
        ("Republic of Korea", "the Republic of Korea"),
        ("Russian Federation", "the Russian Federation"),
        ("United Arab Emirates", "the United Arab Emirates"),
        ("Marshall Islands", "the Marshall Islands"),
        ("Soviet Union", "the Soviet Union"),
        ("Holy See (Vatican City State)", "the Holy See (Vatican City State)"),
        ("Japan", "Japan"),
        ("South Korea", "South Korea"),
        ("Isle of Man", "Isle of Man"),
        ("The Gambia", "The Gambia"),
        ("Korea, Republic of", "Korea, Republic of"),
    ],
)
def test_country_names_take_the_where_english_does(name, in_sentence):
    assert name_in_sentence(name) == in_sentence


def test_the_seeded_united_states_reads_with_the(db):
    assert Country.objects.get(code="US").name_in_sentence == "the United States"
    assert Country.objects.get(code="PH").name_in_sentence == "the Philippines"
    assert Country.objects.get(code="JP").name_in_sentence == "Japan"


def test_an_ordinal_sentence_says_a_president_of_the_united_states(db):
    takaichi, trump = make_person("Sanae Takaichi"), make_person("Donald Trump")
    make_position(takaichi, make_office("Prime Minister", "JP"), date(2025, 10, 21))
    president = make_office("President", "US", kind="head_of_state_and_government")
    make_position(trump, president, date(2025, 1, 20))
    event = make_event("Takaichi–Trump summit", when="28 Oct 2025", participants=[takaichi, trump])
    sentences = derived.ordinal_sentences(derived.meeting_ordinals(event))
    assert "Sanae Takaichi's 1st summit with a President of the United States since taking office" in sentences[0]
    assert str(president) == "President of the United States"


def test_an_office_starting_with_a_vowel_takes_an(db):
    lee, emir = make_person("Lee Jae Myung"), make_person("Tamim bin Hamad")
    make_position(lee, make_office("President", "KR", kind="head_of_state_and_government"), date(2025, 6, 4))
    make_position(emir, make_office("Emir", "QA", kind="head_of_state"), date(2013, 6, 25))
    event = make_event("Lee in Doha", when="3 Feb 2026", participants=[lee, emir])
    sentences = derived.ordinal_sentences(derived.meeting_ordinals(event))
    assert any("1st summit with an Emir of Qatar" in sentence for sentence in sentences)
    assert derived.indefinite_article("Union Minister") == "a"


# Warnings on save -------------------------------------------------------------------------------


def test_a_place_without_a_country_and_a_summit_without_a_host_are_warned_about(client, staff):
    form = _event_form(title="Lee–Takaichi summit", kind="bilateral_summit", place_name="Nara")
    response = client.post(ADD_URL, form)
    assert response.status_code == 302
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert "“Nara” has no country: pick the place's country so readers see where it was." in warnings
    assert "No host recorded: pick the host country or organisation of this meeting." in warnings


def test_a_complete_place_and_host_draw_no_warning(client, staff):
    form = _event_form(kind="bilateral_summit", place_name="Nara", place_country="JP", host_country="JP")
    response = client.post(ADD_URL, form)
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert not [warning for warning in warnings if "no country" in warning or "No host" in warning]


# Slugs on admin pages ---------------------------------------------------------------------------


def test_a_blank_slug_is_made_from_the_title_on_save(client, staff):
    for _ in range(2):
        assert client.post(ADD_URL, _event_form(title="Lee–Takaichi summit")).status_code == 302
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["lee-takaichi-summit", "lee-takaichi-summit-2"]


def test_a_typed_slug_is_kept(client, staff):
    assert client.post(ADD_URL, _event_form(slug="nara-2026")).status_code == 302
    assert Event.objects.get().slug == "nara-2026"


def test_a_person_with_a_korean_name_gets_a_latin_slug(client, staff):
    response = client.post(
        "/admin/tracker/person/add/",
        {
            "name": "이재명",
            "native_name": "",
            "slug": "",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get().slug == "i-jae-myeong"


def test_the_add_page_follows_our_rule_not_djangos_javascript(client, staff):
    page = client.get(ADD_URL).content.decode()
    assert 'data-slug-url="/admin/tracker/event/slug/"' in page
    assert 'data-slug-sources="title"' in page
    assert "tracker/admin-slug.js" in page
    assert "prepopulated_fields" not in page and "#id_slug" not in page  # Django's URLify is not used


@pytest.mark.parametrize(
    ("url", "query", "slug"),
    [
        ("/admin/tracker/event/slug/", {"title": "Lee–Takaichi summit"}, "lee-takaichi-summit"),
        ("/admin/tracker/person/slug/", {"name": "이재명"}, "i-jae-myeong"),
        ("/admin/tracker/organization/slug/", {"acronym": "", "name": "Quad"}, "quad"),
        ("/admin/tracker/topic/slug/", {"name": "高市早苗"}, "gao-shi-zao-miao"),
        ("/admin/tracker/series/slug/", {"name": "Korea–Japan shuttle"}, "korea-japan-shuttle"),
    ],
)
def test_the_slug_preview_answers_each_role_with_the_saved_rule(client, staff, url, query, slug):
    response = client.get(url, query)
    assert response.status_code == 200
    assert response.json() == {"slug": slug}


def test_the_slug_preview_counts_past_taken_slugs_but_not_the_record_itself(client, staff):
    event = make_event("Talks", slug="talks")
    assert client.get("/admin/tracker/event/slug/", {"title": "Talks"}).json() == {"slug": "talks-2"}
    assert client.get("/admin/tracker/event/slug/", {"title": "Talks", "object": event.pk}).json() == {"slug": "talks"}


def test_the_slug_preview_is_for_staff_only(client, db):
    response = client.get("/admin/tracker/event/slug/", {"title": "Talks"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_participations_saved_on_the_page_keep_working(client, staff):
    """The slug mixin sits under the Event page's own form: inlines still save with it."""
    lee = make_person("Lee Jae Myung")
    form = _event_form() | {
        "participations-TOTAL_FORMS": "1",
        "participations-0-person": str(lee.pk),
        "participations-0-role": "participant",
    }
    assert client.post(ADD_URL, form).status_code == 302
    assert Participation.objects.get().event.slug == "talks"
