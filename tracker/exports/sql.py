"""The one SELECT behind every export, and the SQL expressions that format each cell as text.

The database formats each cell (ISO dates, EDTF, dashed UUIDs, trimmed decimals) and aggregates the
multi-valued columns into one cell each (tracker.exports.cells), so Python only moves tuples. Rules
that Python also knows are generated from their one Python definition: the kind codes from
KIND_CODES, the EDTF widths from tracker.domain.dates.EDTF_WIDTH and the EDTF qualifier marks from
tracker.domain.edtf.QUALIFIER_MARKS.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tracker.domain.dates import DAY, EDTF_WIDTH
from tracker.domain.edtf import QUALIFIER_MARKS
from tracker.exports.schema import COLUMNS
from tracker.infra.query_budget import restart_for_next_chunk
from tracker.models import KIND_CODES

CHUNK_ROWS = 2000

_EVENT = '"tracker_event"'


def _escape(expression: str) -> str:
    """SQL that escapes a value for a multi-valued cell: \\ → \\\\, ; → \\;, | → \\|."""
    return f"replace(replace(replace(COALESCE({expression}, ''), '\\', '\\\\'), ';', '\\;'), '|', '\\|')"


def _text(expression: str) -> str:
    return f"COALESCE(CAST({expression} AS TEXT), '')"


def _aggregate(item: str, from_where: str, order_by: str) -> str:
    """A correlated subquery that joins the items of one event with ';' in a fixed order."""
    if connection.vendor == "postgresql":
        return (
            f"COALESCE((SELECT string_agg(sub.item, ';' ORDER BY sub.k) "
            f"FROM (SELECT {item} AS item, {order_by} AS k {from_where}) sub), '')"
        )
    # SQLite before 3.44 has no ORDER BY inside group_concat; it keeps an ordered subquery's order.
    return (
        f"COALESCE((SELECT group_concat(sub.item, ';') "
        f"FROM (SELECT {item} AS item {from_where} ORDER BY {order_by}) sub), '')"
    )


def _uid(expression: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST({expression} AS TEXT)"
    # SQLite stores a UUIDField as 32 hex digits without dashes.
    parts = ["substr({0}, 1, 8)", "substr({0}, 9, 4)", "substr({0}, 13, 4)", "substr({0}, 17, 4)", "substr({0}, 21)"]
    return "lower(" + " || '-' || ".join(part.format(expression) for part in parts) + ")"


def _decimal(expression: str) -> str:
    """A coordinate in plain decimal notation, as tracker.exports.numbers.plain_decimal writes it:
    35.6762, 51, -0.00005 (never -5.0e-05, which SQLite's CAST gives for a small REAL)."""
    if connection.vendor == "postgresql":
        # trim_scale drops the trailing zeros numeric(8,5) keeps, so both backends print 35.6762.
        return f"COALESCE(CAST(trim_scale({expression}) AS TEXT), '')"
    # Five places, the model's scale; then the zeros and a bare point are trimmed off the end. The
    # format's percent sign is char(37): a literal one would be read as a parameter marker by the
    # Python side (Django's last_executed_query, the benchmark's inlining).
    plain = f"rtrim(rtrim(printf(char(37) || '.5f', {expression}), '0'), '.')"
    return f"CASE WHEN {expression} IS NULL THEN '' WHEN {plain} = '-0' THEN '0' ELSE {plain} END"


def _kind_code(position: int) -> str:
    """The kind's CAMEO code (0), PLOVER type (1) or mode (2), as a CASE generated from KIND_CODES."""
    whens = " ".join(f"WHEN '{kind}' THEN '{codes[position]}'" for kind, codes in KIND_CODES.items())
    return f"CASE {_EVENT}.\"kind\" {whens} ELSE '' END"


def _edtf() -> str:
    """EDTF in SQL, the same as tracker.domain.edtf.qualified_edtf: 2025-10, 2013~,
    2026-01-13/2026-01-14, 2026-01-13?/2026-01-14?.

    Each precision cuts the stored ISO dates to its width in EDTF_WIDTH, the table edtf_point cuts
    with; any other precision is written to the day, as there. The qualifier's mark from
    QUALIFIER_MARKS follows each end.
    """
    start, end = f'CAST({_EVENT}."start_date" AS TEXT)', f'CAST({_EVENT}."end_date" AS TEXT)'
    # "%" is doubled: the SELECT runs with parameters, so both drivers read a lone % as a parameter marker.
    marks = " ".join(
        f"WHEN '{qualifier}' THEN '{mark.replace('%', '%%')}'" for qualifier, mark in QUALIFIER_MARKS.items() if mark
    )
    mark = f"CASE {_EVENT}.\"date_qualifier\" {marks} ELSE '' END"

    def at(width: int) -> str:
        first, last = f"substr({start}, 1, {width})", f"substr({end}, 1, {width})"
        return f"{first} || {mark} || CASE WHEN {first} <> {last} THEN '/' || {last} || {mark} ELSE '' END"

    whens = " ".join(
        f"WHEN '{precision}' THEN {at(width)}" for precision, width in EDTF_WIDTH.items() if precision != DAY
    )
    return f'CASE {_EVENT}."date_precision" {whens} ELSE {at(EDTF_WIDTH[DAY])} END'


def _column_sql(*, drafts_visible: bool = False) -> dict[str, str]:
    """Each export column as an SQL expression over the event row, formatted as text.

    Without `drafts_visible`, a parent that is a draft is left out, so its uid never reaches readers.
    """
    event_id = f'{_EVENT}."id"'
    participant = " || '|' || ".join(
        [
            _escape("person.slug"),
            _escape("person.name"),
            _escape("pa.role"),
            _escape("pa.represented_country_id"),
            _escape("org.slug"),
            _escape("office.slug"),
        ]
    )
    citation = " || '|' || ".join(
        [
            _escape("src.publisher"),
            _escape("src.title"),
            _escape("src.url"),
            _escape("CAST(src.published_on AS TEXT)"),
            _escape("CAST(src.accessed_on AS TEXT)"),
            _escape("cit.locator"),
            _escape("cit.excerpt"),
        ]
    )
    return {
        "uid": _uid(f'{_EVENT}."uid"'),
        "title": f'{_EVENT}."title"',
        "kind": f'{_EVENT}."kind"',
        "cameo": _kind_code(0),
        "plover_type": _kind_code(1),
        "plover_mode": _kind_code(2),
        "start_date": _text(f'{_EVENT}."start_date"'),
        "end_date": _text(f'{_EVENT}."end_date"'),
        "date_precision": f'{_EVENT}."date_precision"',
        "edtf": _edtf(),
        "place_name": f'{_EVENT}."place_name"',
        "place_country": f"COALESCE({_EVENT}.\"place_country_id\", '')",
        "latitude": _decimal(f'{_EVENT}."latitude"'),
        "longitude": _decimal(f'{_EVENT}."longitude"'),
        "host_country": f"COALESCE({_EVENT}.\"host_country_id\", '')",
        "host_organization": (
            "COALESCE((SELECT ho.slug FROM tracker_organization ho "
            f"WHERE ho.id = {_EVENT}.\"host_organization_id\"), '')"
        ),
        "countries": _aggregate(
            "ec.country_id", f"FROM tracker_eventcountry ec WHERE ec.event_id = {event_id}", "ec.country_id"
        ),
        "party_countries": _aggregate(
            "pc.country_id", f"FROM tracker_event_party_countries pc WHERE pc.event_id = {event_id}", "pc.country_id"
        ),
        "party_organizations": _aggregate(
            _escape("po_org.slug"),
            # CROSS JOIN keeps SQLite from scanning every organisation to get slug order.
            "FROM tracker_event_party_organizations po CROSS JOIN tracker_organization po_org "
            f"WHERE po_org.id = po.organization_id AND po.event_id = {event_id}",
            "po_org.slug",
        ),
        "participants": _aggregate(
            participant,
            "FROM tracker_participation pa JOIN tracker_person person ON person.id = pa.person_id "
            "LEFT JOIN tracker_organization org ON org.id = pa.represented_organization_id "
            "LEFT JOIN tracker_position pos ON pos.id = pa.position_id "
            "LEFT JOIN tracker_office office ON office.id = pos.office_id "
            f"WHERE pa.event_id = {event_id}",
            "pa.id",
        ),
        "topics": _aggregate(
            _escape("topic.slug"),
            "FROM tracker_event_topics et JOIN tracker_topic topic ON topic.id = et.topic_id "
            f"WHERE et.event_id = {event_id}",
            "topic.slug",
        ),
        "series": f"COALESCE((SELECT se.slug FROM tracker_series se WHERE se.id = {_EVENT}.\"series_id\"), '')",
        "parent": (
            f'COALESCE((SELECT {_uid("pe.uid")} FROM tracker_event pe WHERE pe.id = {_EVENT}."parent_id"'
            f"{'' if drafts_visible else ' AND pe.is_published'}), '')"
        ),
        "lifecycle": f'{_EVENT}."lifecycle"',
        "summary": f'{_EVENT}."summary"',
        "outcome": f'{_EVENT}."outcome"',
        "citations": _aggregate(
            citation,
            "FROM tracker_citation cit JOIN tracker_source src ON src.id = cit.source_id "
            f"WHERE cit.event_id = {event_id}",
            "cit.id",
        ),
        "slug": f'{_EVENT}."slug"',
        "is_published": f"CASE WHEN {_EVENT}.\"is_published\" THEN 'true' ELSE 'false' END",
        "wikidata_qid": f'{_EVENT}."wikidata_qid"',
    }


def export_sql(events: QuerySet, *, drafts_visible: bool = False, leading_id: bool = False) -> tuple[str, tuple]:
    """The one SELECT behind every export: one row per event, every cell text, in COLUMNS order.

    `events` is a filtered Event queryset (from events_matching); its WHERE clause and its
    start_date, id order are kept. Correlated subqueries aggregate the multi-valued columns, so
    the query count does not grow with the rows and a raw cursor can stream the result. With
    `leading_id`, each row starts with the event's id (for tracker.exports.lines, which stores rows).
    """
    events = without_distinct(events)
    columns = _column_sql(drafts_visible=drafts_visible)
    annotations = {f"export_{name}": RawSQL(columns[name], ()) for name in COLUMNS}
    names = ["id", *annotations] if leading_id else list(annotations)
    queryset = events.order_by("start_date", "id").annotate(**annotations).values_list(*names)
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def without_distinct(events: QuerySet) -> QuerySet:
    """The same events without DISTINCT, asked by id.

    django-filter makes a person, topic or series filter DISTINCT, and a DISTINCT SELECT must list
    what it is ordered by: Django appends start_date and id to the selected columns, and every
    exported row would end with two cells of no column.
    """
    if not events.query.distinct:
        return events
    return events.model._base_manager.filter(pk__in=events.order_by().values("pk"))


def export_sql_for_shell(events: QuerySet, *, drafts_visible: bool = False) -> str:
    """export_sql with its parameters inlined, for the sqlite3 command-line shell (benchmarks)."""
    sql, params = export_sql(events, drafts_visible=drafts_visible)
    literals = tuple(_sql_literal(value) for value in params)
    return _inline(sql, literals)


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _inline(sql: str, literals: tuple[str, ...]) -> str:
    # The shell takes no parameters: a doubled % of the parameterised SELECT is a plain % there.
    parts = [part.replace("%%", "%") for part in sql.split("%s")]
    return parts[0] + "".join(literal + part for literal, part in zip(literals, parts[1:], strict=True))


def iter_records(
    events: QuerySet, *, chunk_rows: int = CHUNK_ROWS, drafts_visible: bool = False
) -> Iterator[list[tuple]]:
    """Yield the export rows in chunks, from one streaming cursor (server-side on PostgreSQL).

    A reader's rows (drafts hidden) come from the events' stored lines where they are filled
    (tracker.exports.lines), the same cells at a fraction of the cost; an editor's from the SELECT.
    """
    if not drafts_visible:
        # Imported here: tracker.exports.lines builds on this module's SELECT.
        from tracker.exports.lines import iter_line_records, lines_usable

        if lines_usable():
            yield from iter_line_records(events, chunk_rows=chunk_rows)
            return
    sql, params = export_sql(events, drafts_visible=drafts_visible)
    yield from fetched_chunks(sql, params, chunk_rows=chunk_rows)


def fetched_chunks(sql: str, params, *, chunk_rows: int) -> Iterator[list[tuple]]:
    """The rows of `sql` in chunks of `chunk_rows` from one streaming cursor (server-side on
    PostgreSQL), as every export reads them: planned for all its rows, with SQLite's default page
    cache, and a reader's time budget per chunk, not for the whole export (tracker.infra.query_budget)."""
    connection.ensure_connection()
    cursor = connection.chunked_cursor()
    try:
        with _one_pass_page_cache():
            with _planned_for_every_row():
                cursor.execute(sql, params)
            while True:
                restart_for_next_chunk()
                rows = cursor.fetchmany(chunk_rows)
                if not rows:
                    return
                yield rows
    finally:
        cursor.close()


@contextmanager
def _planned_for_every_row():
    """PostgreSQL plans a cursor for its first tenth of rows (cursor_tuple_fraction 0.1), which for
    the stored lines meant random reads of each event's line (tracker.exports.lines); an export
    reads every row, so its cursor is planned for all of them."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as setting:
        setting.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        try:
            with connection.cursor() as setting:
                setting.execute("RESET cursor_tuple_fraction")
        except DatabaseError:
            # The cursor's statement failed inside a transaction, whose rollback undoes the SET too;
            # the statement's own error is the one to report.
            if not connection.in_atomic_block:
                raise


# SQLite's own page cache size (2,000 KiB), for a read that visits each page once.
ONE_PASS_PAGE_CACHE = -2000


@contextmanager
def _one_pass_page_cache():
    """SQLite: an export reads each page it needs once, in no order a cache could exploit,
    so it reads with SQLite's default cache and gives the connection its own (tracker.settings: 8
    MiB, for readers' lists) back after. The larger cache only made each of a million page reads
    dearer: 5.6 s against 6.3–7.1 s for the CSV export of 1M events, the OS cache warm in both."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as pragma:
        kept = pragma.execute("PRAGMA cache_size").fetchone()[0]
        pragma.execute(f"PRAGMA cache_size = {ONE_PASS_PAGE_CACHE}")
    try:
        yield
    finally:
        with connection.cursor() as pragma:
            pragma.execute(f"PRAGMA cache_size = {int(kept)}")
