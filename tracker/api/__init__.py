"""The read-only JSON API: the same filters and the same visibility as the reader pages.

The event list reads through `selectors.events_matching`, so `/api/events/?country=KR&start=2025-06`
selects exactly the rows `/events/?country=KR&start=2025-06` shows. Every 4xx answers in one shape,
`{"errors": {field: [messages]}}`; nothing here writes.
"""

from django.http import HttpRequest, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tracker.models import Country, Event, Participation, Person, Position, Series, Topic
from tracker.queries import selectors

# ---------------------------------------------------------------------------------------------
# Errors


def error_body(errors: dict[str, list[str]]) -> dict:
    return {"errors": errors}


def _as_messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, messages in value.items() for message in _as_messages(messages)]
    return [str(value)]


def error_response(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, reshaped so every error reads {"errors": {field: [messages]}}.

    Field errors keep their field names; everything else (404, 405, 406…) is filed under "detail".
    """
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        errors = {"detail": _as_messages(data["detail"])}
    elif isinstance(data, dict):
        errors = {str(field): _as_messages(messages) for field, messages in data.items()}
    else:
        errors = {"detail": _as_messages(data)}
    response.data = error_body(errors)
    return response


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any /api/ path no route matches: a 404 in the API's error shape, not an HTML page."""
    return JsonResponse(error_body({"detail": ["Not found."]}), status=404)


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages by field, e.g. {"country": ["XX is not a known ISO 3166-1 alpha-2 country code"]}; '
        'errors not tied to a parameter are under "detail".',
    )


ERROR_RESPONSES = {400: ErrorsSerializer, 404: ErrorsSerializer}


# ---------------------------------------------------------------------------------------------
# Pagination


class StableCursorPagination(CursorPagination):
    """Cursor pages: links stay valid while researchers add events, and deep pages cost no OFFSET scan.

    A cursor we did not issue is a 400 on the `cursor` parameter (DRF's default is a bare 404).
    """

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({self.cursor_query_param: ["This cursor is not one we issued."]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)


class EventPagination(StableCursorPagination):
    # Chronological like the pages; id breaks ties between events that start on the same day.
    ordering = ("start_date", "id")


class SlugPagination(StableCursorPagination):
    ordering = ("slug",)


class CodePagination(StableCursorPagination):
    ordering = ("code",)


# ---------------------------------------------------------------------------------------------
# Serializers


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "official_name", "is_former"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["slug", "name", "description"]


class PositionSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.title")
    country = serializers.CharField(source="office.country_id", allow_null=True)
    organization = serializers.CharField(source="office.organization.slug", allow_null=True, default=None)
    end_date = serializers.DateField(allow_null=True, help_text="null while in office")

    class Meta:
        model = Position
        fields = ["office", "country", "organization", "start_date", "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "name", "native_name", "positions"]


class ParticipantSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.slug", help_text="The person's slug")
    name = serializers.CharField(source="person.name")
    office = serializers.CharField(source="position.office.title", allow_null=True, default=None)
    country = serializers.CharField(source="represented_country_id", allow_null=True, help_text="Country represented")
    organization = serializers.CharField(source="represented_organization.slug", allow_null=True, default=None)

    class Meta:
        model = Participation
        fields = ["person", "name", "role", "office", "country", "organization"]


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["uid", "slug", "title"]


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(source="place_name")
    country = serializers.CharField(source="place_country_id", allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class CodesSerializer(serializers.Serializer):
    cameo = serializers.CharField(source="cameo_code")
    plover_type = serializers.CharField()
    plover_mode = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    """One event row, built only from what `EventQuerySet.for_listing()` prefetches."""

    kind_label = serializers.CharField(source="get_kind_display")
    codes = CodesSerializer(source="*")
    when = serializers.CharField(help_text='The date as its precision allows: "13–14 Jan 2026", "Oct 2025", "2013"')
    edtf = serializers.CharField(help_text="The period in Extended Date/Time Format (ISO 8601-2)")
    place = PlaceSerializer(source="*")
    host_country = serializers.CharField(source="host_country_id", allow_null=True)
    host_organization = serializers.CharField(source="host_organization.slug", allow_null=True, default=None)
    countries = serializers.SerializerMethodField(help_text="Every country the event involves (ISO codes)")
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    parent = serializers.SerializerMethodField(help_text="The larger event this one was part of, when it is public")
    page = serializers.CharField(source="get_absolute_url", help_text="The event's page on this site")

    class Meta:
        model = Event
        fields = [
            "uid",
            "slug",
            "title",
            "kind",
            "kind_label",
            "codes",
            "lifecycle",
            "start_date",
            "end_date",
            "date_precision",
            "when",
            "edtf",
            "place",
            "host_country",
            "host_organization",
            "countries",
            "participants",
            "topics",
            "series",
            "parent",
            "summary",
            "outcome",
            "page",
            "updated_at",
        ]

    def get_countries(self, event: Event) -> list[str]:
        return [link.country_id for link in event.country_links.all()]

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_parent(self, event: Event) -> dict | None:
        # A published event may sit under a draft; the draft must not show through its child.
        parent = event.parent
        if parent is None or not self.context["visible_parent"](parent):
            return None
        return EventRefSerializer(parent).data


class StatementSerializer(serializers.Serializer):
    speaker = serializers.CharField(source="speaker.slug")
    speaker_name = serializers.CharField(source="speaker.name")
    quote = serializers.CharField()
    language = serializers.CharField()
    medium = serializers.CharField()
    said_on = serializers.CharField(source="when", help_text="As precise as known; empty when unknown")


class SourceCitationSerializer(serializers.Serializer):
    publisher = serializers.CharField(source="source.publisher")
    title = serializers.CharField(source="source.title")
    url = serializers.CharField(source="source.url")
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    excerpt = serializers.CharField()
    locator = serializers.CharField()


class EventDetailSerializer(EventSerializer):
    facts = serializers.SerializerMethodField(help_text="Derived facts, e.g. the meeting's ordinal")
    statements = serializers.SerializerMethodField(help_text="Said at this event")
    statements_about = serializers.SerializerMethodField(help_text="Said elsewhere about this event")
    citations = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "facts", "statements", "statements_about", "citations"]

    def get_facts(self, event: Event) -> list[str]:
        ordinals = self.context["facts"]["ordinals"]
        return [fact.office_sentence for fact in ordinals if fact.office_sentence] + [
            fact.person_sentence for fact in ordinals
        ]

    @extend_schema_field(StatementSerializer(many=True))
    def get_statements(self, event: Event) -> list[dict]:
        return StatementSerializer(self.context["facts"]["statements"], many=True).data

    @extend_schema_field(StatementSerializer(many=True))
    def get_statements_about(self, event: Event) -> list[dict]:
        return StatementSerializer(self.context["facts"]["statements_about"], many=True).data

    @extend_schema_field(SourceCitationSerializer(many=True))
    def get_citations(self, event: Event) -> list[dict]:
        return SourceCitationSerializer(self.context["facts"]["citations"], many=True).data


# ---------------------------------------------------------------------------------------------
# The filter parameters, documented once for the schema. They are read by tracker.queries.filters.EventFilter.


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
        "Events that end on or after this partial date (its first day): a year, a month or a day.",
        examples=[("a year", "2025"), ("a month", "2025-10"), ("a month in words", "Oct 2025")],
    ),
    _param(
        "end",
        "Events that start on or before this partial date (its last day).",
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
        "`any` (default): events involving any listed country; `all`: events involving every one.",
        enum=["any", "all"],
        examples=[("every listed country", "all")],
    ),
    _param(
        "person",
        "People's slugs, repeated; events any of them took part in.",
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
    _param("topic", "Topic slugs, repeated; events on any of them.", many=True, examples=[("AI", ["ai"])]),
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
        "q",
        "Words that must all appear in the title, the summary or a quote said at or about the event.",
        examples=[("words", "shuttle diplomacy")],
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


# ---------------------------------------------------------------------------------------------
# Views


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # GET and HEAD only: there is no write endpoint anywhere in the API.

    http_method_names = ["get", "head", "options"]


@extend_schema_view(
    list=extend_schema(
        summary="Events matching the filters",
        description="The same filters as the reader pages. Anonymous readers see published events only.",
        parameters=[*EVENT_FILTER_PARAMETERS, *PAGINATION_PARAMETERS],
        responses={200: EventSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(summary="One event by its uid", responses={200: EventDetailSerializer, **ERROR_RESPONSES}),
)
class EventViewSet(ReadOnlyViewSet):
    lookup_field = "uid"
    lookup_value_regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    pagination_class = EventPagination
    serializer_class = EventSerializer

    def get_queryset(self):
        return selectors.visible_events(self.request.user).for_listing()

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_serializer_context(self) -> dict:
        user = self.request.user
        staff = bool(user and user.is_active and user.is_staff)
        return {**super().get_serializer_context(), "visible_parent": lambda parent: staff or parent.is_published}

    def list(self, request, *args, **kwargs):
        result = selectors.events_matching(request.query_params, request.user)
        if not result.is_valid:
            raise exceptions.ValidationError(result.errors)
        page = self.paginate_queryset(result.events.for_listing())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        context = {**self.get_serializer_context(), "facts": selectors.event_detail_facts(event, request.user)}
        return Response(EventDetailSerializer(event, context=context).data)


def reference_docs(plural: str, one: str, serializer) -> extend_schema_view:
    """Schema docs shared by the read-only reference lists (people, countries, topics, series)."""
    return extend_schema_view(
        list=extend_schema(
            summary=plural, parameters=PAGINATION_PARAMETERS, responses={200: serializer(many=True), **ERROR_RESPONSES}
        ),
        retrieve=extend_schema(summary=one, responses={200: serializer, **ERROR_RESPONSES}),
    )


@reference_docs("People", "One person by slug", PersonSerializer)
class PersonViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = SlugPagination
    serializer_class = PersonSerializer

    def get_queryset(self):
        return selectors.people_with_positions()


@reference_docs("Countries", "One country by ISO code", CountrySerializer)
class CountryViewSet(ReadOnlyViewSet):
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    pagination_class = CodePagination
    serializer_class = CountrySerializer
    queryset = Country.objects.all()

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@reference_docs("Topics", "One topic by slug", TopicSerializer)
class TopicViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = SlugPagination
    serializer_class = TopicSerializer

    def get_queryset(self):
        return selectors.topics_in_use()


@reference_docs("Series of related meetings", "One series by slug", SeriesSerializer)
class SeriesViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = SlugPagination
    serializer_class = SeriesSerializer

    def get_queryset(self):
        return selectors.all_series()
