"""Form fields that accept dates the way researchers write them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tracker.domain import derived, publishing
from tracker.domain.dates import PartialDate, PartialDateError, format_period, parse_partial_date
from tracker.models import Citation, Event, Statement

WHEN_HELP = 'e.g. "13 Jan 2026", "2026-01-13", "13–14 Jan 2026", "Oct 2025" (month) or "2013" (year)'


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
        if "kind" in self.fields:
            self.fields["kind"].help_text = kind_help()
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
