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
from tracker.models import Event, EventCountry, Participation, Person, Series, Topic
from tracker.models.visibility import sees_drafts
from tracker.queries.filters import EventFilter
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
    """Rows per `key`, most first. Each link table holds an event at most once per value (a unique
    constraint), so a plain count is the number of events, with no DISTINCT to sort for."""
    counted = rows.values(key).annotate(events=Count("*")).order_by("-events", key)[:limit]
    return {str(row[key]): row["events"] for row in counted if row[key] is not None}


def _count(facet: str, events: QuerySet) -> dict[str, int]:
    """Events per value of `facet` among `events`, most first, at most FACET_LIMITS[facet].

    Each count groups the link table's rows for those events on its own column (country_id,
    person_id, topic_id: covered by the link table's indexes); people are named by slug afterwards,
    for the few that made the cut, rather than joined in for every row."""
    limit = FACET_LIMITS[facet]
    ids = events.order_by().values("pk")
    if facet == "country":
        return _grouped(EventCountry.objects.filter(event_id__in=ids), "country_id", limit)
    if facet == "person":
        by_id = _grouped(Participation.objects.filter(event_id__in=ids), "person_id", limit)
        slugs = dict(Person.objects.filter(pk__in=[int(pk) for pk in by_id]).values_list("pk", "slug"))
        return {slugs[int(pk)]: count for pk, count in by_id.items()}
    if facet == "topic":
        by_id = _grouped(Event.topics.through.objects.filter(event_id__in=ids), "topic_id", limit)
        slugs = dict(Topic.objects.filter(pk__in=[int(pk) for pk in by_id]).values_list("pk", "slug"))
        return {slugs[int(pk)]: count for pk, count in by_id.items()}
    if facet == "series":
        by_id = _grouped(events.order_by().filter(series__isnull=False), "series_id", limit)
        slugs = dict(Series.objects.filter(pk__in=[int(pk) for pk in by_id]).values_list("pk", "slug"))
        return {slugs[int(pk)]: count for pk, count in by_id.items()}
    return _grouped(events.order_by(), "kind", limit)


# The link tables a facet counts rows of, with the column that names the choice.
LINKS = {
    "country": (EventCountry, "country_id"),
    "person": (Participation, "person_id"),
    "topic": (Event.topics.through, "topic_id"),
}
SLUGS = {"person": Person, "topic": Topic}


def _count_unfiltered(facet: str, user) -> dict[str, int]:
    """_count over every event `user` may see, without naming them: all the link rows, less those of
    the events hidden from this user (the drafts, a few percent). Joining 100,000 visible events
    one by one took ten times as long (docs/benchmarks.md)."""
    model, key = LINKS[facet]
    totals = dict(model.objects.values_list(key).annotate(events=Count("*")).order_by())
    if not sees_drafts(user):
        hidden = Event.objects.hidden_from(user).values("pk")
        rows = model.objects.filter(event_id__in=hidden).values_list(key).annotate(events=Count("*")).order_by()
        for value, events in rows:
            totals[value] -= events
    ranked = sorted(((-events, value) for value, events in totals.items() if events > 0))[: FACET_LIMITS[facet]]
    if facet in SLUGS:
        slugs = dict(SLUGS[facet].objects.filter(pk__in=[value for _, value in ranked]).values_list("pk", "slug"))
        return {slugs[value]: -negative for negative, value in ranked}
    return {str(value): -negative for negative, value in ranked}


def _has_filter(params: QueryDict) -> bool:
    return any(value != "" for name in EventFilter.base_filters for value in params.getlist(name))


def facet_counts(params: QueryDict, user, *, facets=tuple(FACET_LIMITS)) -> FacetAnswer:
    """For each facet, events per choice under the rest of the filter (rest_of_filter), counted over
    the events `user` may see. A bad filter answers its field errors and counts nothing."""
    counts: dict[str, dict[str, int]] = {}
    for facet in facets:
        result = events_matching(rest_of_filter(params, facet), user)
        if not result.is_valid:
            return FacetAnswer({}, result.errors)
        if facet in LINKS and not _has_filter(rest_of_filter(params, facet)):

            def count(facet=facet) -> dict[str, int]:
                return _count_unfiltered(facet, user)
        else:

            def count(facet=facet, events=result.events) -> dict[str, int]:
                return _count(facet, events)

        counts[facet] = counted_once_per_version("facet", result.events, count, facet)
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
    # Their events under the filter; with none but visibility, every participation but the hidden
    # events' (as _count_unfiltered, and for the same reason).
    links = Participation.objects.filter(person__in=people)
    if _has_filter(rest_of_filter(params, "person")):
        links = links.filter(event_id__in=result.events.order_by().values("pk"))
    else:
        links = links.exclude(event_id__in=Event.objects.hidden_from(user).values("pk"))
    counted = list(
        links.values_list("person_id")
        .annotate(events=Count("*"))
        .order_by("-events", "person__name", "person_id")[:PEOPLE_SEARCH_LIMIT]
    )
    named = {person.pk: person for person in Person.objects.filter(pk__in=[pk for pk, _ in counted])}
    found = [(named[pk], events) for pk, events in counted]
    if len(found) < PEOPLE_SEARCH_LIMIT:  # the rest lead to no event under this filter
        rest = people.exclude(pk__in=[pk for pk, _ in counted]).order_by("name", "pk")
        found += [(person, 0) for person in rest[: PEOPLE_SEARCH_LIMIT - len(found)]]
    return PeopleAnswer([{"value": p.slug, "label": p.name, "count": events} for p, events in found], {})
