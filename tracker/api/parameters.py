"""The filter and pagination query parameters, documented once for the OpenAPI schema.

The filters are read by tracker.queries.filters.EventFilter; these only describe them.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from tracker.api.pagination import StableCursorPagination
from tracker.models import Event


def _param(name: str, description: str, *, many: bool = False, enum=None, examples=()) -> OpenApiParameter:
    return OpenApiParameter(
        name=name,
        type=OpenApiTypes.STR,
        location=OpenApiParameter.QUERY,
        description=description,
        required=False,
        many=many,
        explode=True if many else None,
        enum=enum,
        examples=[OpenApiExample(label, value=value) for label, value in examples],
    )


EVENT_FILTER_PARAMETERS = [
    _param(
        "start",
        "Events that end on or after this partial date (its first day): a year, a month or a day, "
        "in years 0001 to 9999.",
        examples=[("a year", "2025"), ("a month", "2025-10"), ("a month in words", "Oct 2025")],
    ),
    _param(
        "end",
        "Events that start on or before this partial date (its last day), in years 0001 to 9999.",
        examples=[("a day", "2026-01-14"), ("a month in words", "Jan 2026")],
    ),
    _param(
        "country",
        "ISO 3166-1 alpha-2 codes, repeated; an event matches when it involves any of them (see `match`).",
        many=True,
        examples=[("Korea and Japan", ["KR", "JP"])],
    ),
    _param(
        "match",
        "`any` (default): events involving any listed country and any listed person; `all`: events "
        "involving every listed country and every listed person (the meetings between them).",
        enum=["any", "all"],
        examples=[("every listed country", "all")],
    ),
    _param(
        "person",
        "People's slugs, repeated; events any of them took part in (every one of them with `match=all`).",
        many=True,
        examples=[("Lee Jae Myung", ["lee-jae-myung"])],
    ),
    _param(
        "kind",
        "Event kinds, repeated.",
        many=True,
        enum=Event.Kind.values,
        examples=[("summits", ["bilateral_summit"])],
    ),
    _param(
        "topic",
        "Topic slugs, repeated; events on any of them.",
        many=True,
        examples=[("North Korea", ["north-korea"])],
    ),
    _param(
        "series",
        "Series slugs, repeated.",
        many=True,
        examples=[("shuttle diplomacy", ["korea-japan-shuttle-diplomacy"])],
    ),
    _param(
        "status",
        "Lifecycle statuses, repeated.",
        many=True,
        enum=Event.Lifecycle.values,
        examples=[("held", ["held"])],
    ),
    _param(
        "place",
        "A place name as recorded (any case, the whole name): the events held there, as a map marker lists them.",
        examples=[("Nara", "Nara")],
    ),
    _param(
        "q",
        "Words that must all appear in the title, the summary or a quote said at or about the event.",
        examples=[("words", "shuttle diplomacy")],
    ),
    _param(
        "counted_for",
        "The uid of a meeting: lists the meetings behind one of its derived facts, in the order counted. "
        "With one `person` and an `office`: that leader's meetings with holders of the office since taking "
        "office; with two `person`: the meetings between them. The event page links each fact so. "
        "Uids differ between databases, so there is no example to try: take one from /api/events/.",
    ),
    _param(
        "office",
        "An office slug, read with `counted_for`: the counterpart office of a leader's count.",
        examples=[("Prime Minister of Japan", "prime-minister-jp")],
    ),
]

# /api/statements/: the event filter chooses the events a quote was said at or is about; `speaker`
# and `q` read the quote itself (tracker.queries.statements).
STATEMENT_FILTER_PARAMETERS = [
    *(parameter for parameter in EVENT_FILTER_PARAMETERS if parameter.name != "q"),
    _param(
        "speaker",
        "People's slugs, repeated: quotes any of them said. Unattributed quotes have no speaker.",
        many=True,
        examples=[("Lee Jae Myung", ["lee-jae-myung"])],
    ),
    _param(
        "q",
        "Words that must all appear in the quote, at most 20 words and 200 characters.",
        examples=[("words", "Northeast Asia")],
    ),
]

PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Opaque cursor from a `next`/`previous` link"
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": StableCursorPagination.max_page_size},
        OpenApiParameter.QUERY,
        description="Rows per page, 1 to 500 (default 50)",
    ),
]
