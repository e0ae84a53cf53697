"""The active filter as a reader sees it above the results: one removable chip per chosen value, each
a link to the same address without that value, and the query string the menu's links keep.
"""

from dataclasses import dataclass

from django.http import QueryDict

from tracker.models import Event
from tracker.queries.filters import EventFilter

# Display options and paging: kept when a chip is removed, never shown as a chip, never carried by the menu.
NOT_FILTERS = ("page", "sort", "group", "terms")
# counted_for names one derived fact through its people and office: removing any of them (or the
# fact itself) removes the whole fact, since what is left would name no fact (a 400).
FACT_PARTS = ("counted_for", "office")
FIELD_ORDER = (
    "q",
    "start",
    "end",
    "country",
    "person",
    "speaker",
    "match",
    "kind",
    "topic",
    "series",
    "status",
    "counted_for",
)
# A chip names one value, so its field in the singular.
CHIP_FIELD_LABELS = {
    "country": "Country",
    "person": "Person",
    "kind": "Kind",
    "topic": "Topic",
    "q": "Text",
    "speaker": "Speaker",
}


@dataclass(frozen=True)
class Chip:
    field: str
    field_label: str
    label: str
    remove_url: str


def filter_query(params: QueryDict) -> str:
    """The filter part of a query string (no paging, sort or display options), as the menu keeps it."""
    kept = QueryDict(mutable=True)
    for name in EventFilter.base_filters:
        values = [value for value in params.getlist(name) if value != ""]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _value_labels(cleaned: dict) -> dict[str, dict[str, str]]:
    """What each chosen value is called: a country's name for "JP", a person's for their slug."""
    labels = {
        "country": {country.code: country.name for country in cleaned.get("country") or []},
        "person": {person.slug: person.name for person in cleaned.get("person") or []},
        # Only /statements/ has speakers.
        "speaker": {person.slug: person.name for person in cleaned.get("speaker") or []},
        "topic": {topic.slug: topic.name for topic in cleaned.get("topic") or []},
        "series": {series.slug: series.name for series in cleaned.get("series") or []},
        "kind": dict(Event.Kind.choices),
        "status": dict(Event.Lifecycle.choices),
        "match": {"all": "all chosen countries and people", "any": "any chosen country or person"},
    }
    counted = cleaned.get("counted_for")
    if counted is not None:
        labels["counted_for"] = {str(counted): "the meetings behind a derived fact"}
    return labels


def _without(params: QueryDict, field: str, value: str, path: str) -> str:
    trimmed = params.copy()
    trimmed.pop("page", None)
    remaining = [item for item in params.getlist(field) if item.upper() != value.upper()]
    trimmed.setlist(field, remaining)
    if field in FACT_PARTS or (field == "person" and params.get("counted_for")):
        for part in FACT_PARTS:
            trimmed.pop(part, None)
    query = trimmed.urlencode()
    return f"{path}?{query}" if query else path


def active_filter_chips(params: QueryDict, form, path: str) -> list[Chip]:
    """One chip per value of the reader's filter in `params`, in the form's order; `form` is the bound,
    valid filter form (its cleaned values give the names). A pinned subject (the person of a person
    page) comes from the path, not the query string, so it is never a chip."""
    cleaned = getattr(form, "cleaned_data", {}) or {}
    labels = _value_labels(cleaned)
    chips = []
    for field in FIELD_ORDER:
        field_label = CHIP_FIELD_LABELS.get(field) or (str(form.fields[field].label) if field in form.fields else field)
        for value in dict.fromkeys(item for item in params.getlist(field) if item != ""):
            if field == "match" and value == "any":
                continue  # the default says nothing worth a chip
            named = labels.get(field, {})
            label = named.get(value.upper() if field == "country" else value, value)
            chips.append(Chip(field, field_label, label, _without(params, field, value, path)))
    return chips


def clear_filter_url(params: QueryDict, path: str) -> str:
    """The same page with no filter: display options (lanes, terms, sort) stay as they were."""
    kept = QueryDict(mutable=True)
    for name in ("group", "terms", "sort"):
        if params.getlist(name):
            kept.setlist(name, params.getlist(name))
    query = kept.urlencode()
    return f"{path}?{query}" if query else path
