"""Downloads of any filtered event list: the same query string as the timeline, streamed.

Views are glue: bind the shared filter (tracker.exports.export_request → events_matching), then
stream what tracker.exports renders. A bad filter is a 400 naming each bad field.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker import exports

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "ics": "text/calendar; charset=utf-8",
    "plover.jsonl": "application/jsonl",
    "timelinejs.json": "application/json",
}


def _bad_filter(error: exports.BadFilter) -> JsonResponse:
    return JsonResponse({"errors": error.errors}, status=400)


def _download(request: HttpRequest, chunks, extension: str, export: exports.ExportRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(extension)}"'
    meta_url = reverse("events_export_meta")
    query = request.GET.urlencode()
    response["Link"] = f'<{meta_url}{"?" + query if query else ""}>; rel="describedby"; type="application/json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _wants_excel(request: HttpRequest) -> bool:
    return request.GET.get("excel", "").lower() in {"1", "true", "yes", "on"}


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered events as CSV; ?excel=1 adds a byte-order mark so Excel reads UTF-8."""
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    chunks = (
        chunk.encode("utf-8")
        for chunk in exports.iter_csv_chunks(
            export.events, excel=_wants_excel(request), drafts_visible=export.drafts_visible
        )
    )
    return _download(request, chunks, "csv", export)


@require_GET
def export_meta(request: HttpRequest) -> HttpResponse:
    """Provenance of the CSV download with the same query string: row count, hash, version, time."""
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    meta = exports.csv_meta(export, excel=_wants_excel(request))
    count, rows_sha256 = exports.rows_digest(export)
    meta["rows_sha256"] = rows_sha256
    meta["rows_sha256_of"] = exports.ROW_HASH_DEFINITION + " (the value the JSON export's meta carries)"
    return JsonResponse(meta, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    return _download(request, exports.iter_json_chunks(export), "json", export)


@require_GET
def export_geojson(request: HttpRequest) -> HttpResponse:
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    return _download(request, exports.iter_geojson_chunks(export), "geojson", export)


@require_GET
def export_ics(request: HttpRequest) -> HttpResponse:
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    base_url = request.build_absolute_uri("/").rstrip("/")
    chunks = (chunk.encode("utf-8") for chunk in exports.iter_ics_chunks(export, base_url=base_url))
    return _download(request, chunks, "ics", export)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def export_plover(request: HttpRequest) -> HttpResponse:
    """The filtered events as PLOVER-style JSON lines (docs/data-format.md)."""
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    return _download(request, exports.iter_plover_chunks(export, base_url=_base_url(request)), "plover.jsonl", export)


@require_GET
def export_timelinejs(request: HttpRequest) -> HttpResponse:
    """The filtered events as a TimelineJS3 document, ready for a TimelineJS embed."""
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    chunks = exports.iter_timelinejs_chunks(export, base_url=_base_url(request))
    return _download(request, chunks, "timelinejs.json", export)
