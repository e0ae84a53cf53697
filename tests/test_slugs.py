"""Slugs: readable Latin whatever the script, never empty, never another record's; one rule for the
admin, every model save and the importer (tracker.domain.slugs)."""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders_api import make_person
from tests.factories import make_event
from tracker.domain.slugs import slugify, unique_slug
from tracker.imports import import_events
from tracker.models import Event, Office, Organization, Person, Series, Topic

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lee–Takaichi summit", "lee-takaichi-summit"),  # en dash: Django's slugify said "leetakaichi-summit"
        ("Ishiba—Lee talks", "ishiba-lee-talks"),  # em dash
        ("Korea‐Japan shuttle diplomacy", "korea-japan-shuttle-diplomacy"),  # U+2010 hyphen
        ("이재명", "i-jae-myeong"),
        ("高市早苗", "gao-shi-zao-miao"),
        ("たかいち さなえ", "takaichi-sanae"),
        ("Zürich − Genève", "zurich-geneve"),
        ("G7 Summit, Kananaskis 2025", "g7-summit-kananaskis-2025"),
        ("  --Already-a-slug--  ", "already-a-slug"),
        ("— · —", ""),
    ],
)
def test_slugify_writes_readable_latin(text, slug):
    assert slugify(text) == slug


def test_a_long_slug_is_cut_at_a_word():
    assert slugify("Korea Japan summit " * 20, max_length=40) == "korea-japan-summit-korea-japan-summit"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=8, max_value=120))
def test_slugify_always_gives_a_slug_or_nothing(text, max_length):
    slug = slugify(text, max_length=max_length)
    assert slug == "" or SLUG.match(slug)
    assert len(slug) <= max_length


def test_unique_slug_counts_on_and_never_comes_back_empty(db):
    make_event("Talks", slug="talks")
    make_event("Talks again", slug="talks-2")
    queryset = Event.objects.all()
    assert unique_slug("Talks", queryset=queryset, max_length=200, fallback="event") == "talks-3"
    assert unique_slug("—", queryset=queryset, max_length=200, fallback="event") == "event"
    own = Event.objects.get(slug="talks")
    assert unique_slug("Talks", queryset=queryset, max_length=200, fallback="event", exclude_pk=own.pk) == "talks"


@pytest.mark.parametrize(
    ("model", "values", "slug"),
    [
        (Event, {"title": "Lee–Takaichi summit", "kind": "bilateral_summit"}, "lee-takaichi-summit"),
        (Person, {"name": "이재명"}, "i-jae-myeong"),
        (Topic, {"name": "North Korea"}, "north-korea"),
        (Series, {"name": "Korea–Japan shuttle diplomacy"}, "korea-japan-shuttle-diplomacy"),
        (Organization, {"name": "Asia-Pacific Economic Cooperation", "acronym": "APEC"}, "apec"),
        (Organization, {"name": "Quad", "acronym": ""}, "quad"),
        (Office, {"title": "Prime Minister", "kind": "head_of_government", "country_id": "JP"}, "prime-minister-jp"),
    ],
    ids=["event", "person", "topic", "series", "organization", "organization-without-acronym", "office"],
)
def test_a_record_saved_without_a_slug_gets_one(db, model, values, slug):
    if model is Event:
        values = {**values, "start_date": date(2026, 1, 13), "end_date": date(2026, 1, 14)}
    record = model.objects.create(**values)
    assert record.slug == slug
    record.save()
    assert record.slug == slug, "saving again keeps the slug"


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Event, {"title": "Lee–Takaichi summit", "kind": "bilateral_summit"}),
        (Person, {"name": "Kim Jong-un"}),
        (Office, {"title": "Envoy", "kind": "envoy", "country_id": "KR"}),
    ],
    ids=["event", "person", "office"],
)
def test_records_with_the_same_title_get_numbered_slugs(db, model, values):
    if model is Event:
        values = {**values, "start_date": date(2026, 1, 13), "end_date": date(2026, 1, 14)}
    slugs = [model.objects.create(**values).slug for _ in range(3)]
    assert slugs[1:] == [f"{slugs[0]}-2", f"{slugs[0]}-3"]


# The importer ----------------------------------------------------------------------------------

HEADER = "title,kind,start_date,countries\r\n"


def test_the_importer_makes_slugs_by_the_same_rule_and_numbers_repeats(db):
    make_event("Lee–Takaichi summit", slug="lee-takaichi-summit")
    rows = "".join(f"Lee–Takaichi summit,bilateral_summit,{day} Jan 2026,KR;JP\r\n" for day in (13, 14))
    rows += "高市早苗 statement,statement,15 Jan 2026,JP\r\n"
    report = import_events(HEADER + rows, file_format="csv")
    assert report.ok, report.errors
    made = sorted(Event.objects.filter(start_date__year=2026).values_list("slug", flat=True))
    assert made == [
        "gao-shi-zao-miao-statement",
        "lee-takaichi-summit",
        "lee-takaichi-summit-2",
        "lee-takaichi-summit-3",
    ]


def test_the_importer_numbers_past_a_run_of_taken_slugs(db):
    make_event("Talks", slug="talks")
    for number in range(2, 30):
        make_event("Talks", slug=f"talks-{number}")
    report = import_events(HEADER + "Talks,phone_call,1 Feb 2026,KR\r\n", file_format="csv")
    assert report.ok, report.errors
    assert Event.objects.filter(start_date__month=2, start_date__year=2026).get().slug == "talks-30"


def test_a_typed_slug_keeps_its_place_before_a_derived_one(db):
    text = "title,slug,kind,start_date\r\nTalks,,phone_call,1 Feb 2026\r\nOther talks,talks,phone_call,2 Feb 2026\r\n"
    report = import_events(text, file_format="csv")
    assert report.ok, report.errors
    assert dict(Event.objects.values_list("title", "slug")) == {"Talks": "talks-2", "Other talks": "talks"}


def test_a_created_person_never_takes_an_existing_persons_slug(db):
    # Two names one slug stands for: an apostrophe is part of a name, so they stay two people.
    make_person("Sean O'Neil", slug="sean-oneil")
    row = "title,kind,start_date,participants\r\nCall,phone_call,1 Feb 2026,|Sean Oneil|participant|||\r\n"
    report = import_events(row, file_format="csv", create_people=True)
    assert report.ok, report.errors
    assert report.people_created == ["sean-oneil-2"]
    assert Person.objects.get(slug="sean-oneil").name == "Sean O'Neil"
    assert Person.objects.get(slug="sean-oneil-2").name == "Sean Oneil"


def test_a_created_person_with_a_korean_name_gets_a_latin_slug(db):
    row = "title,kind,start_date,participants\r\nCall,phone_call,1 Feb 2026,|이재명|participant|||\r\n"
    report = import_events(row, file_format="csv", create_people=True)
    assert report.ok, report.errors
    assert Person.objects.get(slug="i-jae-myeong").name == "이재명"
