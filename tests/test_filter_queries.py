"""The shared filter: one probe of the longest event duration per request, and filters copied per bound instance."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders_bench import make_event
from tracker.models import Event, Series
from tracker.queries.filters import EventFilter
from tracker.queries.selectors import events_matching


@pytest.mark.django_db
def test_country_and_window_filter_asks_for_the_longest_duration_once():
    inside = make_event(host="KR", start=date(2025, 3, 1))
    # Starts before the window and lasts into it: found only because the bound allows its duration.
    overlapping = make_event(host="KR", start=date(2024, 12, 20), end=date(2025, 1, 10))
    make_event(host="JP", start=date(2025, 3, 1))
    make_event(host="KR", start=date(2023, 3, 1))
    with CaptureQueriesContext(connection) as queries:
        rows = list(events_matching({"country": ["KR"], "start": "2025", "end": "2025"}, AnonymousUser()).events)
    # longest_event_duration: the longest first, one row.
    longest_probes = [
        sql
        for sql in (query["sql"] for query in queries.captured_queries)
        if "duration_days" in sql and "DESC LIMIT 1" in sql
    ]
    assert len(longest_probes) == 1
    assert [event.pk for event in rows] == [overlapping.pk, inside.pk]
    same = Event.objects.published().involving(["KR"]).between(date(2025, 1, 1), date(2025, 12, 31))
    assert sorted(event.pk for event in rows) == sorted(same.values_list("pk", flat=True))


@pytest.mark.django_db
def test_filters_bound_one_after_another_each_answer_their_own_query_string():
    korea = make_event(host="KR", start=date(2025, 3, 1))
    japan = make_event(host="JP", start=date(2025, 3, 1))
    first = EventFilter({"country": ["KR"]}, queryset=Event.objects.all())
    second = EventFilter({"country": ["JP"]}, queryset=Event.objects.all())
    assert first.is_valid() and second.is_valid()
    # The method filters of `first` read `first`'s form, though `second` was bound since.
    assert list(first.qs) == [korea]
    assert list(second.qs) == [japan]
    assert first.filters["country"] is not EventFilter.base_filters["country"]
    assert first.filters["country"].extra is not EventFilter.base_filters["country"].extra
    assert first.filters["country"].parent is first


@pytest.mark.django_db
def test_the_shared_form_class_offers_choices_added_after_it_was_built():
    EventFilter({}).form.as_p()
    Series.objects.create(name="Shuttle diplomacy", slug="shuttle-diplomacy")
    form = EventFilter({"series": ["shuttle-diplomacy"]}).form
    assert type(form) is EventFilter.shared_form_class()
    assert form.is_valid(), form.errors
    assert 'value="shuttle-diplomacy"' in str(form["series"])


@pytest.mark.django_db
@pytest.mark.parametrize("surface", ["/events/", "/api/events/", "/events/export.csv"])
def test_match_all_with_people_keeps_only_the_meetings_between_them(client, surface):
    from tests.factories import make_event as make_reader_event
    from tests.factories import make_person

    lee, takaichi, xi = make_person("Lee Jae Myung"), make_person("Sanae Takaichi"), make_person("Xi Jinping")
    both = make_reader_event("Lee and Takaichi meet", participants=[lee, takaichi], is_published=True)
    only_lee = make_reader_event("Lee and Xi meet", participants=[lee, xi], is_published=True)
    query = f"person={lee.slug}&person={takaichi.slug}"

    either = client.get(f"{surface}?{query}")
    every = client.get(f"{surface}?{query}&match=all")

    assert either.status_code == every.status_code == 200
    either_text, every_text = _body(either), _body(every)
    assert both.title in either_text and only_lee.title in either_text
    assert both.title in every_text and only_lee.title not in every_text


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.django_db
def test_match_all_names_each_person_once_even_when_repeated():
    from tests.factories import make_event as make_reader_event
    from tests.factories import make_person

    lee = make_person("Lee Jae Myung")
    alone = make_reader_event("Lee speaks", participants=[lee], is_published=True)
    rows = events_matching({"person": [lee.slug, lee.slug], "match": "all"}, AnonymousUser()).events
    assert list(rows) == [alone]


@pytest.mark.django_db
def test_a_choice_left_out_cleans_to_an_empty_list_not_a_query_to_compile():
    """Django cleans an omitted multiple choice to queryset.none(), and each later "anything chosen?"
    compiled a reader's public-people query: over half of binding a filter at 100k events."""
    filterset = EventFilter({"country": ["KR"]}, queryset=Event.objects.all(), drafts_visible=False)
    assert filterset.is_valid()
    assert {name: filterset.form.cleaned_data[name] for name in ("person", "topic", "series")} == {
        "person": [],
        "topic": [],
        "series": [],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("drafts_visible", [True, False])
def test_each_form_has_its_own_fields_and_renders_as_djangos_deep_copies_would(drafts_visible):
    import copy

    from django import forms

    Series.objects.create(name="Shuttle diplomacy", slug="shuttle-diplomacy")
    form_class = EventFilter.shared_form_class(public=not drafts_visible)
    query = {"country": ["KR"], "kind": ["phone_call"], "start": "2025"}
    first = EventFilter(query, drafts_visible=drafts_visible).form
    second = EventFilter({}, drafts_visible=drafts_visible).form
    for name, field in first.fields.items():
        other, template = second.fields[name], form_class.base_fields[name]
        assert field is not other and field is not template
        assert field.widget is not other.widget and field.widget.attrs is not other.widget.attrs
        assert field.error_messages is not other.error_messages and field.validators is not other.validators
        if isinstance(field, forms.ModelChoiceField):
            assert field.queryset is not other.queryset and field.queryset.query is not other.queryset.query
            assert field.widget.choices.field is field
        elif isinstance(field, forms.ChoiceField):
            assert field.choices == other.choices and field.choices is not other.choices

    first.fields["kind"].choices = [("phone_call", "A call")]
    first.fields["country"].widget.attrs["data-changed"] = "yes"
    first.fields["series"].queryset = Series.objects.none()
    assert len(second.fields["kind"].choices) == len(Event.Kind.choices)
    assert "data-changed" not in second.fields["country"].widget.attrs
    # A series no published event belongs to is offered to staff only.
    assert ('value="shuttle-diplomacy"' in str(second["series"])) is drafts_visible

    by_django = forms.BaseForm.__new__(form_class)
    # What Django's form does with fields it copies itself: a deep copy of every template.
    form_class.__init__(by_django, query)
    by_django.fields = {name: copy.deepcopy(field) for name, field in dict(form_class.base_fields).items()}
    ours = EventFilter(query, drafts_visible=drafts_visible).form
    assert ours.is_valid() == by_django.is_valid()
    assert str(ours) == str(by_django)
