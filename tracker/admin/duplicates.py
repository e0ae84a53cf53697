"""Duplicates on the Event page: the likely-duplicates endpoint the page asks as the researcher types
(static/tracker/admin_duplicates.js), the warnings with links, and the page that merges two events.

The scoring is tracker.domain.editorial.likely_duplicates; merging is tracker.domain.merging.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tracker.domain import editorial, merging, publishing
from tracker.domain.dates import PartialDateError, parse_partial_date
from tracker.models import Event
from tracker.queries import selectors


def change_url(event: Event) -> str:
    return reverse("admin:tracker_event_change", args=[event.pk])


def links_to(matches: list[editorial.LikelyDuplicate]) -> SafeString:
    """“<a>title (when)</a> (same dates, similar title), …”, each title a link to its change page."""
    return format_html_join(
        ", ",
        '<a href="{}">{} ({})</a> ({})',
        ((change_url(match.event), match.event.title, match.event.when, ", ".join(match.reasons)) for match in matches),
    )


def warn_about_duplicates(request: HttpRequest, event: Event) -> None:
    """After a save: the likely duplicates of the saved event, as a warning with links (drafts are saved anyway)."""
    matches = editorial.duplicates_of(event)
    if matches:
        messages.warning(request, format_html("Possible duplicates of this event: {}.", links_to(matches)))


def _integers(values: list[str], name: str, errors: dict) -> list[int]:
    try:
        return [int(value) for value in values if value.strip()]
    except ValueError:
        errors[name] = [f"{name} takes the numeric id of an existing record."]
        return []


def probe_from_query(params: QueryDict) -> tuple[editorial.DuplicateProbe | None, dict[str, list[str]]]:
    """The probe the endpoint's query string describes; None until a date is typed. Errors name the field."""
    errors: dict[str, list[str]] = {}
    people = _integers(params.getlist("person"), "person", errors)
    exclude = _integers(params.getlist("exclude")[:1], "exclude", errors)
    countries = {code.strip().upper() for code in params.getlist("country") if code.strip()}
    if any(len(code) != 2 or not code.isalpha() for code in countries):
        errors["country"] = ["country takes ISO 3166-1 alpha-2 codes, e.g. KR."]
    period = None
    if params.get("when", "").strip():
        try:
            period = parse_partial_date(params["when"])
        except PartialDateError as exc:
            errors["when"] = [str(exc)]
    if errors or period is None:
        return None, errors
    countries |= editorial.countries_of_people(people, period.start)
    probe = editorial.DuplicateProbe(
        start=period.start,
        end=period.end,
        # No title is longer than the field holds; a longer one would only make the scoring slow.
        title=params.get("title", "").strip()[: Event._meta.get_field("title").max_length],
        kind=params.get("kind", "").strip(),
        person_ids=frozenset(people),
        country_codes=frozenset(countries),
        exclude_pk=exclude[0] if exclude else None,
    )
    return probe, errors


def likely_duplicates_json(request: HttpRequest, model_admin) -> JsonResponse:
    """GET …/likely-duplicates/?title=…&when=…&kind=…&person=<id>&country=<code>&exclude=<pk>:
    {"duplicates": [{"title", "when", "url", "is_published", "score", "reasons"}]}, best first,
    among the events this staff member sees; 400 with {"errors": {field: [messages]}} on bad input."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    probe, errors = probe_from_query(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    matches = editorial.likely_duplicates(probe, events=selectors.visible_events(request.user)) if probe else []
    rows = [
        {
            "title": match.event.title,
            "when": match.event.when,
            "url": change_url(match.event),
            "is_published": match.event.is_published,
            "score": match.score,
            "reasons": list(match.reasons),
        }
        for match in matches
    ]
    return JsonResponse({"duplicates": rows})


def _event_or_none(value: str | None) -> Event | None:
    return Event.objects.filter(pk=int(value)).first() if value and value.strip().isdigit() else None


def merge_page(request: HttpRequest, object_id: int, model_admin) -> HttpResponse:
    """Merge the event `object_id` into the event chosen on this page (`into`): editors only."""
    if not publishing.may_merge(request.user):
        raise PermissionDenied
    merged = get_object_or_404(Event, pk=object_id)
    here = reverse("admin:tracker_event_merge", args=[merged.pk])
    if request.method == "POST":
        survivor = _event_or_none(request.POST.get("into") or request.POST.get("into_id"))
        if survivor is None:
            messages.error(request, "Choose the event to keep, or give its id.")
            return redirect(here)
        old_slug = merged.slug
        try:
            report = merging.merge_events(merged=merged, survivor=survivor, user=request.user)
        except (editorial.EditorialError, publishing.PublishingRefused) as exc:
            text = str(exc)
            messages.error(request, f"Not merged: {text[0].lower()}{text[1:]}")
            return redirect(f"{here}?into={survivor.pk}")
        messages.success(
            request,
            f"Merged “{merged.title}” into “{survivor.title}”: {report.summary}. "
            f"/events/{old_slug}/ and the old uid now lead here.",
        )
        return redirect("admin:tracker_event_change", survivor.pk)
    chosen = _event_or_none(request.GET.get("into"))
    if chosen is not None and chosen.pk == merged.pk:
        chosen = None
    candidates = [chosen] if chosen else []
    candidates += [match.event for match in editorial.duplicates_of(merged) if match.event not in candidates]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Merge “{merged.title}” into another event",
        "opts": Event._meta,
        "merged": merged,
        "candidates": candidates,
        "chosen": chosen,
    }
    return TemplateResponse(request, "admin/tracker/event/merge.html", context)


def merge_two(request: HttpRequest, queryset) -> HttpResponse | None:
    """The admin action: two events selected → the merge page, keeping the one recorded first."""
    events = list(queryset.order_by("created_at", "pk")[:3])
    if len(events) != 2:
        messages.error(request, "Select exactly two events to merge.")
        return None
    kept, merged = events
    return redirect(f"{reverse('admin:tracker_event_merge', args=[merged.pk])}?into={kept.pk}")
