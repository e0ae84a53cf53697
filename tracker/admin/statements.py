"""Quotes on the Event page.

Two inlines: *Quotes about this event*, wherever and whenever they were said (the NHK interview days
before the summit, "analysts told Reuters"), and *Other quotes said at this event*, about another
event or none. Each quote carries its first source on its own row (a source and a locator): Django
admin cannot nest the citation inline inside the quote inline, and one source is what a researcher
has in hand while typing a quote. Further sources go on the quote's own page, linked from its row.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet

from tracker.admin.drafting import KeepsDraftedRow, drafted
from tracker.admin.forms import StatementForm
from tracker.domain import publishing
from tracker.models import Citation, Event, Source, Statement


class StatementInlineForm(StatementForm):
    """A quote with its first source: saving the row creates, changes or removes that citation."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        widget=AutocompleteSelect(Citation._meta.get_field("source"), admin.site),
        help_text="The report the quote is taken from; add more sources on the quote's own page",
    )
    locator = forms.CharField(max_length=200, required=False, help_text="Paragraph, page or timestamp in that source")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        citation = self._first_citation(prefetched=True)
        if citation is not None:
            self.initial.setdefault("source", citation.source_id)
            self.initial.setdefault("locator", citation.locator)

    def _first_citation(self, *, prefetched: bool = False) -> Citation | None:
        if self.instance.pk is None:
            return None
        if prefetched:  # the inline's queryset prefetches the citations of every row
            return min(self.instance.citations.all(), key=lambda citation: citation.pk, default=None)
        return Citation.objects.filter(statement=self.instance).order_by("pk").first()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("locator") and not cleaned.get("source"):
            self.add_error("source", "Choose the source the locator points into.")
        return cleaned

    def _save_m2m(self) -> None:
        # Runs right after the statement itself is saved, whether the formset saves at once or later.
        super()._save_m2m()
        if {"source", "locator"} & set(self.changed_data):
            self._save_citation()

    def _save_citation(self) -> None:
        source, locator = self.cleaned_data.get("source"), self.cleaned_data.get("locator", "")
        citation = self._first_citation()
        if source is None:
            if citation is not None:
                citation.delete()
            return
        if citation is None:
            citation = Citation(statement=self.instance)
        citation.source, citation.locator = source, locator
        citation.save()


class StatementFormSet(BaseInlineFormSet):
    """The quotes of one inline. Set by the inline: `request_user`, whose role the publishing rules ask."""

    request_user = None

    def __init__(self, data=None, files=None, instance=None, save_as_new=False, prefix=None, queryset=None, **kwargs):
        name = prefix or self.get_default_prefix()
        if data is not None and f"{name}-TOTAL_FORMS" not in data:
            # A post without this inline (a page opened before it existed, a script): it changes none
            # of these quotes, as a post without the citation inline keeps the event's citations.
            data = data.copy()
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = "0"
        super().__init__(data, files, instance, save_as_new, prefix, queryset, **kwargs)

    def clean(self) -> None:
        """A quote said at or about a published event is part of it: only an editor adds, changes or
        removes it (tracker.domain.publishing.part_refusal)."""
        super().clean()
        problems = []
        for form in self.forms:
            deleting = self.can_delete and self._should_delete_form(form)
            if not (form.has_changed() or deleting) or (deleting and form.instance.pk is None):
                continue
            cleaned = getattr(form, "cleaned_data", {})
            events = [*_stored_events(form.instance), cleaned.get("event"), cleaned.get("about_event")]
            if publishing.part_refusal(user=self.request_user, events=events):
                published = sorted({event.title for event in events if event is not None and event.is_published})
                problems.append(
                    f"“{_short(form.instance.quote)}” belongs to {', '.join(published)}, which is published; "
                    "only an editor may add, change or remove its quotes."
                )
        if problems:
            raise ValidationError(problems)


def _stored_events(statement: Statement) -> list[Event]:
    if statement.pk is None:
        return []
    return list(Event.objects.filter(Q(statements=statement.pk) | Q(statements_about=statement.pk)))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


class OtherQuotesFormSet(StatementFormSet):
    """Quotes said at this event, less those about it (they are in the other inline)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.queryset = self.queryset.exclude(about_event=self.instance)


class StatementInline(admin.StackedInline):
    model = Statement
    form = StatementInlineForm
    formset = StatementFormSet
    extra = 0
    show_change_link = True  # the quote's own page, for a second source

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request_user": request.user})

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker").prefetch_related("citations")


class DraftedStatementInlineForm(KeepsDraftedRow, StatementInlineForm):
    drafted_key = "quote"


class QuotesAboutInline(StatementInline):
    """Quotes about this event, wherever they were said: the place is an event or a few words.
    On an event drafted from an article, the article's quotes are its first rows."""

    form = DraftedStatementInlineForm

    def get_extra(self, request, obj=None, **kwargs) -> int:
        document = drafted(request) if obj is None or obj.pk is None else None
        return len(document["statements"]) if document else self.extra

    fk_name = "about_event"
    verbose_name = "quote about this event"
    verbose_name_plural = "quotes about this event (said here or elsewhere)"
    autocomplete_fields = ["speaker", "event"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("speaker", "speaker_description"),
                    "quote",
                    ("event", "said_at"),
                    ("said", "language"),
                    ("source", "locator"),
                ],
                "description": "Name the speaker, or leave it blank and describe an unattributed one. "
                "Where it was said: pick the event if it is recorded (this one, an interview), or "
                "describe it (“an interview with NHK”), or both.",
            },
        )
    ]


class OtherQuotesSaidHereInline(StatementInline):
    """Quotes said at this event about another event, or about none in particular."""

    fk_name = "event"
    formset = OtherQuotesFormSet
    verbose_name = "other quote said at this event"
    verbose_name_plural = "other quotes said at this event (about another event, or none)"
    autocomplete_fields = ["speaker", "about_event"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("speaker", "speaker_description"),
                    "quote",
                    ("about_event", "said_at"),
                    ("said", "language"),
                    ("source", "locator"),
                ]
            },
        )
    ]
