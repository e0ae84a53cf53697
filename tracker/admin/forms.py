"""Form fields that accept dates the way researchers write them."""

from django import forms
from django.core.exceptions import ValidationError

from tracker.domain.dates import PartialDate, PartialDateError, format_period, parse_partial_date
from tracker.models import Event, Statement

WHEN_HELP = 'e.g. "13 Jan 2026", "2026-01-13", "13–14 Jan 2026", "Oct 2025" (month) or "2013" (year)'


class PartialDateField(forms.CharField):
    """A text field that turns "13–14 Jan 2026", "Oct 2025" or "2013" into a PartialDate."""

    def to_python(self, value) -> PartialDate | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except PartialDateError as exc:
            raise ValidationError(str(exc), code="invalid_partial_date") from None


class EventAdminForm(forms.ModelForm):
    when = PartialDateField(label="Date(s)", help_text=WHEN_HELP)

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
        return cleaned


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
