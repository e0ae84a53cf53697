"""Form fields that accept dates the way researchers write them, all read by the one parser
(tracker.domain.dates), each followed on the page by what it understood."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tracker.admin.duplicates import links_to
from tracker.admin.places import PLACE_HELP, PlaceNameInput
from tracker.domain import derived, editorial, publishing
from tracker.domain.dates import (
    DAY,
    PartialDate,
    PartialDateError,
    format_period,
    parse_day,
    parse_partial_date,
)
from tracker.models import Citation, Event, Statement

WHEN_HELP = (
    'e.g. "13 Jan 2026", "January 13-14, 2026", "13–14 Jan 2026", "Oct 2025" (month) or "2013" (year). '
    "Write the month in letters: 01/02/2026 could be either of two days."
)
DAY_HELP = 'One day, e.g. "13 Jan 2026", "January 13, 2026" or "2026-01-13".'


class PartialDateInput(forms.TextInput):
    """A text box followed by what the parser understood of it: "13–14 Jan 2026 (day precision)".
    The server writes it when it draws the page; static/tracker/admin-dates.js writes it again
    while the researcher types, asking the same parser (tracker.admin.date_reading)."""

    one_day = False

    class Media:
        js = ["tracker/admin-dates.js"]
        css = {"all": ["tracker/admin-dates.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {
            **(attrs or {}),
            "data-partial-date": "day" if self.one_day else "period",
            "data-read-url": reverse("admin_read_date"),
            "autocomplete": "off",
        }
        box = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<span class="partial-date-understood" aria-live="polite">{}</span>', box, self.echo(value)
        )

    def echo(self, value) -> str:
        """ "Understood as …" for a value the parser reads; nothing for a blank or refused one (the
        form's error says why)."""
        if not value:
            return ""
        try:
            period = parse_partial_date(str(value))
            if self.one_day:
                parse_day(str(value))
        except PartialDateError:
            return ""
        return f"Understood as {period.understood}"


class DayInput(PartialDateInput):
    one_day = True


def kind_help() -> SafeString:
    """Which kinds count in the ordinals ("5th summit with a Prime Minister of Japan", "3rd meeting
    between …"), generated from the rule itself (tracker.domain.derived.counts_in_ordinals)."""
    kinds = derived.kinds_in_ordinals()
    lifecycles = " or ".join(
        str(label).lower() for value, label in Event.Lifecycle.choices if value in derived.COUNTED_LIFECYCLES
    )
    rows = format_html_join(
        "",
        '<tr class="{}"><td>{}</td><td>{}</td></tr>',
        (
            (
                "counted" if counted else "not-counted",
                label,
                "counts as a summit and a meeting" if counted else "not counted",
            )
            for _, label, counted in kinds
        ),
    )
    return format_html(
        "Counted in the ordinals (“5th summit with a Prime Minister of Japan”, “3rd meeting between …”) when {}: {}. "
        '<details class="kind-help"><summary>Every kind</summary><table>{}</table></details>',
        lifecycles,
        ", ".join(label for _, label, counted in kinds if counted),
        rows,
    )


class PartialDateField(forms.CharField):
    """A text field that turns "13–14 Jan 2026", "Oct 2025" or "2013" into a PartialDate."""

    widget = PartialDateInput

    def to_python(self, value) -> PartialDate | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except PartialDateError as exc:
            raise ValidationError(str(exc), code="invalid_partial_date") from None


def posted_people(data) -> frozenset[int]:
    """The people named in the participations inline of a posted Event page (rows marked for
    deletion left out): the form itself cannot see its inlines while it cleans."""
    people = set()
    for index in range(min(int(data.get("participations-TOTAL_FORMS") or 0), 1000)):
        value = str(data.get(f"participations-{index}-person") or "")
        if value.isdigit() and not data.get(f"participations-{index}-DELETE"):
            people.add(int(value))
    return frozenset(people)


class DayField(forms.CharField):
    """One day for a model's plain DateField (a source's publication, an office's start), typed as
    researchers write it: "13 Jan 2026", "January 13, 2026", "2026-01-13". These fields keep no
    precision, so a month, a year or a range is refused with a message asking for the day."""

    widget = DayInput

    def __init__(self, *, help_text: str = "", **kwargs):
        super().__init__(help_text=" ".join(part for part in (help_text, DAY_HELP) if part), **kwargs)

    def prepare_value(self, value):
        # A stored day is shown as the parser's own form, "13 Jan 2026", which reads back unchanged.
        return format_period(value, None, DAY) if isinstance(value, date) else value

    def to_python(self, value) -> date | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_day(text)
        except PartialDateError as exc:
            raise ValidationError(str(exc), code="invalid_day") from None


# A ModelAdmin's or an inline's formfield_overrides: each model DateField on its form is a DayField.
DAY_FIELDS = {models.DateField: {"form_class": DayField, "widget": DayInput}}


class EventAdminForm(forms.ModelForm):
    when = PartialDateField(label="Date(s)", help_text=WHEN_HELP)
    not_a_duplicate = forms.BooleanField(
        required=False,
        label="This is not a duplicate",
        help_text="Publishing an event that looks like one already recorded needs this ticked.",
    )
    # Set by EventAdmin.get_form: the publishing rules depend on who saves.
    request_user = None

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "date_qualifier",
            "lifecycle",
            "is_published",
            "place_name",
            "place_country",
            "latitude",
            "longitude",
            "host_country",
            "host_organization",
            "party_countries",
            "party_organizations",
            "summary",
            "outcome",
            "parent",
            "series",
            "topics",
        ]
        widgets = {"place_name": PlaceNameInput()}
        help_texts = {"place_name": PLACE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].help_text = kind_help()
        if "date_qualifier" in self.fields:
            # A form posted without it (a script, an older page) keeps the stored qualifier.
            self.fields["date_qualifier"].required = False
        if self.instance.pk and self.instance.start_date:
            self.initial.setdefault(
                "when", format_period(self.instance.start_date, self.instance.end_date, self.instance.date_precision)
            )

    def clean(self):
        cleaned = super().clean()
        if "date_qualifier" in cleaned and not cleaned["date_qualifier"]:
            cleaned["date_qualifier"] = self.instance.date_qualifier
        period = cleaned.get("when")
        if period is not None:
            self.instance.start_date = period.start
            self.instance.end_date = period.end
            self.instance.date_precision = period.precision
        self._check_publishing(cleaned)
        self._check_duplicates(cleaned)
        return cleaned

    def duplicate_probe(self, cleaned: dict) -> editorial.DuplicateProbe | None:
        """What the page says of the event, in the shape tracker.domain.editorial scores."""
        period = cleaned.get("when")
        if period is None:
            return None
        people = posted_people(self.data)
        countries = editorial.countries_of_people(people, period.start)
        if cleaned.get("host_country"):
            countries.add(cleaned["host_country"].pk)
        countries.update(country.pk for country in cleaned.get("party_countries") or [])
        return editorial.DuplicateProbe(
            start=period.start,
            end=period.end,
            title=cleaned.get("title") or "",
            kind=cleaned.get("kind") or "",
            person_ids=people,
            country_codes=frozenset(countries),
            exclude_pk=self.instance.pk,
        )

    def _check_duplicates(self, cleaned: dict) -> None:
        """Publishing a likely duplicate needs an explicit "This is not a duplicate". Drafts are saved
        whatever they look like (EventAdmin warns after the save); an event already published is not
        asked again."""
        will_be_published = cleaned.get("is_published", self.instance.is_published)
        if not will_be_published or cleaned.get("not_a_duplicate") or publishing.stored_publication(self.instance):
            return
        probe = self.duplicate_probe(cleaned)
        matches = editorial.likely_duplicates(probe) if probe else []
        if matches:
            message = format_html(
                "This looks like an event already recorded: {}. Merge them, or tick “This is not a duplicate” "
                "to publish it anyway.",
                links_to(matches),
            )
            raise ValidationError(message, code="likely_duplicate")

    def _check_publishing(self, cleaned: dict) -> None:
        """The publishing rules, asked of the one place that holds them.

        The citation inline counts citations on the event page itself; a form posted without it
        (History → revert) is held to the citations the event has now.
        """
        will_be_published = cleaned.get("is_published", self.instance.is_published)
        problem = publishing.role_refusal(
            user=self.request_user,
            was_published=publishing.stored_publication(self.instance),
            will_be_published=will_be_published,
        )
        if not problem and "citations-TOTAL_FORMS" not in self.data:
            count = Citation.objects.filter(event_id=self.instance.pk).count() if self.instance.pk else 0
            self.instance._citations_on_form = count
            problem = publishing.citation_refusal(will_be_published=will_be_published, citation_count=count)
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:], code="publishing")


class StatementForm(forms.ModelForm):
    """A quote: who said it (or who, unnamed), where and when it was said, and what it is about."""

    said = PartialDateField(label="Said on", required=False, help_text='e.g. "12 Jan 2026" or "Jan 2026"')

    class Meta:
        model = Statement
        fields = ["speaker", "speaker_description", "quote", "event", "said_at", "language", "about_event"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.said_on:
            self.initial.setdefault("said", self.instance.when)

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("said")
        if "said" in self.errors:
            return cleaned
        if period is None:
            self.instance.said_on = None
        elif period.start != period.end and period.precision == "day":
            self.add_error("said", "A statement is said on one day, in one month or in one year, not over a range.")
        else:
            self.instance.said_on = period.start
            self.instance.said_on_precision = period.precision
        return cleaned
