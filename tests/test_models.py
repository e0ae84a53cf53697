from datetime import date

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_init, pre_init

from tests.factories import make_event, make_office, make_person, make_position
from tracker.models import Country, Event, Participation, Position


@pytest.mark.django_db
def test_countries_are_seeded_with_every_iso_code_and_former_states():
    codes = set(Country.objects.values_list("code", flat=True))
    assert len(codes) == 256  # with AN, XS and XK
    assert {"KR", "JP", "CN", "KP", "US"} <= codes
    former = set(Country.objects.filter(is_former=True).values_list("code", flat=True))
    assert former == {"SU", "YU", "DD", "CS", "XS", "AN"}
    assert Country.objects.get(code="KR").name == "South Korea"


@pytest.mark.django_db
def test_database_rejects_an_event_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            title="Backwards",
            slug="backwards",
            kind="phone_call",
            start_date=date(2026, 1, 14),
            end_date=date(2026, 1, 13),
        )


@pytest.mark.django_db
def test_database_rejects_a_second_participation_of_the_same_person():
    person = make_person()
    event = make_event(participants=[person])
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(event=event, person=person)


@pytest.mark.django_db
def test_database_rejects_a_duplicate_event_slug():
    make_event(slug="nara")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(slug="nara")


@pytest.mark.django_db
def test_database_rejects_a_position_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_position(make_person(), make_office(), date(2025, 10, 21), date(2025, 10, 1))


@pytest.mark.django_db
def test_database_rejects_half_given_coordinates():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(latitude=34.68)


@pytest.mark.django_db
def test_participation_defaults_office_and_country_from_the_position_held_that_day():
    person = make_person("Sanae Takaichi")
    office = make_office("Prime Minister", "JP")
    position = make_position(person, office, date(2025, 10, 21))
    event = make_event(when="13 Jan 2026", participants=[person])
    participation = event.participations.get()
    assert participation.position == position
    assert participation.represented_country_id == "JP"


@pytest.mark.django_db
def test_no_position_is_guessed_outside_a_term_of_office():
    person = make_person()
    make_position(person, make_office(), date(2024, 10, 1), date(2025, 10, 21))
    event = make_event(when="13 Jan 2026", participants=[person])
    assert event.participations.get().position is None


@pytest.mark.django_db
def test_involved_countries_follow_host_participants_and_parties():
    lee = make_person()
    make_position(lee, make_office("President", "KR", kind="head_of_state_and_government"), date(2025, 6, 4))
    event = make_event(host_country=Country.objects.get(code="JP"), participants=[lee])
    assert set(event.country_links.values_list("country_id", flat=True)) == {"JP", "KR"}
    event.party_countries.add("CN")
    assert set(event.country_links.values_list("country_id", flat=True)) == {"CN", "JP", "KR"}
    event.participations.all().delete()
    assert set(event.country_links.values_list("country_id", flat=True)) == {"CN", "JP"}


@pytest.mark.django_db
def test_event_keeps_its_duration_and_copies_dates_to_country_links():
    event = make_event(when="4–7 Jan 2026", host_country=Country.objects.get(code="CN"))
    assert event.duration_days == 3
    link = event.country_links.get()
    assert (link.start_date, link.end_date) == (date(2026, 1, 4), date(2026, 1, 7))


@pytest.mark.django_db
def test_kind_maps_to_cameo_and_plover():
    state_visit = make_event(kind=Event.Kind.STATE_VISIT)
    call = make_event(kind=Event.Kind.PHONE_CALL)
    assert (state_visit.cameo_code, state_visit.plover_type, state_visit.plover_mode) == ("042/043", "CONSULT", "visit")
    assert (call.cameo_code, call.plover_type, call.plover_mode) == ("041", "CONSULT", "phone")


@pytest.mark.django_db
def test_every_kind_has_codes():
    from tracker.models import KIND_CODES

    assert set(KIND_CODES) == set(Event.Kind.values)


@pytest.mark.django_db
def test_position_knows_whether_it_was_held_on_a_day():
    position = Position(start_date=date(2024, 10, 1), end_date=date(2025, 10, 21))
    assert position.held_on(date(2025, 10, 21))
    assert not position.held_on(date(2025, 10, 22))
    assert Position(start_date=date(2025, 6, 4)).held_on(date(2030, 1, 1))


@pytest.mark.django_db
def test_an_event_loaded_from_a_row_is_what_djangos_own_loading_builds():
    person = make_person("Lee Jae-myung")
    made = make_event(
        "Summit in Nara",
        when="13–14 Jan 2026",
        participants=[person],
        host_country_id="JP",
        latitude=34.685,
        longitude=135.805,
    )
    loaded = Event.objects.get(pk=made.pk)
    columns = [field.attname for field in Event._meta.concrete_fields]
    row = Event.objects.filter(pk=made.pk).values_list(*columns).get()
    by_django = models.Model.from_db.__func__(Event, "default", columns, row)
    assert type(loaded) is Event
    assert {name: getattr(loaded, name) for name in columns} == {name: getattr(by_django, name) for name in columns}
    assert (loaded._state.adding, loaded._state.db) == (False, "default")
    assert loaded.host_country.name == made.host_country.name
    loaded.title = "Summit in Nara, renamed"
    loaded.save()
    assert Event.objects.count() == 1
    assert Event.objects.get(pk=made.pk).title == "Summit in Nara, renamed"


@pytest.mark.django_db
def test_events_load_through_the_fast_path_and_deferred_fields_still_load_on_demand():
    # A listener on the init signals would quietly send every row down Django's slower path.
    assert not pre_init.receivers and not post_init.receivers
    made = make_event("Phone call", summary="They spoke for an hour.")
    partial = Event.objects.only("title").get(pk=made.pk)
    assert partial.get_deferred_fields() >= {"summary"}
    assert partial.summary == "They spoke for an hour."


@pytest.mark.django_db
def test_a_list_row_loads_its_own_columns_directly_and_the_others_when_asked(monkeypatch):
    summit = make_event("Summit in Nara", when="13–14 Jan 2026", host_country_id="JP", summary="Two days of talks.")
    dinner = make_event(
        "Dinner in Nara", when="13 Jan 2026", parent=summit, summary="A state dinner.", place_country_id="JP"
    )

    djangos_loading = models.Model.from_db.__func__

    def refused_for_events(cls, db, field_names, values):
        assert cls is not Event, "an event's list row took Django's slower loading path"
        return djangos_loading(cls, db, field_names, values)

    monkeypatch.setattr(models.Model, "from_db", classmethod(refused_for_events))
    rows = list(Event.objects.filter(pk__in=[summit.pk, dinner.pk]).list_rows().for_event_table())
    monkeypatch.undo()
    by_title = {row.title: row for row in rows}
    listed = {"id", *(Event._meta.get_field(name).attname for name in Event.LIST_ROW_FIELDS)}
    every = {field.attname for field in Event._meta.concrete_fields}
    row = by_title["Dinner in Nara"]
    assert row.get_deferred_fields() == every - listed
    assert (row.when, row.get_absolute_url()) == ("13 Jan 2026", dinner.get_absolute_url())
    # The place's country joined in is a whole row; the list row's other columns load on first use.
    assert row.place_country.name == "Japan" and row.place_country.get_deferred_fields() == set()
    assert (row.summary, row.uid, row.parent.title) == ("A state dinner.", dinner.uid, summit.title)


@pytest.mark.django_db
def test_a_query_of_the_events_own_columns_builds_them_in_its_loop_and_any_other_takes_djangos_path(monkeypatch):
    summit = make_event("Summit in Nara", when="13–14 Jan 2026", host_country_id="JP")
    call = make_event("Phone call", when="2 Feb 2026")
    loaded_one_by_one = []
    loading = Event.from_db.__func__

    def counted(cls, db, field_names, values):
        loaded_one_by_one.append(values[0])
        return loading(cls, db, field_names, values)

    monkeypatch.setattr(Event, "from_db", classmethod(counted))
    rows = list(Event.objects.order_by("start_date").list_rows())
    whole = list(Event.objects.order_by("start_date"))
    assert loaded_one_by_one == []
    assert [(row.pk, row.title, row.when, row.is_published) for row in rows] == [
        (summit.pk, "Summit in Nara", "13–14 Jan 2026", True),
        (call.pk, "Phone call", "2 Feb 2026", True),
    ]
    assert {(row._state.adding, row._state.db) for row in rows + whole} == {(False, "default")}
    assert [row.uid for row in whole] == [summit.uid, call.uid]
    assert "summary" in rows[0].get_deferred_fields() and rows[0].summary == summit.summary
    loaded_one_by_one.clear()
    # Joined rows and annotations are Django's to build, each row through from_db.
    joined = Event.objects.order_by("start_date").select_related("host_country")
    assert [row.host_country and row.host_country.name for row in joined] == ["Japan", None]
    annotated = Event.objects.order_by("start_date").annotate(year=models.F("start_date"))
    assert [row.year for row in annotated] == [summit.start_date, call.start_date]
    assert loaded_one_by_one == [summit.pk, call.pk, summit.pk, call.pk]


@pytest.mark.django_db
def test_saving_a_list_row_keeps_the_columns_it_did_not_read():
    made = make_event("Phone call", summary="They spoke for an hour.", wikidata_qid="Q42")
    row = Event.objects.list_rows().get(pk=made.pk)
    row.title = "Phone call, renamed"
    row.save()
    stored = Event.objects.get(pk=made.pk)
    assert (stored.title, stored.summary, stored.wikidata_qid, stored.uid) == (
        "Phone call, renamed",
        "They spoke for an hour.",
        "Q42",
        made.uid,
    )


def test_only_rows_of_field_columns_with_their_key_skip_djangos_loading():
    assert Event._loads_directly(["id", "title", "slug"])
    assert not Event._loads_directly(["title", "slug"])
    assert not Event._loads_directly(["id", "title", "not_a_column"])
    assert not Event._loads_directly(["id", "title", "title"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name", "former"),
    [
        ("XK", "Kosovo", False),
        ("AN", "Netherlands Antilles", True),
        ("SU", "Soviet Union", True),
        ("YU", "Yugoslavia", True),
        ("DD", "East Germany", True),
        ("CS", "Czechoslovakia", True),
        ("XS", "Serbia and Montenegro", True),
    ],
)
def test_former_and_user_assigned_countries(code, name, former):
    country = Country.objects.get(code=code)
    assert (country.name, country.is_former) == (name, former)
    assert country.valid_until is not None or not former
