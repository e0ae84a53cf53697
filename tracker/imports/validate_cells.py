"""The RowValidator's helpers that need no lookups: date cells into periods, URLs and slugs, and
the small sets and memo keys it builds."""

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from tracker.domain.dates import (
    DAY,
    MONTH,
    YEAR,
    PartialDateError,
    edtf_period,
    parse_day,
    parse_partial_date,
    period_bounds,
)
from tracker.domain.edtf import EXACT, looks_like_level1, parse_edtf, qualified_edtf
from tracker.domain.identities import wikidata_qid_problem

_url_validator = URLValidator()


def _period_of(start_text: str, end_text: str, edtf: str, precision: str) -> tuple[tuple | None, tuple]:
    """(first day, last day, precision, qualifier) of a row's date cells, or None and the (column,
    reason) pairs. Any date cell may be EDTF level 1 ("2026-01~"); every cell that carries a
    qualifier must carry the same one, the edtf cell counting as carrying its own even when bare."""
    precision = precision.lower()
    if precision and precision not in (DAY, MONTH, YEAR):
        return None, (("date_precision", f"'{precision}' is not one of day, month, year"),)
    if not start_text and not edtf:
        return None, (("start_date", "is required (or give the edtf column)"),)
    if not start_text:
        period, problem = _parse_date_cell(edtf)
        return period, (("edtf", problem),) if problem else ()
    start, start_problem = _parse_date_cell(start_text)
    end, end_problem = _parse_date_cell(end_text) if end_text else (start, None)
    if start_problem or end_problem:
        problems = (("start_date", start_problem), ("end_date", end_problem))
        return None, tuple((column, problem) for column, problem in problems if problem)
    if start is None or end is None:
        return None, ()
    precision = precision or start[2]
    first = period_bounds(start[0], precision)[0]
    last = period_bounds(end[1], precision)[1]
    if last < first:
        return None, (("end_date", f"'{end_text}' is before the start '{start_text}'"),)
    marked = [("start_date", start[3])] if start[3] != EXACT else []
    if end_text and end[3] != EXACT:
        marked.append(("end_date", end[3]))
    if edtf:
        given, problem = _parse_date_cell(edtf) if looks_like_level1(edtf) else ((None, None, None, EXACT), None)
        if problem:
            return None, (("edtf", problem),)
        marked.insert(0, ("edtf", given[3]))
        bare = edtf_period(given[0], given[1], given[2]) if given[0] else edtf
        if bare != edtf_period(first, last, precision):
            expected = qualified_edtf(first, last, precision, marked[0][1])
            return None, (("edtf", f"'{edtf}' disagrees with start_date/end_date (which give {expected})"),)
    qualifier = marked[0][1] if marked else EXACT
    for column, other in marked[1:]:
        if other != qualifier:
            return None, ((column, f"is marked {other} but {marked[0][0]} is {qualifier}; mark the date once"),)
    return (first, last, precision, qualifier), ()


def _parse_date_cell(text: str) -> tuple[tuple[date, date, str, str] | None, str | None]:
    """(first day, last day, precision, qualifier) of a written date, or the reason it is not one.
    EDTF level 1 ("2026-01~", "2026-XX") is read by tracker.domain.edtf, anything else as a person
    types it; the ISO days the export writes are read on the parser's fast path."""
    try:
        if looks_like_level1(text):
            read = parse_edtf(text)
            period, qualifier = read.period, read.qualifier
        else:
            period, qualifier = parse_partial_date(text), EXACT
    except PartialDateError as exc:
        return None, str(exc)
    return (period.start, period.end, period.precision, qualifier), None


def _parse_day(text: str) -> tuple[tuple[date, date, str] | None, str | None]:
    """(first day, last day, precision) of a written date, or the reason it is not one. The ISO days
    the export writes are read on the parser's fast path."""
    try:
        period = parse_partial_date(text)
    except PartialDateError as exc:
        return None, str(exc)
    return (period.start, period.end, period.precision), None


def _one_day(text: str) -> tuple[date | None, str | None]:
    """One day as tracker.domain.dates.parse_day reads it (the admin's rule), or the reason it is not."""
    try:
        return parse_day(text), None
    except PartialDateError as exc:
        return None, str(exc)


_NOTHING: frozenset = frozenset()
_ONLY_NONE = frozenset([None])


def _frozen(values: Iterable) -> frozenset:
    """The values found (None left out); most rows have no party organisations or countries, and
    they share one empty set rather than holding one each."""
    found = frozenset(values)
    if None in found:
        found = found - _ONLY_NONE
    return found or _NOTHING


def _is_text(value) -> bool:
    """A str or None, or a tuple of them."""
    if type(value) is tuple:
        return all(item is None or type(item) is str for item in value)
    return value is None or type(value) is str


def _is_url(text: str) -> bool:
    try:
        _url_validator(text)
    except ValidationError:
        return False
    return True


def _wikidata_qid(value) -> tuple[str, str | None]:
    """A wikidata_qid cell as it is stored (blank: no item known), and what is wrong with it, if anything."""
    text = "" if value is None else str(value).strip()
    return text, wikidata_qid_problem(text)


# The pattern of django.core.validators.validate_slug, compiled once: the lazy one costs a proxy per call.
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def _invalid_slug(slug: str) -> bool:
    return _SLUG.match(slug) is None
