"""A time budget for every database statement a reader's request runs.

Bounded search (tracker.domain.search) keeps honest queries short; this is the backstop for the
ones that still run long, so that no reader's request holds a worker, and the database, for
seconds while other readers wait. Each statement may run for settings.READER_QUERY_TIMEOUT_MS
(from the environment; 0 turns the budget off):

- PostgreSQL: `SET statement_timeout` on each connection the request uses, just before its first
  statement there, and `RESET` when the request is done. The server cancels a statement past the
  budget (SQLSTATE 57014, query_canceled).
- SQLite: a progress handler on the connection, which SQLite calls every PROGRESS_STEPS
  virtual-machine instructions; once the running statement is past its deadline the handler
  returns true and SQLite interrupts it. (One long step, such as a big sort, runs to its end
  before the handler is asked again.)

Either way Django raises OperationalError, and ReaderQueryBudgetMiddleware answers it with a 503
that says why and what to do, never a 500. Staff are never cut off, nor is anything under the
admin (imports and edits take as long as they take), nor management commands (no request at all).

The exports read every row through one long cursor (tracker.exports.sql.iter_records). On
PostgreSQL it is a server-side cursor, and each FETCH of a chunk is a statement with a budget of its
own; on SQLite iter_records calls `restart_for_next_chunk()` before each fetch for the same effect.
So an export of many quick chunks runs to its end, in the view (the .meta.json hashes every row) or
streamed after it, while one stuck chunk is cut off. A download streams after its view has
returned, so each pull from it is budgeted too; a cut-off there ends the download early (its status
line has gone out by then: the client sees a broken transfer).
"""

import logging
import math
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import DatabaseError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from tracker.models.visibility import sees_drafts

logger = logging.getLogger(__name__)

# SQLite calls the progress handler every this many virtual-machine instructions: often enough to
# stop within a millisecond or so, rarely enough to cost nothing measurable.
PROGRESS_STEPS = 1000
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


class StatementBudget:
    """While applied, any statement on any connection of this thread that runs longer than
    `milliseconds` is cut off with OperationalError; `exceeded` then says it was this budget."""

    def __init__(self, milliseconds: int):
        self.milliseconds = milliseconds
        self.exceeded = False
        self._deadline = math.inf
        self._armed: dict[int, tuple] = {}

    @contextmanager
    def applied(self) -> Iterator["StatementBudget"]:
        outer = getattr(_active, "budget", None)
        _active.budget = self
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(self))
            try:
                yield self
            finally:
                self._disarm()
                _active.budget = outer

    def restart(self) -> None:
        """Start the clock again, for the statement about to run or the chunk about to be fetched."""
        self._deadline = time.monotonic() + self.milliseconds / 1000

    def cut_off(self, exception: BaseException) -> bool:
        """Whether `exception` is this budget stopping a statement."""
        if not isinstance(exception, OperationalError):
            return False
        cause = exception.__cause__
        # psycopg 3 names the SQLSTATE `sqlstate`, psycopg2 `pgcode`.
        if QUERY_CANCELED in (getattr(cause, "sqlstate", None), getattr(cause, "pgcode", None)):
            self.exceeded = True
        return self.exceeded

    def streamed(self, chunks) -> Iterator[bytes]:
        """A streaming body whose every chunk is pulled from the database under a fresh budget."""
        iterator = iter(chunks)
        with self.applied():
            while True:
                self.restart()
                try:
                    chunk = next(iterator)
                except StopIteration:
                    return
                except DatabaseError as exc:
                    if self.cut_off(exc):
                        logger.warning("A download was cut off: one chunk took over %d ms.", self.milliseconds)
                    raise
                yield chunk

    def __call__(self, execute, sql, params, many, context):
        # Django calls this around every statement while the budget is applied (execute_wrapper).
        self._arm(context["connection"])
        self.restart()
        return execute(sql, params, many, context)

    def _arm(self, connection) -> None:
        raw = connection.connection
        if id(raw) in self._armed:
            return
        if connection.vendor == "sqlite":
            _watch_statements(connection)
        elif connection.vendor == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.milliseconds)}")
        self._armed[id(raw)] = (connection, raw)

    def _disarm(self) -> None:
        armed, self._armed = list(self._armed.values()), {}
        self._deadline = math.inf
        for connection, raw in armed:
            if connection.vendor == "sqlite":
                # The handler stays (_watch_statements says why); with no budget applied in this
                # thread it never interrupts anything.
                continue
            try:
                with raw.cursor() as cursor:
                    cursor.execute("RESET statement_timeout")
            except connection.Database.Error:
                # The cancelled statement aborted an open transaction, whose rollback undoes the SET
                # as well. Outside one the session would keep the budget: start a fresh session.
                if not connection.in_atomic_block:
                    connection.close()


# The budget applied on this thread, if any: restart_for_next_chunk() finds it here.
_active = threading.local()
_watching = threading.Lock()


def _watch_statements(connection) -> None:
    """SQLite: install the progress handler on this connection once, for as long as it lives; it
    asks the budget applied in the thread running the statement (_over_budget).

    Never installed or removed per request: doing either while a statement of another thread runs
    on the same connection deadlocks. The installing thread holds the GIL while it waits for the
    connection's lock, and the running statement holds that lock while its handler waits for the
    GIL. Django shares one in-memory SQLite connection among a test server's threads, and two frames
    of one page, requested at once, hung the test suite that way.
    """
    raw = connection.connection
    if connection.allow_thread_sharing:
        # Shared between threads (only Django's test server shares a connection), any Python
        # handler deadlocks: another thread reading a row holds the GIL and waits for the lock.
        return
    with _watching:
        if getattr(connection, "_statements_watched", None) is raw:
            return
        raw.set_progress_handler(_over_budget, PROGRESS_STEPS)
        connection._statements_watched = raw


def _over_budget() -> bool:
    """SQLite's progress handler: true (interrupt) once the statement running in this thread is
    past the deadline of the budget applied here. With none applied (staff, the admin, commands, or
    between requests) it never interrupts."""
    budget = getattr(_active, "budget", None)
    if budget is not None and time.monotonic() > budget._deadline:
        budget.exceeded = True
        return True
    return False


def restart_for_next_chunk() -> None:
    """A long cursor is about to fetch its next chunk: on SQLite, give that fetch a budget of its own,
    as each FETCH of a server-side cursor has on PostgreSQL. Does nothing outside a budget."""
    budget = getattr(_active, "budget", None)
    if budget is not None:
        budget.restart()


def is_reader_request(request: HttpRequest) -> bool:
    """Whether the budget applies: not under the admin, and not for staff anywhere."""
    if request.path_info.startswith(reverse("admin:index")):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session, so an anonymous reader: known without reading a session or a user.
        return True
    return not sees_drafts(request.user)


def budget_exceeded_response(request: HttpRequest, budget: StatementBudget) -> HttpResponse:
    """503: a page for the reader pages, {"errors": {"detail": [...]}} for the API, charts, feed and downloads."""
    message = (
        f"This request was stopped because one database query ran longer than the {budget.milliseconds:,} ms "
        "each is allowed, so that other readers are not kept waiting. Narrow it (fewer words in the search, "
        "a shorter period, fewer countries) and try again."
    )
    match = request.resolver_match
    if match is not None and match.func.__module__ == "tracker.web.pages" and not match.route.endswith(".json"):
        return render(request, "tracker/query_too_long.html", {"message": message}, status=503)
    return JsonResponse({"errors": {"detail": [message]}}, status=503)


class ReaderQueryBudgetMiddleware:
    """Applies a StatementBudget of settings.READER_QUERY_TIMEOUT_MS to every reader's request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = settings.READER_QUERY_TIMEOUT_MS
        if not milliseconds or not is_reader_request(request):
            return self.get_response(request)
        budget = request.query_budget = StatementBudget(milliseconds)
        with budget.applied():
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = budget.streamed(response.streaming_content)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        budget = getattr(request, "query_budget", None)
        if budget is None or not budget.cut_off(exception):
            return None
        logger.warning("Cut off a reader's query after %d ms: %s", budget.milliseconds, request.path)
        return budget_exceeded_response(request, budget)
