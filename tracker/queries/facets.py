"""Facet counts for the filter's pickers: beside each choice, how many events it would lead to under
the rest of the filter, as Datasette shows them.

"The rest of the filter" is the reader's filter without the facet's own values: with country=JP
chosen, the country picker counts every country's events as if no country were chosen, so a reader
sees what choosing KR as well would add. Under match=all, choosing one more country or person
narrows the list instead, so those two facets keep their own values and count what each extra
choice would leave.

One grouped query per facet, each bounded (FACET_LIMITS), each over events_matching: the same
visibility as the list (drafts only for staff). Kept in the cache once per data version.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from tracker.domain.search import SearchTooLong, search_words
from tracker.models import Event, EventCountry, Participation, Person
from tracker.queries.selectors import events_matching
from tracker.queries.summaries import counted_once_per_version

# The most choices a facet answers, most events first. Countries and kinds are short lists; topics
# and series grow with the records; people reach the thousands, so their picker searches the server
# (people_matching) and the facet gives only the most frequent.
FACET_LIMITS = {"country": 300, "kind": 50, "topic": 200, "series": 200, "person": 40}
# The facets whose choices narrow (rather than widen) the list under match=all.
MATCHED_FACETS = ("country", "person")
PEOPLE_SEARCH_LIMIT = 20
# The longest text a people search reads: a name, not an essay.
PEOPLE_SEARCH_CHARACTERS = 80


@dataclass
class FacetAnswer:
    """Counts per facet ({"country": {"JP": 10, …}, …}) when the filter is valid, else its errors."""

    counts: dict[str, dict[str, int]]
    errors: dict[str, list[str]]


def rest_of_filter(params: QueryDict, facet: str) -> QueryDict:
    """The filter a facet counts under: the reader's, less the facet's own values (kept under
    match=all for countries and people, where one more choice narrows the list)."""
    rest = params.copy()
    if not (facet in MATCHED_FACETS and params.get("match") == "all"):
        rest.pop(facet, None)
    for display_only in ("page", "sort", "group", "terms"):
        rest.pop(display_only, None)
    return rest


def _grouped(rows: QuerySet, key: str, limit: int) -> dict[str, int]:
    counted = rows.values(key).annotate(events=Count("event_id", distinct=True)).order_by("-events", key)[:limit]
    return {str(row[key]): row["events"] for row in counted if row[key] is not None}


def _count(facet: str, events: QuerySet) -> dict[str, int]:
    """Events per value of `facet` among `events`, most first, at most FACET_LIMITS[facet]."""
    limit = FACET_LIMITS[facet]
    ids = events.order_by().values("pk")
    if facet == "country":
        return _grouped(EventCountry.objects.filter(event_id__in=ids), "country_id", limit)
    if facet == "person":
        return _grouped(Participation.objects.filter(event_id__in=ids), "person__slug", limit)
    if facet == "topic":
        return _grouped(Event.topics.through.objects.filter(event_id__in=ids), "topic__slug", limit)
    field = {"kind": "kind", "series": "series__slug"}[facet]
    counted = events.order_by().values(field).annotate(events=Count("pk")).order_by("-events", field)[:limit]
    return {str(row[field]): row["events"] for row in counted if row[field] is not None}


def facet_counts(params: QueryDict, user, *, facets=tuple(FACET_LIMITS)) -> FacetAnswer:
    """For each facet, events per choice under the rest of the filter (rest_of_filter), counted over
    the events `user` may see. A bad filter answers its field errors and counts nothing."""
    counts: dict[str, dict[str, int]] = {}
    for facet in facets:
        result = events_matching(rest_of_filter(params, facet), user)
        if not result.is_valid:
            return FacetAnswer({}, result.errors)
        counts[facet] = counted_once_per_version(
            "facet", result.events, lambda facet=facet, events=result.events: _count(facet, events), facet
        )
    return FacetAnswer(counts, {})


@dataclass
class PeopleAnswer:
    """People whose name matches, each with the events they would lead to ("count"), or errors."""

    people: list[dict]
    errors: dict[str, list[str]]


def people_matching(text: str, params: QueryDict, user) -> PeopleAnswer:
    """The people the person picker offers for `text`: names (or native names) holding every typed
    word, at most PEOPLE_SEARCH_LIMIT, those with most events under the rest of the filter first.
    Readers are offered only public people (tracker.models.visibility); staff see everyone."""
    if "\x00" in text:  # no name holds a NUL, and PostgreSQL refuses to compare with one
        return PeopleAnswer([], {"name": ["contains a NUL character."]})
    if len(text) > PEOPLE_SEARCH_CHARACTERS:
        return PeopleAnswer([], {"name": [f"a name has at most {PEOPLE_SEARCH_CHARACTERS} characters."]})
    try:
        words = search_words(text)
    except SearchTooLong as exc:
        return PeopleAnswer([], {"name": [str(exc)]})
    result = events_matching(rest_of_filter(params, "person"), user)
    if not result.is_valid:
        return PeopleAnswer([], result.errors)
    people = Person.objects.visible_to(user)
    for word in words:
        people = people.filter(Q(name__icontains=word) | Q(native_name__icontains=word))
    ids = result.events.order_by().values("pk")
    found = people.annotate(
        events=Count("participations__event", filter=Q(participations__event__in=ids), distinct=True)
    ).order_by("-events", "name", "pk")[:PEOPLE_SEARCH_LIMIT]
    return PeopleAnswer([{"value": p.slug, "label": p.name, "count": p.events} for p in found], {})
