"""Raw SQL the import runs beside the ORM: lists in chunks, cursors outside DEBUG's query log,
multi-row INSERTs of plain tuples, and history rows copied by the database."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.db.backends.utils import CursorWrapper

CHANGE_REASON = "Imported from file"


def _chunks(items: Iterable, size: int = 500) -> Iterator[list]:
    """Lists of up to `size` items; a generator is consumed one list at a time."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- Raw batched inserts ------------------------------------------------------------------------
#
# Model.objects.bulk_create spends most of its time preparing each value of each instance; a large
# import creates several rows per event (the event, its history, participations, citations and
# their history, links), so new rows go in as plain tuples instead, many rows to one INSERT: SQLite
# then opens the table and each of its indexes once per statement rather than once per row (about
# half the cost of executemany). History rows are copied by the database from the rows just
# inserted, so the event texts cross from Python to the database once, not twice.


def _bulk_cursor() -> CursorWrapper:
    """A cursor that leaves these statements out of DEBUG's query log.

    With DEBUG on, Django keeps the text of the last 9,000 queries with their parameters quoted
    in (on SQLite by asking the database to quote each value): for an import of 100,000 rows that
    is hundreds of megabytes of INSERT text and a good share of the time. Execute wrappers still run.
    """
    connection.ensure_connection()
    return CursorWrapper(connection.create_cursor(), connection)


def _driver_cursor() -> tuple[CursorWrapper, str]:
    """A cursor like _bulk_cursor's, and the parameter marker its driver takes: "?" for sqlite3,
    "%s" for psycopg.

    Django's SQLite cursor rewrites every %s to ? with a regular expression on each statement. An
    import's INSERTs carry tens of thousands of parameter markers each, so at 100,000 rows the rewriting
    alone costs about one second. The plain sqlite3 cursor takes ? as it is (Django's adapters for
    dates and decimals are registered with the sqlite3 module, so they still apply).
    """
    if connection.vendor != "sqlite":
        return _bulk_cursor(), "%s"
    connection.ensure_connection()
    return CursorWrapper(connection.connection.cursor(), connection), "?"


def _insert(model, columns: list[str], rows: Iterable[tuple], *, returning_ids: bool = False) -> list[int]:
    """Insert rows (a list, or a generator consumed a statement at a time) with multi-row VALUES;
    with `returning_ids`, their ids in the rows' order.

    Both SQLite (3.35+) and PostgreSQL return the ids of INSERT … RETURNING in VALUES order,
    which Django's own bulk_create relies on as well.
    """
    quote = connection.ops.quote_name
    cursor, mark = _driver_cursor()
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) VALUES "
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    tail = f" RETURNING {quote('id')}" if returning_ids else ""
    # At most 32,766 parameters to a statement on SQLite; 500 rows keep the statements cached and small.
    per_statement = max(1, min(500, 30000 // len(columns)))
    ids: list[int] = []
    with cursor:
        for chunk in _chunks(rows, per_statement):
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, [value for row in chunk for value in row])
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _insert_history(model, ids: list[int], *, stamp) -> None:
    """History rows ("+") for the rows of `model` just inserted, copied from them by the database."""
    history = model.history.model
    model_columns = {field.attname for field in model._meta.concrete_fields}
    extra = {"history_date": stamp[0], "history_change_reason": CHANGE_REASON, "history_type": "+"}
    extra["history_user_id"] = stamp[1]
    own = [field.attname for field in history._meta.concrete_fields if field.attname not in {"history_id", *extra}]
    unfilled = set(own) - model_columns
    if unfilled:
        raise KeyError(f"no value for the history columns {sorted(unfilled)}")
    quote = connection.ops.quote_name
    copied = ", ".join(quote(column) for column in own)
    written = ", ".join(quote(column) for column in [*own, *extra])
    cursor, mark = _driver_cursor()
    with cursor:
        for chunk in _chunks(ids, 500):
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({written}) "
                f"SELECT {copied}, {mark}, {mark}, {mark}, {mark} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote('id')} IN ({', '.join([mark] * len(chunk))}) ORDER BY {quote('id')}",
                [*extra.values(), *chunk],
            )


def _insert_with_history(model, columns: list[str], rows: list[tuple], *, stamp) -> list[int]:
    """Insert rows and their history rows ("+"); the new ids in the rows' order."""
    ids = _insert(model, columns, rows, returning_ids=True)
    _insert_history(model, ids, stamp=stamp)
    return ids
