"""Downloads of any filtered event list, and of the quotes: the same query string as the pages, streamed.

Views are glue: bind the shared filter (tracker.exports.export_request → events_matching), then
stream what tracker.exports renders. A bad filter is a 400 naming each bad field.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker import exports
from tracker.exports.dataset import iter_dataset_chunks

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


def _download(
    request: HttpRequest,
    chunks,
    extension: str,
    export: exports.ExportRequest,
    *,
    described: bool = True,
    name: str = "",
) -> StreamingHttpResponse:
    """Stream `chunks` as an attachment; `described` links the events' provenance (.meta.json)."""
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[extension])
    filename = export.filename(extension).replace(f".{extension}", f"{name}.{extension}")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if described:
        meta_url = reverse("events_export_meta")
        query = request.GET.urlencode()
        response["Link"] = f'<{meta_url}{"?" + query if query else ""}>; rel="describedby"; type="application/json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


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
    chunks = (chunk.encode("utf-8") for chunk in exports.iter_ics_chunks(export, base_url=_base_url(request)))
    return _download(request, chunks, "ics", export)


@require_GET
def export_dataset(request: HttpRequest) -> HttpResponse:
    """Everything in one JSON document (tracker.exports.dataset): published records for readers,
    drafts too for staff, as everywhere else."""
    response = StreamingHttpResponse(iter_dataset_chunks(request.user), content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = 'attachment; filename="diplomacy-tracker-dataset.json"'
    response["X-Content-Type-Options"] = "nosniff"
    if request.user.is_authenticated:
        # A staff member's copy holds drafts: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_readable_csv(request: HttpRequest) -> HttpResponse:
    """The filtered events for reading: names, dates as written, addresses, sources (tracker.exports.readable)."""
    try:
        export = exports.export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    chunks = exports.iter_readable_csv_chunks(export, base_url=_base_url(request), excel=_wants_excel(request))
    encoded = (chunk.encode("utf-8") for chunk in chunks)
    return _download(request, encoded, "csv", export, described=False, name="-readable")


@require_GET
def statements_csv(request: HttpRequest) -> HttpResponse:
    """The quotes /statements/ lists for the same query string, as CSV; ?excel=1 adds a byte-order mark."""
    try:
        export = exports.statement_export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    chunks = exports.iter_statement_csv_chunks(
        export.statements, base_url=_base_url(request), excel=_wants_excel(request)
    )
    return _download(request, (chunk.encode("utf-8") for chunk in chunks), "csv", export, described=False)


@require_GET
def statements_json(request: HttpRequest) -> HttpResponse:
    try:
        export = exports.statement_export_request(request.GET, request.user)
    except exports.BadFilter as error:
        return _bad_filter(error)
    chunks = exports.iter_statement_json_chunks(export.statements, export, base_url=_base_url(request))
    return _download(request, chunks, "json", export, described=False)


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
