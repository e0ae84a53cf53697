"""The API's read-only viewsets: events through selectors.events_matching, and the reference lists."""

import uuid

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from tracker.api.errors import ERROR_RESPONSES
from tracker.api.pagination import CodePagination, EventPagination, SlugPagination, StatementPagination
from tracker.api.parameters import EVENT_FILTER_PARAMETERS, PAGINATION_PARAMETERS, STATEMENT_FILTER_PARAMETERS
from tracker.api.serializers import (
    CountrySerializer,
    EventDetailSerializer,
    EventSerializer,
    PersonSerializer,
    SeriesSerializer,
    StatementListSerializer,
    TopicSerializer,
)
from tracker.models import Country
from tracker.models.visibility import sees_drafts
from tracker.queries import selectors
from tracker.queries.statements import statements_matching


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
    retrieve=extend_schema(
        summary="One event by its uid",
        description="The uid of an event merged into another answers 301, pointing at the event it was merged into.",
        responses={200: EventDetailSerializer, **ERROR_RESPONSES},
    ),
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
        staff = sees_drafts(self.request.user)
        return {**super().get_serializer_context(), "visible_parent": lambda parent: staff or parent.is_published}

    def list(self, request, *args, **kwargs):
        result = selectors.events_matching(request.query_params, request.user)
        if not result.is_valid:
            raise exceptions.ValidationError(result.errors)
        page = self.paginate_queryset(result.events.for_listing())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        try:
            event = self.get_object()
        except Http404:
            # The uid of an event merged into another leads to that one, for good.
            moved = selectors.redirected_event(request.user, uid=uuid.UUID(self.kwargs["uid"]))
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(reverse("api-event-detail", kwargs={"uid": moved.uid}))
        context = {**self.get_serializer_context(), "facts": selectors.event_detail_facts(event, request.user)}
        return Response(EventDetailSerializer(event, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Statements (quotes) matching the filters",
        description="The same filters as /statements/: the event filter chooses the events a quote was said at "
        "or is about; `speaker` and `q` read the quote itself. Anonymous readers see only quotes whose every "
        "event is published. In the order recorded.",
        parameters=[*STATEMENT_FILTER_PARAMETERS, *PAGINATION_PARAMETERS],
        responses={200: StatementListSerializer(many=True), **ERROR_RESPONSES},
    ),
)
class StatementViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "head", "options"]
    pagination_class = StatementPagination
    serializer_class = StatementListSerializer

    def list(self, request, *args, **kwargs):
        result = statements_matching(request.query_params, request.user)
        if not result.is_valid:
            raise exceptions.ValidationError(result.errors)
        page = self.paginate_queryset(result.statements.for_listing())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


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
        return selectors.people_with_positions(self.request.user)


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
        return selectors.topics_in_use(self.request.user)


@reference_docs("Series of related meetings", "One series by slug", SeriesSerializer)
class SeriesViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = SlugPagination
    serializer_class = SeriesSerializer

    def get_queryset(self):
        return selectors.all_series(self.request.user)
