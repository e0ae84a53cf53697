"""Statements, participations and citations on their own admin pages."""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from tracker.admin.forms import StatementForm
from tracker.domain import publishing
from tracker.models import Citation, Event, Participation, Statement


def _events_of(record) -> list[Event | None]:
    """The events a participation, citation or statement is part of (a statement's citation is
    part of the events the statement is)."""
    if isinstance(record, Statement):
        return [record.event, record.about_event]
    if isinstance(record, Citation) and record.statement_id:
        return [record.event, *_events_of(record.statement)]
    return [record.event] if record.event_id else []


class PartOfAnEventAdmin(SimpleHistoryAdmin):
    """A record that is part of an event: on a published event only editors change it, here as on
    the event's own page (tracker.domain.publishing.part_refusal)."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and publishing.part_refusal(user=request.user, events=_events_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and publishing.part_refusal(user=request.user, events=_events_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        def clean(form_self):
            cleaned = super(checked, form_self).clean()
            for name, value in cleaned.items():
                if isinstance(value, Event | Statement):
                    events = _events_of(value) if isinstance(value, Statement) else [value]
                    problem = publishing.part_refusal(user=request.user, events=events)
                    if problem:
                        raise ValidationError({name: problem[0].upper() + problem[1:]})
            return cleaned

        checked = type(form.__name__, (form,), {"clean": clean})
        return checked


class CitationForStatementInline(admin.TabularInline):
    model = Citation
    fk_name = "statement"
    fields = ["source", "excerpt", "locator"]
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Statement)
class StatementAdmin(PartOfAnEventAdmin):
    form = StatementForm
    list_display = ["attribution", "short_quote", "said_at", "event", "about_event", "said"]
    list_select_related = ["speaker", "event", "about_event"]
    search_fields = ["quote", "speaker__name", "speaker_description", "said_at"]
    autocomplete_fields = ["speaker", "event", "about_event"]
    inlines = [CitationForStatementInline]

    @admin.display(description="Speaker", ordering="speaker__name")
    def attribution(self, statement: Statement) -> str:
        return statement.attribution

    @admin.display(description="Said on", ordering="said_on")
    def said(self, statement: Statement) -> str:
        return statement.when

    @admin.display(description="Quote")
    def short_quote(self, statement: Statement) -> str:
        return statement.quote if len(statement.quote) <= 80 else statement.quote[:77] + "…"


@admin.register(Participation)
class ParticipationAdmin(PartOfAnEventAdmin):
    list_display = ["person", "event", "role", "position", "represented_country"]
    list_select_related = ["person", "event", "position__office__country", "represented_country"]
    search_fields = ["person__name", "event__title"]
    autocomplete_fields = ["event", "person", "position", "represented_country", "represented_organization"]


@admin.register(Citation)
class CitationAdmin(PartOfAnEventAdmin):
    list_display = ["source", "event", "statement", "locator"]
    list_select_related = ["source", "event", "statement__speaker"]
    search_fields = ["source__publisher", "source__title", "excerpt", "event__title"]
    autocomplete_fields = ["source", "event", "statement"]

    # The last-citation rule lives in the delete views, not in has_delete_permission: deleting a
    # whole event asks that permission of each of its citations, and must stay possible.
    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        citation = self.get_object(request, object_id)
        allowed = citation is not None and self.has_delete_permission(request, citation)
        problem = allowed and publishing.citation_removal_refusal(citation.event)
        if problem:
            messages.error(request, f"Not deleted: “{citation.event.title}” is published, and {problem}")
            return redirect("admin:tracker_citation_change", citation.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        removing = Counter(queryset.exclude(event=None).values_list("event_id", flat=True))
        for event in Event.objects.filter(pk__in=removing, is_published=True):
            problem = publishing.citation_removal_refusal(event, removing=removing[event.pk])
            if problem:
                messages.error(request, f"Nothing deleted: “{event.title}” is published, and {problem}")
                return
        super().delete_queryset(request, queryset)
