"""Cursor pagination for the API's lists: stable links, no OFFSET scans, a 400 for a bad cursor or page size."""

from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


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
