"""Cursor pagination for the API's lists: stable links, no OFFSET scans, a 400 for a bad cursor or page size."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Cursor pages: links stay valid while researchers add events, and deep pages cost no OFFSET scan.

    A cursor we did not issue is a 400 on the `cursor` parameter (DRF's default is a bare 404).
    """

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        # decode_cursor checks the cursor's position against the field the pages are ordered by.
        self.ordered_model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise self._not_issued() from None
        if cursor is not None and cursor.position is not None and not self._is_position(cursor.position):
            raise self._not_issued()
        return cursor

    def _is_position(self, position: str) -> bool:
        """Whether `position` is a value of the first ordering field, as every cursor we issue holds.

        A forged one ("p=notadate", "p=0000-01-01" for a date) would otherwise reach the database
        query and fail there, a 500 instead of a 400.
        """
        field = self.ordered_model._meta.get_field(self.ordering[0].lstrip("-"))
        if "\x00" in position:
            return False
        try:
            field.clean(position, None)
        except DjangoValidationError:
            return False
        return True

    def _not_issued(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: ["This cursor is not one we issued."]})

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # isascii: "²" and "①" are digits to str.isdigit but not numbers to int().
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
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


class StatementPagination(StableCursorPagination):
    # In the order recorded: a quote's date may be unknown, and a cursor needs a position on every row.
    ordering = ("id",)
