"""What the filter's pickers ask the server (static/tracker/pickers.js): the facet counts beside each
choice, and the people whose name matches what the reader types. Both take the page's filter as
their query string, answer JSON, and a bad filter is a 400 naming each bad field.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from tracker.queries.facets import FACET_LIMITS, facet_counts, people_matching


@require_GET
def facets_json(request: HttpRequest) -> JsonResponse:
    """{"facets": {"country": {"JP": 10, …}, "kind": …, "topic": …, "series": …, "person": …}};
    ?facet=country (repeatable) asks for those facets alone, as a picker does when it opens."""
    asked = request.GET.getlist("facet") or list(FACET_LIMITS)
    unknown = [name for name in asked if name not in FACET_LIMITS]
    if unknown:
        message = f"{unknown[0][:40]} is not a facet; use one of {', '.join(FACET_LIMITS)}."
        return JsonResponse({"errors": {"facet": [message]}}, status=400)
    answer = facet_counts(request.GET, request.user, facets=tuple(dict.fromkeys(asked)))
    if answer.errors:
        return JsonResponse({"errors": answer.errors}, status=400)
    return JsonResponse({"facets": answer.counts})


@require_GET
def people_json(request: HttpRequest) -> JsonResponse:
    """{"people": [{"value": slug, "label": name, "count": events}, …]} for ?name=… and the filter."""
    answer = people_matching(request.GET.get("name", ""), request.GET, request.user)
    if answer.errors:
        return JsonResponse({"errors": answer.errors}, status=400)
    return JsonResponse({"people": answer.people})
