"""What the one date parser makes of a text, for the admin's date fields to say while a researcher
types (static/tracker/admin-dates.js). Staff only; it reads, it stores nothing."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from tracker.domain.dates import DAY, PartialDate, PartialDateError, parse_day, parse_partial_date


@staff_member_required
@require_GET
def read_date(request: HttpRequest) -> JsonResponse:
    """?text=… → {"understood": "13–14 Jan 2026 (day precision)", "start", "end", "precision"}, or
    {"error": "…"} with the parser's message. With one_day=1 the text is read as a field kept to the
    day reads it (a source's dates, a position's start and end)."""
    text = request.GET.get("text", "")
    try:
        if request.GET.get("one_day"):
            day = parse_day(text)
            period = PartialDate(day, day, DAY)
        else:
            period = parse_partial_date(text)
    except PartialDateError as exc:
        return JsonResponse({"error": str(exc)})
    return JsonResponse(
        {
            "understood": period.understood,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "precision": period.precision,
        }
    )
