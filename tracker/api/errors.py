"""The API's one error shape, {"errors": {field: [messages]}}: DRF's exception handler reshaped, the
404 for unrouted /api/ paths, and the schema of the error body.
"""

from django.http import HttpRequest, JsonResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler


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
