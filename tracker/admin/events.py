"""The Event page: one page records a whole event through inlines, with the publishing rules and
the deleted-events view."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET
from simple_history.admin import SimpleHistoryAdmin

from tracker.admin import drafting, duplicates
from tracker.admin.calendar import CalendarHierarchy
from tracker.admin.forms import EventAdminForm
from tracker.admin.places import place_suggestions
from tracker.admin.slugs import SlugFromNameAdmin
from tracker.admin.statements import OtherQuotesSaidHereInline, QuotesAboutInline
from tracker.domain import derived, editorial, publishing
from tracker.models import (
    Citation,
    Event,
    EventCountry,
    Participation,
)


class MissingFilter(admin.SimpleListFilter):
    """Events a researcher still has to complete: the gaps that weaken a record or keep it out of
    the map, the meeting counts or publication."""

    title = "missing"
    parameter_name = "missing"
    GAPS = {
        "participants": ("participants", lambda: ~Exists(Participation.objects.filter(event=OuterRef("pk")))),
        "countries": ("countries", lambda: ~Exists(EventCountry.objects.filter(event=OuterRef("pk")))),
        "citations": ("a citation", lambda: ~Exists(Citation.objects.filter(event=OuterRef("pk")))),
        "coordinates": ("coordinates", lambda: Q(latitude__isnull=True)),
        "summary": ("a summary", lambda: Q(summary="")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.GAPS.items()]

    def queryset(self, request, queryset):
        gap = self.GAPS.get(self.value())
        return queryset.filter(gap[1]()) if gap else queryset


def _missing_place_or_host(event: Event) -> list[str]:
    """What a saved event still lacks that readers would notice: a place with no country, or a
    face-to-face meeting with no host."""
    gaps = []
    if event.place_name and not event.place_country_id:
        gaps.append(f"“{event.place_name}” has no country: pick the place's country so readers see where it was.")
    if derived.counts_in_ordinals(event.kind) and not (event.host_country_id or event.host_organization_id):
        gaps.append("No host recorded: pick the host country or organisation of this meeting.")
    return gaps


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = drafting.DraftedParticipationForm
    extra = 1
    autocomplete_fields = ["person", "position", "represented_country", "represented_organization"]

    def get_extra(self, request: HttpRequest, obj=None, **kwargs) -> int:
        document = drafting.drafted(request) if obj is None or obj.pk is None else None
        return max(self.extra, len(drafting.initial_participants(document))) if document else self.extra


class CitationFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("source")
        ]
        # EventAdminForm asks the role rules; this formset is where the citations are counted.
        self.instance._citations_on_form = len(kept)
        problem = publishing.citation_refusal(will_be_published=self.instance.is_published, citation_count=len(kept))
        if problem:
            raise ValidationError(problem)


class CitationInline(admin.TabularInline):
    model = Citation
    formset = CitationFormSet
    fk_name = "event"
    fields = ["source", "excerpt", "locator"]
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Event)
class EventAdmin(SlugFromNameAdmin, CalendarHierarchy, SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = ["title", "when_display", "kind", "lifecycle", "is_published", "host_country", "series"]
    list_filter = [
        "is_published",
        MissingFilter,
        "lifecycle",
        "kind",
        "date_precision",
        "date_qualifier",
        "series",
        "topics",
    ]
    list_select_related = ["host_country", "series"]
    search_fields = ["title", "summary", "slug", "place_name"]
    date_hierarchy = "start_date"
    autocomplete_fields = [
        "place_country",
        "host_country",
        "host_organization",
        "party_countries",
        "party_organizations",
        "parent",
        "series",
        "topics",
    ]

    # A page that fits a 1,280 px window; the kind's help table.
    readonly_fields = ["uid", "derived_facts", "codes", "created_by", "updated_by", "created_at", "updated_at"]
    inlines = [ParticipationInline, QuotesAboutInline, OtherQuotesSaidHereInline, CitationInline]
    actions = ["publish_selected", "unpublish_selected", "merge_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "codes", "when", "date_qualifier", "lifecycle", "is_published"]}),
        (
            "Place and host",
            {
                "fields": [
                    "place_name",
                    "place_country",
                    "latitude",
                    "longitude",
                    "host_country",
                    "host_organization",
                    "party_countries",
                    "party_organizations",
                ]
            },
        ),
        ("Context", {"fields": ["summary", "outcome", "parent", "series", "topics", "wikidata_qid"]}),
        ("Derived", {"fields": ["derived_facts"]}),
        (
            "Record",
            {"classes": ["collapse"], "fields": ["uid", "created_by", "created_at", "updated_by", "updated_at"]},
        ),
    ]

    class Media:
        # A page that fits a 1,280 px window; the place lookup and likely duplicates as the researcher
        # types (our own scripts: the CSP allows no inline one).
        js = ["tracker/admin_places.js", "tracker/admin_duplicates.js"]
        css = {"all": ["tracker/admin.css", "tracker/admin_places.css"]}

    @admin.display(description="Date(s)", ordering="start_date")
    def when_display(self, event: Event) -> str:
        return event.when

    @admin.display(description="CAMEO / PLOVER")
    def codes(self, event: Event) -> str:
        if not event.kind:
            return "—"
        plover = " ".join(part for part in (event.plover_type, event.plover_mode) if part) or "no PLOVER type"
        return f"CAMEO {event.cameo_code}; PLOVER {plover}"

    @admin.display(description="Computed from participants and their offices")
    def derived_facts(self, event: Event):
        if not event.pk:
            return "Shown once the event is saved."
        lines = derived.ordinal_sentences(derived.meeting_ordinals(event))
        if not lines:
            return "No derived meeting counts (not a face-to-face meeting, or no leader among the participants)."
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        document = drafting.drafted(request)
        return drafting.initial_event(document) if document else super().get_changeform_initial_data(request)

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        document = drafting.drafted(request) if obj is None or obj.pk is None else None
        if document and isinstance(inline, ParticipationInline):
            kwargs["initial"] = drafting.initial_participants(document)
        elif document and isinstance(inline, QuotesAboutInline):
            kwargs["initial"] = drafting.initial_quotes(document)
        return kwargs

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        document = drafting.drafted(request)
        if document:
            extra_context = {
                **(extra_context or {}),
                "draft_rows": drafting.evidence_rows(document),
                "draft_new_people": document["proposed_people"],
                "draft_duplicates": drafting.duplicates_of_draft(document),
            }
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not publishing.may_publish(request.user):
            return fieldsets
        # Editors publish, so they are the ones asked to confirm that a likely duplicate is not one.
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "not_a_duplicate"]}), *rest]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not publishing.may_publish(request.user):
            fields.append("is_published")
        return fields

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if not publishing.may_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # EventAdminForm and CitationFormSet refused whatever the rules refuse; approve() records it.
        publishing.approve(
            obj,
            user=request.user,
            was_published=publishing.stored_publication(obj),
            citation_count=getattr(obj, "_citations_on_form", 0),
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        event = form.instance
        for participation in event.participations.select_related("person"):
            if participation.position_id is None:
                messages.warning(
                    request,
                    f"{participation.person} held no recorded position on {event.when}; "
                    "add the position on the person's page so offices and ordinals are right.",
                )
        for gap in _missing_place_or_host(event):
            messages.warning(request, gap)
        duplicates.warn_about_duplicates(request, event)

    @admin.action(description="Publish selected events", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset) -> None:
        # A likely duplicate is published from its own page, where the editor can say it is not one.
        alike = {event.pk: editorial.duplicates_of(event) for event in queryset.filter(is_published=False)}
        for event in queryset.filter(pk__in=[pk for pk, matches in alike.items() if matches]):
            messages.error(
                request,
                format_html(
                    "“{}” was not published: it looks like {}; publish it from its page to confirm it is not a "
                    "duplicate, or merge them.",
                    event.title,
                    duplicates.links_to(alike[event.pk]),
                ),
            )
        queryset = queryset.exclude(pk__in=[pk for pk, matches in alike.items() if matches])
        published, refused = publishing.publish_events(queryset, user=request.user)
        if published:
            messages.success(request, f"Published {published} event(s).")
        for event, reason in refused:
            messages.error(request, f"“{event.title}” was not published: {reason}")

    @admin.action(description="Unpublish selected events (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset) -> None:
        count = publishing.unpublish_events(queryset, user=request.user)
        messages.success(request, f"Returned {count} event(s) to draft.")

    @admin.action(description="Merge the two selected events…", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset):
        return duplicates.merge_two(request, queryset)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.may_publish(request.user)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return publishing.may_merge(request.user)

    def change_view(self, request: HttpRequest, object_id, form_url: str = "", extra_context=None):
        extra_context = {**(extra_context or {}), "may_merge": publishing.may_merge(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        if obj is not None and not publishing.may_change(request.user, is_published=obj.is_published):
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_events_view),
                name="tracker_event_deleted",
            ),
            path("places/", self.admin_site.admin_view(place_suggestions), name="tracker_event_places"),
            path("draft/", self.admin_site.admin_view(self.draft_view), name="tracker_event_draft"),
            path(
                "likely-duplicates/",
                self.admin_site.admin_view(require_GET(self.likely_duplicates_view)),
                name="tracker_event_likely_duplicates",
            ),
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="tracker_event_merge",
            ),
        ]
        return custom + urls

    def likely_duplicates_view(self, request: HttpRequest):
        return duplicates.likely_duplicates_json(request, self)

    def draft_view(self, request: HttpRequest):
        return drafting.draft_page(request, self)

    def merge_view(self, request: HttpRequest, object_id: int):
        return duplicates.merge_page(request, object_id, self)

    def deleted_events_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                restored = editorial.restore_deleted_event(
                    history_id=int(request.POST.get("history_id", "0")), user=request.user
                )
            except (ValueError, editorial.EditorialError) as exc:
                messages.error(request, str(exc))
                return redirect("admin:tracker_event_deleted")
            messages.success(request, f"Restored “{restored.title}” with its participants, statements and citations.")
            return redirect("admin:tracker_event_change", restored.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Deleted events",
            "opts": self.model._meta,
            "deleted": editorial.deleted_events(),
        }
        return TemplateResponse(request, "admin/tracker/event/deleted.html", context)
