"""What an export was asked for: the filtered events, the query string that chose them, and when.

The rows come from `tracker.queries.selectors.events_matching`, so one query string means the same
rows on the timeline and in every export; anonymous readers get published events only.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet

import tracker
from tracker.exports.schema import COLUMNS, FORMAT_NAME, FORMAT_VERSION
from tracker.models.visibility import sees_drafts
from tracker.queries.selectors import events_matching
from tracker.queries.statements import statements_matching


@dataclass
class ExportRequest:
    """What an export was asked for: the filtered events and how to describe them."""

    events: QuerySet
    query: str
    filters: dict[str, list[str]]
    generated_at: datetime
    drafts_visible: bool = False
    # For a download of quotes (statement_export_request): the quotes, and "statements" in the name.
    statements: QuerySet | None = None
    subject: str = "events"

    @property
    def date_stamp(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d")

    def filename(self, extension: str) -> str:
        return f"diplomacy-tracker-{self.subject}-{self.date_stamp}.{extension}"

    def meta(self, *, row_count: int, sha256: str, sha256_of: str, **extra) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "query": self.query,
            "filters": self.filters,
            "generated_at": self.generated_at.isoformat().replace("+00:00", "Z"),
            "row_count": row_count,
            "app_version": tracker.__version__,
            "sha256": sha256,
            "sha256_of": sha256_of,
            "columns": list(COLUMNS),
            **extra,
        }


class BadFilter(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
        self.errors = errors


# Parameters that shape the file, not the rows; they are not filters.
FORMAT_PARAMETERS = ("excel",)


def _filter_params(params):
    """The query string without the parameters that shape the file."""
    filter_params = params.copy() if hasattr(params, "copy") else dict(params)
    for name in FORMAT_PARAMETERS:
        filter_params.pop(name, None)
    return filter_params


def _described(filter_params) -> tuple[dict[str, list[str]], str]:
    """The filters as {name: [values]} and the query string that chose the rows."""
    if hasattr(filter_params, "lists"):
        return {name: values for name, values in filter_params.lists() if any(values)}, filter_params.urlencode()
    filters = {name: value if isinstance(value, list) else [value] for name, value in filter_params.items()}
    return filters, urlencode(filters, doseq=True)


def export_request(params, user, *, now: datetime | None = None) -> ExportRequest:
    """Bind the shared filter to `params` for `user`; raise BadFilter when a value is wrong."""
    filter_params = _filter_params(params)
    result = events_matching(filter_params, user)
    if not result.is_valid:
        raise BadFilter(result.errors)
    filters, query = _described(filter_params)
    generated_at = (now or datetime.now(UTC)).replace(microsecond=0)
    drafts_visible = sees_drafts(user)
    return ExportRequest(
        events=result.events, query=query, filters=filters, generated_at=generated_at, drafts_visible=drafts_visible
    )


def statement_export_request(params, user, *, now: datetime | None = None) -> ExportRequest:
    """The quotes `params` selects for `user` (tracker.queries.statements); BadFilter when a value is wrong."""
    filter_params = _filter_params(params)
    result = statements_matching(filter_params, user)
    if not result.is_valid:
        raise BadFilter(result.errors)
    filters, query = _described(filter_params)
    return ExportRequest(
        events=result.filterset.qs,
        query=query,
        filters=filters,
        generated_at=(now or datetime.now(UTC)).replace(microsecond=0),
        drafts_visible=sees_drafts(user),
        statements=result.statements,
        subject="statements",
    )
