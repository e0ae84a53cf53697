"""Place lookup on the Event page: the JSON the place-name field asks as a researcher types, and
the field's widget that tells static/tracker/admin_places.js where to ask.

The cities come from the offline gazetteer in tracker.domain.places (GeoNames, CC BY 4.0).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from tracker.domain import places
from tracker.models import Country

PLACE_HELP = (
    "Type a city to look it up; choosing one fills the country and coordinates, which you can still "
    f"change. Small places may be missing: type their coordinates. ({places.CREDIT})"
)
MAX_QUERY_LENGTH = 100


class PlaceNameInput(forms.TextInput):
    """The place-name input, carrying the lookup's address and credit for admin_places.js."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {
                "autocomplete": "off",  # the browser's own suggestions would cover ours
                "data-places-url": reverse_lazy("admin:tracker_event_places"),
                "data-places-credit": places.CREDIT,
                "data-places-credit-url": places.CREDIT_URL,
                **(attrs or {}),
            }
        )


@require_GET
def place_suggestions(request: HttpRequest) -> JsonResponse:
    """`?q=Nar` → the best matches as JSON. Staff only (EventAdmin wraps it in admin_view), and only
    for those who may add or change events. An empty `q` answers no results but loads the gazetteer,
    so the page can warm it up when the field gets focus.

    `country` is our Country row for the city's ISO code, or null when our table has no current
    country with that code (GeoNames' XK, Kosovo): then the researcher picks the country.
    """
    if not (request.user.has_perm("tracker.add_event") or request.user.has_perm("tracker.change_event")):
        raise PermissionDenied
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    found = places.find_places(query)
    codes = {place.country_code for place in found}
    names = (
        dict(Country.objects.filter(code__in=codes, is_former=False).order_by().values_list("code", "name"))
        if codes
        else {}
    )
    results = [
        {
            "name": place.name,
            "matched": place.matched,
            "exact": place.exact,
            "country": {"code": place.country_code, "name": names[place.country_code]}
            if place.country_code in names
            else None,
            "geonames_country_code": place.country_code,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "population": place.population,
        }
        for place in found
    ]
    return JsonResponse({"query": query, "results": results, "credit": places.CREDIT, "credit_url": places.CREDIT_URL})
