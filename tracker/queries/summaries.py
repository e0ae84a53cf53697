"""The summaries under a filtered timeline (events per place, per month, the meetings matrix), and
the cache that keeps a count over the corpus until the data changes.
"""

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, F, QuerySet
from django.db.models.functions import Cast, Substr

from tracker.domain import derived
from tracker.domain.dates import YEAR
from tracker.models import Country, DataVersion, Event, EventCountry
from tracker.queries.selectors import EventResult

T = TypeVar("T")

logger = logging.getLogger(__name__)

# A backstop only: every write, in the app or not (database triggers, migration 0014), raises the
# data version, which retires cached counts at once.
SUMMARY_TIMEOUT = 600
# How long the previous answer to a question is kept for readers who come while it is recounted.
PREVIOUS_TIMEOUT = 24 * 3600
# How long one recount may run before another reader may start it again.
RECOUNT_LOCK_SECONDS = 300
# How long the first reader with no previous answer waits for the background count before counting itself.
FIRST_COUNT_WAIT_SECONDS = 120

# When a view records them, the times at which the previous answers it was served were counted.
_previous_answers: ContextVar[list[datetime] | None] = ContextVar("previous_answers", default=None)


@contextmanager
def previous_answers_marked() -> Iterator[list[datetime]]:
    """Within this block a count may be answered with the previous version's while it is recounted in the
    background (when settings.SUMMARY_RECOUNT_IN_BACKGROUND); the list collects when each such answer
    was counted, so the view says so. Outside it, counts are always of the current data."""
    marks: list[datetime] = []
    token = _previous_answers.set(marks)
    try:
        yield marks
    finally:
        _previous_answers.reset(token)


def counted_once_per_version(name: str, events: QuerySet, count: Callable[[], T], *details) -> T:
    """`count()`, a count over `events`, kept in the cache until the data changes.

    Counts over a whole corpus take seconds at a million events. The key holds the data version
    (tracker.models.DataVersion), which every write raises, so after a change the count is made
    afresh. It also holds the SQL the events compiled to: one entry for every spelling of the same
    question ("?country=jp", "?country=JP"), and a separate one for a reader who sees drafts, whose
    SQL has no "is_published" condition. `details` are whatever else the count depends on.

    Inside `previous_answers_marked()`, the first readers after a change are given the previous
    answer (its time recorded for the page to show) while one background thread recounts, instead of
    waiting seconds for it; never without the mark. With no previous answer, the reader waits for
    that thread's count, which runs outside the reader's query budget.
    """
    sql, params = events.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params, details)).encode()).hexdigest()
    version = DataVersion.current()
    key, previous_key = f"tracker:{name}:{version}:{digest}", f"tracker:{name}:previous:{digest}"
    counted = cache.get(key)
    if counted is not None:
        return counted
    marks = _previous_answers.get()
    if marks is not None and settings.SUMMARY_RECOUNT_IN_BACKGROUND:
        previous = cache.get(previous_key)
        recount = _recount_in_background(key, previous_key, count)
        if previous is not None:
            counted_at, value = previous
            marks.append(counted_at)
            return value
        # No previous answer (the first reader since the workers started): wait for the count, made on the
        # recount's own connection, outside this reader's query budget, so it is never cut off with a 503.
        if recount is not None:
            recount.join(FIRST_COUNT_WAIT_SECONDS)
        counted = cache.get(key)
        if counted is not None:
            return counted
    return _count_and_keep(key, previous_key, count)


def _count_and_keep(key: str, previous_key: str, count: Callable[[], T]) -> T:
    counted_at = datetime.now(UTC)
    counted = count()
    cache.set(key, counted, SUMMARY_TIMEOUT)
    cache.set(previous_key, (counted_at, counted), PREVIOUS_TIMEOUT)
    return counted


def _recount_in_background(key: str, previous_key: str, count: Callable[[], T]) -> threading.Thread | None:
    """Start one recount for this version of the question, unless one is already running (then that one,
    when it runs in this process)."""
    if not cache.add(f"{key}:recounting", True, RECOUNT_LOCK_SECONDS):
        return _running.get(key)

    def recount() -> None:
        try:
            _count_and_keep(key, previous_key, count)
        except Exception:
            logger.exception("recounting %s failed; the next reader starts again", key)
            cache.delete(f"{key}:recounting")
        finally:
            _running.pop(key, None)
            # This thread's own connection, opened for the count: closed, never left to the pool.
            connection.close()

    thread = threading.Thread(target=recount, name="summary-recount", daemon=True)
    _running[key] = thread
    thread.start()
    return thread


# The recounts running in this process, by cache key.
_running: dict[str, threading.Thread] = {}


def wait_for_recounts(timeout: float = 60) -> None:
    """Wait for the background recounts running now (for tests and the benchmark)."""
    for thread in list(_running.values()):
        thread.join(timeout)


def reader_summaries(result: EventResult) -> dict:
    """The summaries under a filtered timeline: events per mapped place, per month, and the meetings
    matrix (place_counts, monthly_counts, country_pair_counts), counted once per data version."""

    def count() -> dict:
        months, year_only = monthly_counts(result.events)
        codes, countries, matrix = country_pairs(result.events)
        return {
            "country_codes": codes,
            "places": place_counts(result.events),
            "months": months,
            "year_only": year_only,
            "countries": countries,
            "matrix": matrix,
        }

    return counted_once_per_version("reader-summaries-with-codes", result.events, count)


def place_counts(events: QuerySet) -> list[dict]:
    """Events per mapped place (events without coordinates are left out), most events first."""
    return list(
        events.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values("place_name", "latitude", "longitude")
        .annotate(events=Count("pk"))
        .order_by("-events", "place_name")
    )


def monthly_counts(events: QuerySet) -> tuple[list[dict], int]:
    """Events per start month and kind, and how many year-precision events were left out.

    A year-precision event has no month, so counting it in January would invent a peak; month- and
    day-precision events count in the month they start. One query, grouped on the month as text.
    """
    # Grouped month first: grouped kind first, SQLite would walk event_kind_window for its order and
    # read the table for date_precision, instead of the covering event_published_dates.
    counted = (
        events.order_by()
        .values(month=_start_month(), group_kind=F("kind"), precision=F("date_precision"))
        .annotate(events=Count("pk"))
        .values_list("month", "group_kind", "precision", "events")
    )
    rows: list[dict] = []
    year_only = 0
    for month, kind, precision, number in counted:
        if precision == YEAR:
            year_only += number
            continue
        rows.append({"month": _period_first_day(month), "kind": kind, "events": number})
    # Day and month precision land in separate groups of the same month and kind: merge them.
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["month"], row["kind"])
        if key in merged:
            merged[key]["events"] += row["events"]
        else:
            merged[key] = row
    return sorted(merged.values(), key=lambda row: (row["month"], row["kind"])), year_only


def country_pair_counts(events: QuerySet, *, limit: int = 20) -> tuple[list[str], list[list[int]]]:
    """How many face-to-face meetings each pair of countries shared, for the `limit` busiest countries.

    Returns (country names, a symmetric matrix of counts); the diagonal counts each country's meetings.
    """
    _, names, matrix = country_pairs(events, limit=limit)
    return names, matrix


def meeting_filter(cleaned_data: dict) -> dict[str, list[str]]:
    """The kinds and statuses of the list behind a cell of the meetings matrix: those the matrix
    counts (tracker.domain.derived.meetings) within those the reader's filter already chose, so the
    list holds the cell's count."""
    chosen_kinds = cleaned_data.get("kind") or Event.MEETING_KINDS
    chosen_statuses = cleaned_data.get("status") or derived.COUNTED_LIFECYCLES
    return {
        "kind": [str(kind) for kind in Event.MEETING_KINDS if kind in chosen_kinds],
        "status": [str(status) for status in derived.COUNTED_LIFECYCLES if status in chosen_statuses],
    }


def country_pairs(events: QuerySet, *, limit: int = 20) -> tuple[list[str], list[str], list[list[int]]]:
    """country_pair_counts with the countries' codes first: (codes, names, matrix).

    Both counts are made by the database: first each country's meetings, then, for the chosen
    countries only, the pairs that share an event.
    """
    ids = derived.meetings(events).order_by().values("pk")
    links = EventCountry.objects.filter(event_id__in=ids)
    per_country = links.order_by().values("country_id").annotate(meetings=Count("pk"))
    totals = dict(per_country.values_list("country_id", "meetings"))
    names = dict(Country.objects.filter(code__in=totals).values_list("code", "name"))
    chosen = sorted(totals, key=lambda code: (-totals[code], names[code]))[:limit]
    chosen.sort(key=lambda code: names[code])
    pairs = (
        # One filter() call, so both conditions and the partner column name the same joined link.
        links.filter(
            country_id__in=chosen,
            event__country_links__country_id__in=chosen,
            country_id__lt=F("event__country_links__country_id"),
        )
        .order_by()
        .values("country_id", partner=F("event__country_links__country_id"))
        .annotate(meetings=Count("pk"))
        .values_list("country_id", "partner", "meetings")
    )
    shared = {(first, second): number for first, second, number in pairs}
    matrix = [[totals[a] if a == b else shared.get((min(a, b), max(a, b)), 0) for b in chosen] for a in chosen]
    return chosen, [names[code] for code in chosen], matrix


def _period_first_day(period: str) -> date:
    return date(int(period[:4]), int(period[5:7] or 1), int(period[8:10] or 1))


def _start_month() -> Substr:
    """The start date as text cut to its month ("2026-01"): a plain string function, which both
    databases run natively, unlike Django's date truncation on SQLite."""
    return Substr(Cast("start_date", CharField()), 1, 7)
