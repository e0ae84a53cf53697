"""Form fields that accept dates the way researchers write them, all read by the one parser
(tracker.domain.dates), each followed on the page by what it understood."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from tracker.domain import publishing
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
    # Set by EventAdmin.get_form: the publishing rules depend on who saves.
    request_user = None

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.start_date:
            self.initial.setdefault(
                "when", format_period(self.instance.start_date, self.instance.end_date, self.instance.date_precision)
            )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("when")
        if period is not None:
            self.instance.start_date = period.start
            self.instance.end_date = period.end
            self.instance.date_precision = period.precision
        self._check_publishing(cleaned)
        return cleaned

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
    said = PartialDateField(label="Said on", required=False, help_text='e.g. "12 Jan 2026" or "Jan 2026"')

    class Meta:
        model = Statement
        fields = ["speaker", "quote", "language", "medium", "event", "about_event"]

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
