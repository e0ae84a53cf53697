"""The one filter every surface shares: pages, charts, exports and the API read the same query string.

`/events/?country=KR&country=JP&match=all&start=2025-06` means the same rows everywhere. Bad values
are errors the caller reports (400), never silently ignored.
"""

import copy

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tracker.domain import derived
from tracker.domain.dates import PartialDateError, parse_window_bound
from tracker.domain.search import SearchTooLong, search_words
from tracker.models import Country, Event, Office, Person, Series, Topic, longest_event_duration


class QuickSelectMultiple(forms.SelectMultiple):
    """A multi-select whose options are written in Python. The people and country lists hold
    hundreds or thousands of options, and Django's one-template-per-option rendering made the filter
    form the slowest part of every list page (about 0.85 of 0.93 s at 10,000 events)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attributes = self.build_attrs(self.attrs, attrs)
        attributes["name"] = name
        # Country codes are accepted in any case ("jp"), so the choice is matched the same way.
        chosen = {item.lower() for item in self.format_value(value)}
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                str(option_value),
                mark_safe(" selected") if str(option_value).lower() in chosen else "",
                label,
            )
            for option_value, label in self.choices
        ]
        return format_html("<select{} multiple>{}</select>", flatatt(attributes), mark_safe("".join(options)))


class WindowBoundField(forms.CharField):
    """A window bound typed as a partial date: "2025", "2025-10", "Oct 2025", "13 Jan 2026"."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_window_bound(text, upper=self.upper)
        except PartialDateError as exc:
            raise forms.ValidationError(str(exc), code="invalid_date") from None


class WindowBoundFilter(django_filters.Filter):
    field_class = WindowBoundField


class SearchTextField(forms.CharField):
    """Words to search for, at most MAX_SEARCH_WORDS of them in MAX_SEARCH_CHARACTERS characters
    (tracker.domain.search): past that, an error on `q` before any query runs."""

    def validate(self, value) -> None:
        super().validate(value)
        try:
            search_words(value)
        except SearchTooLong as exc:
            raise forms.ValidationError(str(exc), code="search_too_long") from None


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class PresentChoiceField(django_filters.fields.ChoiceField):
    """A choice that may be left out, but not given empty: "?match=" names no choice at all, and
    taking it as the default would answer a question the reader did not ask."""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError(
                "an empty value is not a choice; give one of %(choices)s, or leave the parameter out.",
                code="empty_choice",
                params={"choices": ", ".join(str(key) for key, _ in self.choices)},
            )
        return super().clean(value)


class PresentChoiceFilter(django_filters.ChoiceFilter):
    field_class = PresentChoiceField


class ChosenRowsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that, left out, cleans to an empty list.

    Django cleans an omitted choice to `queryset.none()`, and every later "is anything chosen?"
    compiled that queryset: for a reader, the public people's or topics' query with its
    subqueries, three times per request, more than half of binding a filter."""

    def clean(self, value):
        if not value and not self.required:
            return []
        return super().clean(value)


class CodeMultipleChoiceField(ChosenRowsField):
    """Country codes, case-insensitive; names the codes it does not know."""

    default_error_messages = {
        "invalid_choice": "%(value)s is not a known ISO 3166-1 alpha-2 country code (e.g. KR, JP, CN).",
        "invalid_pk_value": "%(pk)s is not a country code.",
    }

    def clean(self, value):
        if value:
            value = [str(item).strip().upper() for item in value]
        return super().clean(value)


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CodeMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelectMultiple)
        super().__init__(*args, **kwargs)


class SlugChoiceField(ChosenRowsField):
    default_error_messages = {
        "invalid_choice": "%(value)s is not a known slug here.",
        "invalid_pk_value": "%(pk)s is not a valid slug.",
    }


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelectMultiple)
        super().__init__(*args, **kwargs)


class FilterCopies(dict):
    """The filters a FilterSet copies for each bound instance, copied shallowly.

    django-filter deep-copies every filter per request, with its querysets, choices and labels: a
    third of the cost of binding a query string. A filter's own state is its `extra` arguments and,
    for a method filter, the callable bound to it; the rest is shared configuration nobody writes to.
    """

    def __deepcopy__(self, memo) -> dict:
        return {name: _filter_copy(original) for name, original in self.items()}


def _filter_copy(original: django_filters.Filter) -> django_filters.Filter:
    clone = copy.copy(original)
    clone.extra = original.extra.copy()
    if original.method is not None:
        # The method wrapper points at the filter it was made for; the copy needs its own, which
        # finds the method on the copy's parent filterset.
        clone.method = original.method
    return clone


class FieldCopies(dict):
    """The fields a form copies for each instance, copied as Django's own __deepcopy__ of each field
    and widget copies them, without copy.deepcopy's generic walk.

    Django's copies were the largest part of binding a reader's filter (125 deepcopy calls and 23
    query clones per form, about a quarter of the binding's time). A field or widget class with a
    __deepcopy__ of its own beyond these (a MultiValueField, a MultiWidget) still goes through Django.
    """

    def __deepcopy__(self, memo) -> dict:
        return {name: _field_copy(field, memo) for name, field in self.items()}


# The __deepcopy__ methods whose copying _field_copy and _widget_copy repeat, by what they copy.
_PLAIN_FIELD_COPIES = {forms.Field.__deepcopy__}
_CHOICE_FIELD_COPIES = {forms.ChoiceField.__deepcopy__}
_MODEL_FIELD_COPIES = {forms.ModelChoiceField.__deepcopy__}
_WIDGET_COPIES = {forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__}


def _field_copy(field: forms.Field, memo: dict) -> forms.Field:
    copier = type(field).__deepcopy__
    if copier not in _PLAIN_FIELD_COPIES | _CHOICE_FIELD_COPIES | _MODEL_FIELD_COPIES:
        return copy.deepcopy(field, memo)
    clone = copy.copy(field)
    clone.widget = _widget_copy(field.widget, memo)
    clone.error_messages = field.error_messages.copy()
    clone.validators = field.validators[:]
    if copier in _CHOICE_FIELD_COPIES:
        # The choices are pairs of text: a new list of the same pairs is all a form may change.
        clone._choices = copy.copy(field._choices)
    elif copier in _MODEL_FIELD_COPIES and field.queryset is not None:
        # The setter gives the copy its own clone of the rows (no two forms share results) and
        # points the copied widget's choices at it.
        clone.queryset = field.queryset
    return clone


def _widget_copy(widget: forms.Widget, memo: dict) -> forms.Widget:
    if type(widget).__deepcopy__ not in _WIDGET_COPIES:
        return copy.deepcopy(widget, memo)
    clone = copy.copy(widget)
    clone.attrs = widget.attrs.copy()
    if hasattr(widget, "choices"):
        clone.choices = copy.copy(widget.choices)
    return clone


class EventFilter(django_filters.FilterSet):
    start = WindowBoundFilter(method="filter_start", label="From", help_text="e.g. 2025, 2025-10, Oct 2025")
    end = WindowBoundFilter(method="filter_end", label="Until", upper=True, help_text="e.g. 2026, Jan 2026")
    country = CountryCodesFilter(
        queryset=Country.objects.all(), to_field_name="code", method="filter_country", label="Countries"
    )
    match = PresentChoiceFilter(
        choices=[("any", "any of the chosen countries or people"), ("all", "all of the chosen countries and people")],
        method="keep",
        empty_label=None,
        label="Match",
    )
    person = SlugsFilter(queryset=Person.objects.all(), to_field_name="slug", method="filter_person", label="People")
    kind = django_filters.MultipleChoiceFilter(choices=Event.Kind.choices, label="Kinds", widget=QuickSelectMultiple)
    topic = SlugsFilter(queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic", label="Topics")
    # field_name names the slug: with to_field_name, django-filter compares field_name to each choice's slug.
    series = SlugsFilter(queryset=Series.objects.all(), to_field_name="slug", field_name="series__slug", label="Series")
    status = django_filters.MultipleChoiceFilter(
        field_name="lifecycle", choices=Event.Lifecycle.choices, label="Status", widget=QuickSelectMultiple
    )
    q = SearchTextFilter(method="filter_text", label="Text", help_text="Words in titles, summaries, quotes")
    # The map's markers link here: a place is its name as recorded, matched whole and in any case.
    place = django_filters.CharFilter(
        field_name="place_name", lookup_expr="iexact", label="Place", help_text="A place name, e.g. Nara"
    )
    # The events behind one derived fact on an event page ("5th summit with a Prime Minister of
    # Japan"): counted_for=<event uid> with person=<leader>&office=<counterpart office>, or with two
    # person= (the meetings between them). Hidden in the form, so applying other filters keeps them.
    counted_for = django_filters.UUIDFilter(method="filter_counted_for", label="Counted for", widget=forms.HiddenInput)
    office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(),
        to_field_name="slug",
        method="keep",
        label="Counterpart office",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "not a known office slug."},
    )

    class Meta:
        model = Event
        fields: list[str] = []

    # The filters whose choices are reference rows that only published events make public.
    READER_CHOICES = {"person": Person, "topic": Topic, "series": Series}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, drafts_visible: bool = True):
        """`drafts_visible=False` (selectors.events_matching says so for anyone but staff) offers and
        accepts only the people, topics and series that published events make public, and searches
        only the quotes readers may see (tracker.models.visibility); the window's bound on start_date
        then follows the longest published event, so a long draft cannot widen it. Bound without it,
        as in tools and tests, the filter offers every row and the caller's queryset alone decides
        the events."""
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.drafts_visible = drafts_visible

    @classmethod
    def public_choices(cls, name: str) -> QuerySet:
        """The public rows a reader may choose for `name`, built once per process: the query holds
        no request's state, and building its subqueries took most of a bound filter's time. A form
        field given it keeps a fresh clone (Django's setter calls .all()), so no two forms share
        results."""
        built = cls.__dict__.get("_public_choices")
        if built is None:
            built = cls._public_choices = {}
        if name not in built:
            built[name] = cls.READER_CHOICES[name].objects.public()
        return built[name]

    @classmethod
    def shared_form_class(cls, *, public: bool = False) -> type[forms.Form]:
        """The form class, built once per filterset class and audience: its fields are templates
        that each form instance copies (FieldCopies), so no request ever writes to them. With
        `public`, the people, topics and series offered and accepted are the public ones
        (public_choices), for everyone who does not see drafts."""
        key = "_public_form_class" if public else "_form_class"
        if key not in cls.__dict__:
            fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
            if public:
                for name in cls.READER_CHOICES:
                    fields[name] = copy.deepcopy(fields[name])
                    fields[name].queryset = cls.public_choices(name)
            form_class = type(f"{cls.__name__}{'Public' if public else ''}Form", (cls._meta.form,), fields)
            form_class.base_fields = FieldCopies(form_class.base_fields)
            setattr(cls, key, form_class)
        return cls.__dict__[key]

    def get_form_class(self) -> type[forms.Form]:
        return self.shared_form_class(public=not self.drafts_visible)

    def longest_duration(self) -> int:
        """longest_event_duration() over the events this filter may return, asked once per bound
        filter: the start bound and the country window both need it, and it cannot change between
        them within one request."""
        if not hasattr(self, "_longest_duration"):
            self._longest_duration = longest_event_duration(drafts=self.drafts_visible)
        return self._longest_duration

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    def filter_start(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value or self._countries_carry_the_window():
            return queryset
        return queryset.between(value, None, longest=self.longest_duration())

    def filter_end(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value or self._countries_carry_the_window():
            return queryset
        return queryset.between(None, value)

    def _countries_carry_the_window(self) -> bool:
        """With countries chosen, filter_country keeps the window in the country lookup, which holds
        each event's dates: the same condition again on the events would only cost its building."""
        return bool(self.form.cleaned_data.get("country"))

    def filter_country(self, queryset: QuerySet, name: str, value) -> QuerySet:
        codes = [country.code for country in value]
        data = self.form.cleaned_data
        start = data.get("start")
        # The window goes into the country lookup too, so the (country, dates) index drives the query.
        return queryset.involving(
            codes,
            match_all=data.get("match") == "all",
            start=start,
            end=data.get("end"),
            longest=self.longest_duration() if start else None,
        )

    def filter_person(self, queryset: QuerySet, name: str, value) -> QuerySet:
        slugs = [person.slug for person in value]
        if self.form.cleaned_data.get("match") == "all":
            return queryset.with_every_person(slugs)
        return queryset.with_any_person(slugs)

    def filter_topic(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        through = Event.topics.through
        return queryset.filter(
            Exists(through.objects.filter(event_id=OuterRef("pk"), topic_id__in=[topic.pk for topic in value]))
        )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.matching_text(value, drafts_visible=self.drafts_visible)

    def is_valid(self) -> bool:
        return super().is_valid() and self._counted_fact_is_named() and self.form.is_valid()

    @property
    def counted_event(self) -> Event | None:
        """The event whose derived fact this list shows the meetings of (counted_for), once valid."""
        return getattr(self, "_counted_event", None)

    def _counted_fact_is_named(self) -> bool:
        """counted_for names a visible event and, with person and office, one fact on it; office means
        nothing without it. Checked once, after the fields are clean; a problem is a field error."""
        if not hasattr(self, "_counted_event"):
            self._counted_event = None
            data = self.form.cleaned_data
            uid, office, people = data.get("counted_for"), data.get("office"), list(data.get("person") or [])
            if uid is None:
                if office is not None:
                    self.form.add_error(
                        "office", "office names the counterpart of a derived count: give counted_for too."
                    )
            elif (event := self.queryset.filter(uid=uid).first()) is None:
                self.form.add_error("counted_for", f"{uid} is not a known event.")
            elif (len(people), office is None) not in {(1, False), (2, True)}:
                self.form.add_error(
                    "counted_for",
                    "give one person and an office (a leader's meetings with holders of that office) "
                    "or two people (the meetings between them).",
                )
            else:
                self._counted_event = event
        return self._counted_event is not None or not self.form.errors

    def filter_counted_for(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The meetings a derived fact on the event counted (tracker.domain.derived.counted_events),
        over the same events this reader may see, so the list and the ordinal agree."""
        if value is None:
            return queryset
        if not self._counted_fact_is_named():
            return queryset.none()
        data = self.form.cleaned_data
        ids = derived.counted_events(
            self._counted_event, list(data["person"]), data.get("office"), events=self.queryset
        )
        return queryset.filter(pk__in=ids)


EventFilter.base_filters = FilterCopies(EventFilter.base_filters)


def event_filter_form_errors(filterset: EventFilter) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in filterset.form.errors.items()}
