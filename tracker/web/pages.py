"""The readers' site: thin function views. Every list goes through selectors.events_matching, so the
query string means the same rows on the timeline, the table, the charts and the exports.
"""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

# The module, not its AGGREGATE_THRESHOLD: read at call time, so that a test can lower it.
from tracker.charts import timeline
from tracker.charts.marks import event_pk
from tracker.charts.style import to_json
from tracker.charts.summaries import map_figure, matrix_figure, monthly_figure, monthly_table
from tracker.charts.swimlanes import event_total
from tracker.domain.offices import office_when_said
from tracker.exports.formats import STATEMENTS
from tracker.models import KIND_CODES, Event
from tracker.queries import selectors
from tracker.queries.statements import statements_matching
from tracker.queries.summaries import meeting_filter, previous_answers_marked, reader_summaries
from tracker.queries.timeline_data import terms_of_office, timeline_rows
from tracker.web.chips import active_filter_chips, clear_filter_url

PAGE_SIZE = 50
# Rows shown in a chart's fallback data table; the full list is one click away in /events/.
FALLBACK_ROWS = 200
SORTS = {
    "date": ("start_date", "id"),
    "-date": ("-start_date", "-id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "kind": ("kind", "start_date", "id"),
    "-kind": ("-kind", "start_date", "id"),
    "place": ("place_name", "start_date", "id"),
    "-place": ("-place_name", "start_date", "id"),
}
GROUP_LABELS = {"kind": "Kind", "country": "Country", "person": "Person"}


def _view_options(params: QueryDict, *, group: str = "kind", terms: bool = False) -> tuple[dict, dict]:
    """Read the display options that are not filters (group, terms, sort); errors name the field."""
    errors: dict[str, list[str]] = {}
    options = {"group": params.get("group") or group, "sort": params.get("sort") or "date"}
    if options["group"] not in GROUP_LABELS:
        errors["group"] = [f"{options['group']} is not a grouping; use one of {', '.join(GROUP_LABELS)}."]
    if options["sort"] not in SORTS:
        errors["sort"] = [f"{options['sort']} is not a sort order; use one of {', '.join(SORTS)}."]
    raw_terms = params.get("terms")
    if raw_terms not in (None, "", "0", "1", "on"):
        errors["terms"] = [f"{raw_terms} is not a yes/no value; use 1 or 0."]
    options["terms"] = terms if raw_terms in (None, "") else raw_terms in ("1", "on")
    return options, errors


def _scoped(params: QueryDict, field: str, value: str) -> QueryDict:
    """The request's filters with the page's subject added, e.g. topic=north-korea on a topic page.

    Values the reader gave for the same field are kept (and validated), never dropped silently:
    /countries/KR/?country=CN&match=all is the events involving both.
    """
    scoped = params.copy()
    given = [item for item in params.getlist(field) if item.upper() != value.upper()]
    scoped.setlist(field, [value, *given])
    return scoped


def _query_without(params: QueryDict, *names: str) -> str:
    trimmed = params.copy()
    for name in names:
        trimmed.pop(name, None)
    return trimmed.urlencode()


def _active_filter(request: HttpRequest, result) -> dict:
    """The reader's filter as removable chips above the results, and the address without any of it."""
    return {
        "chips": active_filter_chips(request.GET, result.form, request.path),
        "clear_url": clear_filter_url(request.GET, request.path),
    }


def _bad_filter(request: HttpRequest, result, errors: dict[str, list[str]]) -> HttpResponse:
    fields = result.form.fields
    named = [(name, fields[name].label if name in fields else name, messages) for name, messages in errors.items()]
    return render(request, "tracker/bad_filter.html", {"errors": named, "filter": result.form}, status=400)


def _list_context(
    request: HttpRequest, result, params: QueryDict, options: dict, *, title: str, pinned: str = ""
) -> dict:
    """What every filtered list page shows: the form, the timeline, a page of rows, cite and export links."""
    rows = timeline_rows(
        result.events,
        group_by=options["group"],
        summary_past=timeline.AGGREGATE_THRESHOLD,
        detailed_head=FALLBACK_ROWS,
    )
    terms = []
    if options["group"] == "person" and options["terms"]:
        # The reader's chosen people; a person page's own subject is not a choice, so it shows every lane.
        chosen = [person.name for person in result.form.cleaned_data.get("person") or [] if person.slug != pinned]
        terms = terms_of_office(chosen or sorted({name for names in rows.people for name in names}))
    query = _query_without(params, "page", "sort")
    return {
        "title": title,
        "filter": result.form,
        "options": options,
        "group_labels": GROUP_LABELS,
        "timeline": timeline.timeline_figure(rows, options["group"], terms=terms),
        "timeline_rows": rows.head(FALLBACK_ROWS),
        "event_count": event_total(rows),
        "fallback_limit": FALLBACK_ROWS,
        "query": query,
        "permalink": request.build_absolute_uri(),
        "accessed": date.today(),
    } | _active_filter(request, result)


def _page_of(result, params: QueryDict, options: dict):
    events = result.events.list_rows().for_event_table().order_by(*SORTS[options["sort"]])
    return Paginator(events, PAGE_SIZE).get_page(params.get("page"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    result = selectors.events_matching(request.GET, request.user)
    options, errors = _view_options(request.GET)
    if not result.is_valid or errors:
        return _bad_filter(request, result, result.errors | errors)
    with previous_answers_marked() as previous_answers:
        context = _list_context(request, result, request.GET, options, title="Timeline")
        summaries = reader_summaries(result)
    places, months, year_only = summaries["places"], summaries["months"], summaries["year_only"]
    countries, matrix = summaries["countries"], summaries["matrix"]
    context |= {
        "map": map_figure(places),
        "places": places,
        "monthly": monthly_figure(months),
        "months": months,
        "monthly_table": monthly_table(months),
        "year_only": year_only,
        "matrix": matrix_figure(
            countries, matrix, summaries["country_codes"], meeting_filter(result.form.cleaned_data)
        ),
        "matrix_pairs": [
            (countries[i], countries[j], matrix[i][j])
            for i in range(len(countries))
            for j in range(i + 1, len(countries))
            if matrix[i][j]
        ],
        # Set when some counts are the previous answer while they are recounted after a change.
        "counted_at": min(previous_answers, default=None),
    }
    return render(request, "tracker/home.html", context)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    result = selectors.events_matching(request.GET, request.user)
    options, errors = _view_options(request.GET)
    if not result.is_valid or errors:
        return _bad_filter(request, result, result.errors | errors)
    context = {
        "title": "Events",
        "filter": result.form,
        "counted_event": result.counted_event,
        "options": options,
        "page": _page_of(result, request.GET, options),
        "query": _query_without(request.GET, "page", "sort"),
        "permalink": request.build_absolute_uri(),
        "accessed": date.today(),
    } | _active_filter(request, result)
    return render(request, "tracker/event_list.html", context)


@require_GET
def timeline_json(request: HttpRequest) -> HttpResponse:
    """The timeline figure for a query string, as Plotly JSON; 400 with {"errors": …} on bad input."""
    result = selectors.events_matching(request.GET, request.user)
    options, errors = _view_options(request.GET)
    if not result.is_valid or errors:
        return HttpResponse(to_json({"errors": result.errors | errors}), status=400, content_type="application/json")
    with previous_answers_marked() as previous_answers:
        rows = timeline_rows(result.events, group_by=options["group"], summary_past=timeline.AGGREGATE_THRESHOLD)
    figure = timeline.timeline_figure(rows, options["group"])
    response = HttpResponse(to_json(figure), content_type="application/json")
    if previous_answers:
        # Counts from before the latest change, being recounted: said in a header, the figure unchanged.
        response["Counted-At"] = min(previous_answers).isoformat()
    return response


@require_GET
def statement_list(request: HttpRequest) -> HttpResponse:
    """Quotes under the events filter, plus speaker and words in the quote (tracker.queries.statements)."""
    result = statements_matching(request.GET, request.user)
    if not result.is_valid:
        return _bad_filter(request, result, result.errors)
    page = Paginator(result.statements.for_listing(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "title": "Statements",
        "filter": result.form,
        "page": page,
        "quotes": [(statement, office_when_said(statement)) for statement in page],
        "query": _query_without(request.GET, "page"),
        "export_subject": STATEMENTS,
        "permalink": request.build_absolute_uri(),
        "accessed": date.today(),
    } | _active_filter(request, result)
    return render(request, "tracker/statement_list.html", context)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The words the site uses, each under its own anchor (/glossary/#edtf), linked where they appear."""
    kinds = [(label, *KIND_CODES.get(value, ("", "", ""))) for value, label in Event.Kind.choices]
    return render(request, "tracker/glossary.html", {"kinds": kinds})


@require_GET
@xframe_options_exempt
def embed_timeline(request: HttpRequest) -> HttpResponse:
    """The timeline alone, for another site to frame: the same filter as /, a link back to the full list.

    The one page that may be framed: X-Frame-Options is left off, and the CSP's frame-ancestors names
    this site and settings.EMBED_ALLOWED_ORIGINS, read per request.
    """
    result = selectors.events_matching(request.GET, request.user)
    options, errors = _view_options(request.GET)
    if not result.is_valid or errors:
        messages = [(name, message) for name, items in (result.errors | errors).items() for message in items]
        response = render(request, "tracker/embed_bad_filter.html", {"messages": messages}, status=400)
    else:
        context = _list_context(request, result, request.GET, options, title="Timeline")
        response = render(request, "tracker/embed_timeline.html", context)
    response._csp_replace = {"frame-ancestors": ["'self'", *settings.EMBED_ALLOWED_ORIGINS]}
    return response


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_reader(slug, request.user)
    if event is None:
        # The address of an event merged into another leads to that one, for good.
        moved = selectors.redirected_event(request.user, slug=slug)
        if moved is None:
            raise Http404("No published event has this address.")
        return redirect(moved, permanent=True)
    facts = selectors.event_detail_facts(event, request.user)
    context = {
        "event": event,
        "facts": facts,
        "gaps": selectors.series_neighbours(event, facts),
        "permalink": request.build_absolute_uri(),
        "accessed": date.today(),
    }
    return render(request, "tracker/event_detail.html", context)


@require_GET
def event_by_mark(request: HttpRequest, key: int) -> HttpResponse:
    """Where a timeline mark leads: each mark carries its event's key (tracker.charts.marks), far shorter
    than the slug. The same visibility as the event page, so a draft is a 404 for readers."""
    pk = event_pk(key)
    slug = selectors.event_slug_for_reader(pk, request.user) if pk is not None else None
    if slug is None:
        raise Http404("No published event has this address.")
    return redirect("event_detail", slug=slug)


def _scoped_page(request: HttpRequest, field: str, value: str, subject, template: str, **extra) -> HttpResponse:
    """A person, country, topic or series page: the shared list context with one filter pinned."""
    params = _scoped(request.GET, field, value)
    result = selectors.events_matching(params, request.user)
    defaults = {"default_group": extra.pop("group", "kind"), "default_terms": extra.pop("terms", False)}
    options, errors = _view_options(params, group=defaults["default_group"], terms=defaults["default_terms"])
    if not result.is_valid or errors:
        return _bad_filter(request, result, result.errors | errors)
    context = _list_context(request, result, params, options, title=str(subject), pinned=value)
    pinned = {"pinned": field, "pinned_value": value}
    context |= {"subject": subject, "page": _page_of(result, params, options)} | pinned | defaults | extra
    return render(request, template, context)


@require_GET
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = selectors.person_for_reader(slug, request.user)
    if person is None:
        raise Http404("No person has this address.")
    return _scoped_page(
        request,
        "person",
        person.slug,
        person,
        "tracker/person_detail.html",
        group="person",
        terms=True,
        positions=selectors.person_positions(person),
        counterparts=selectors.person_counterparts(person, request.user),
    )


@require_GET
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.country_for_reader(code)
    if country is None:
        raise Http404("No country has this code.")
    return _scoped_page(
        request,
        "country",
        country.code,
        country,
        "tracker/country_detail.html",
        counterparts=selectors.country_counterparts(country, request.user),
    )


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for_reader(slug, request.user)
    if topic is None:
        raise Http404("No topic has this address.")
    return _scoped_page(request, "topic", topic.slug, topic, "tracker/topic_detail.html")


@require_GET
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = selectors.series_for_reader(slug, request.user)
    if series is None:
        raise Http404("No series has this address.")
    return _scoped_page(
        request,
        "series",
        series.slug,
        series,
        "tracker/series_detail.html",
        meetings=selectors.series_meetings(series, request.user),
    )
