"""Import events from the export formats (CSV or JSON): validate everything, then write everything.

All-or-nothing by default: every row is checked first and every problem is reported as "row N,
column: reason"; only a file without a single error is written, inside one transaction. With
`skip_invalid`, the rows without errors are written and the others come back in the report as a
file of the same format with an `errors` column (tracker.imports.rejected), to fix and import again.
Re-importing the same file changes nothing and writes no history; a row whose uid exists updates
that event (with a history record) instead of duplicating it. Reference data is matched, not
guessed: countries by ISO code, organisations, topics and series by slug (or exact name), people by
slug or by name or alias folded (tracker.imports.people), offices by slug. Unknown people are an
error unless `create_people` is set.

Writes are multi-row INSERTs of plain tuples (bulk_update for changed events) with lookups
prefetched into dicts, so a large file costs a fixed number of queries per batch, not per row. Bulk
writes skip model signals, so the importer records history itself (the database copies the rows
just inserted) and rebuilds the derived EventCountry rows of the events it touched.

Validation is one path for CSV and JSON. What makes it fast on large files: codes, slugs, people,
URLs and date cells are resolved once per distinct value (a file repeats a few hundred of them),
an export's own CSV header needs no reordering of cells, and the cyclic garbage collector is paused
while the plans of every row are alive.

Row numbers: in a CSV file they are spreadsheet rows (the header is row 1, the first event row 2);
in a JSON file, the position in "rows" counting from 1.

The stages, one module each: read (the file into rows), references (the Lookups rows name),
validate and validate_cells (each row into a PlannedEvent, from planned), plan (comparing with the
database), write (the writes, with sql's raw INSERTs and history rows). import_events runs them.
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import IntegrityError, OperationalError, connection, transaction

from tracker.domain import publishing
from tracker.imports.plan import (
    _diff,
    _existing_events,
    _existing_related,
    _plan_parents,
    _plan_slugs,
    _plan_wikidata_qids,
)
from tracker.imports.planned import PlannedEvent
from tracker.imports.read import ImportFileError, RawRows, RowError, stream_rows
from tracker.imports.references import Lookups
from tracker.imports.rejected import rejected_file, rejected_rows
from tracker.imports.validate import RowValidator
from tracker.imports.write import _indexes_rebuilt_after_a_bulk_load, _sqlite_page_cache, _write
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import DataVersion

__all__ = ["ImportFileError", "ImportReport", "RowError", "RowOutcome", "import_events"]


@dataclass(slots=True)
class RowOutcome:
    row: int
    uid: str
    title: str
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    created: list[RowOutcome] = field(default_factory=list)
    updated: list[RowOutcome] = field(default_factory=list)
    unchanged: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    sources_created: int = 0
    # With skip_invalid: each left-out row's problems, and those rows as a file to fix and import again.
    rejected: dict[int, list[str]] = field(default_factory=dict)
    rejected_file: str = ""
    rejected_format: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def refused(cls, message: str) -> "ImportReport":
        """A report for an import that wrote nothing for a reason of the whole file."""
        return cls(dry_run=False, errors=[RowError(0, "", message)])

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        if self.errors:
            return f"{len(self.errors)} error(s) in {self.rows} row(s); nothing was written."
        rejected = f", {len(self.rejected)} rejected" if self.rejected else ""
        return (
            f"{self.rows} row(s): {len(self.created)} {verb} created, {len(self.updated)} {verb} updated, "
            f"{len(self.unchanged)} unchanged{rejected}; {len(self.people_created)} new people, "
            f"{self.sources_created} new sources."
        )


def import_events(
    source: str | Path | bytes | IO | list[dict],
    *,
    dry_run: bool = False,
    create_people: bool = False,
    user=None,
    file_format: str | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    """Validate every row of a CSV or JSON export, then create and update events in one transaction.

    With `dry_run`, nothing is written and the report says what would be created, updated or
    rejected. With any error, nothing is written either. `user` (or None for the command line) is
    recorded as the author of the changes; a user without the publish permission cannot publish.

    With `skip_invalid`, rows with errors are left out rather than stopping the import: the others
    are written, and `report.rejected_file` holds the left-out rows with their errors. A problem of
    the whole file (its header, its encoding) still writes nothing.
    """
    options = {"create_people": create_people, "user": user, "file_format": file_format, "skip_invalid": skip_invalid}
    with cyclic_gc_paused():
        if dry_run:
            return _import(source, dry_run=True, **options)
        try:
            # One import at a time, validated and written in one transaction: an import that waited
            # for another validates against what that one wrote, never against the state before it.
            with transaction.atomic(), _one_import_at_a_time():
                return _import(source, dry_run=False, **options)
        except OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            return ImportReport.refused(BUSY_MESSAGE)
        except IntegrityError as exc:
            return ImportReport.refused(f"{CHANGED_MESSAGE} ({exc})")


BUSY_MESSAGE = "another import or a large change is being written; nothing was written. Import the file again shortly."
CHANGED_MESSAGE = "the database changed while this file was being written; nothing was written. Import the file again"
# Any 64-bit number unique to this lock among the application's advisory locks.
IMPORT_LOCK_KEY = 0x7472_6163_6B65_72  # "tracker"


@contextmanager
def _one_import_at_a_time():
    """Hold the import lock until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock, so a second import waits here for the first to
    commit. SQLite: every transaction begins IMMEDIATE (settings), which takes the database's write
    lock, so the second waits at BEGIN for up to the busy timeout and then reports BUSY_MESSAGE.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    yield


def _import(
    source, *, dry_run: bool, create_people: bool, user, file_format: str | None, skip_invalid: bool
) -> ImportReport:
    raw = RawRows() if skip_invalid else None
    rows, file_errors = stream_rows(source, file_format=file_format, raw=raw)
    if raw is None:
        return _import_rows(rows, file_errors, dry_run=dry_run, create_people=create_people, user=user)
    return _import_valid_rows(list(rows), file_errors, raw, dry_run=dry_run, create_people=create_people, user=user)


def _import_valid_rows(
    rows: list[tuple], file_errors: list[RowError], raw: RawRows, *, dry_run: bool, create_people: bool, user
) -> ImportReport:
    """skip_invalid: leave out the rows with errors, check again (a row may depend on a left-out one,
    as its parent, or share its slug) until what is left has none, then import that."""
    left_out: set[int] = set()
    rejected: list[RowError] = []
    while True:
        kept = [row for row in rows if row[0] not in left_out]
        still = [error for error in file_errors if error.row not in left_out]
        trial = _import_rows(iter(kept), still, dry_run=True, create_people=create_people, user=user)
        if any(error.row == 0 or error.whole_file for error in trial.errors):
            return trial
        newly = {row for error in trial.errors for row in error.covered_rows} - left_out
        if trial.ok or not newly:
            break
        left_out |= newly
        rejected.extend(_with_rejected_parents_named(trial.errors, rows, left_out))
    report = trial if dry_run else _import_rows(iter(kept), [], dry_run=False, create_people=create_people, user=user)
    report.rows = len(raw.by_number)
    report.rejected = rejected_rows(rejected)
    if report.rejected:
        report.rejected_file = rejected_file(raw, report.rejected)
        report.rejected_format = raw.file_format
    return report


def _with_rejected_parents_named(errors: list[RowError], rows: list[tuple], left_out: set[int]) -> list[RowError]:
    """A row whose parent was left out is missing that parent: say so, rather than "no event has the uid"."""
    uid_rows = {str(row.get("uid") or "").strip().lower(): number for number, row, _ in rows if number in left_out}
    parents = {number: str(row.get("parent") or "").strip().lower() for number, row, _ in rows}
    named = []
    for error in errors:
        parent_row = uid_rows.get(parents.get(error.row, "")) if error.column == "parent" else None
        if parent_row is not None:
            message = f"its parent event (row {parent_row}) was rejected; fix that row and import both again"
            error = RowError(error.row, error.column, message)
        named.append(error)
    return named


def _import_rows(rows, file_errors: list[RowError], *, dry_run: bool, create_people: bool, user) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    lookups = Lookups()
    validator = RowValidator(lookups, create_people=create_people, user=user)
    plans: list[PlannedEvent] = []
    seen_uids: dict[uuid.UUID, int] = {}
    for number, row, present in rows:
        report.rows += 1
        plan = validator.validate(number, row, present)
        if plan is None:
            continue
        if plan.uid in seen_uids:
            validator.error(number, "uid", f"'{plan.uid}' is also on row {seen_uids[plan.uid]}")
            continue
        seen_uids[plan.uid] = number
        plans.append(plan)

    # Only now: the CSV reader adds the errors of rows it skipped while it was being read.
    report.errors.extend(file_errors)
    existing = _existing_events(list(seen_uids))
    _plan_slugs(plans, existing, validator)
    _plan_wikidata_qids(plans, validator)
    _plan_parents(plans, existing, validator)
    related = _existing_related([values["id"] for values in existing.values()])
    for plan in plans:
        current = existing.get(plan.uid)
        if current is not None:
            plan.existing_id = current["id"]
            _diff(plan, current, related, lookups)
        _check_publishing(plan, current, related, validator, user=user)

    report.errors.extend(_said_once(validator.errors))
    report.errors.sort(key=lambda error: error.row)
    report.warnings.extend(validator.warnings)
    if report.errors:
        return report
    for plan in plans:
        outcome = RowOutcome(plan.row, str(plan.uid), plan.title, plan.changes)
        if plan.existing_id is None:
            report.created.append(outcome)
        elif plan.changes:
            report.updated.append(outcome)
        else:
            report.unchanged.append(outcome)
    report.people_created = sorted(validator.new_people)
    report.sources_created = len(validator.new_sources)
    if dry_run:
        return report
    with transaction.atomic(), _sqlite_page_cache(), _indexes_rebuilt_after_a_bulk_load(plans):
        _write(plans, validator, lookups, related, user=user)
        # The writes above bypass the model signals that raise the version one save at a time.
        DataVersion.bump()
    return report


# The rules' messages, said the way an import is done.
IMPORT_WORDING = {
    publishing.MAY_NOT_PUBLISH_MESSAGE: "you may not publish events; import them as drafts",
    publishing.MAY_NOT_CHANGE_PUBLISHED_MESSAGE: "this event is published; only an editor may change it by import",
}


def _said_once(errors: list[RowError]) -> list[RowError]:
    """The errors, with each refusal that concerns the importing user rather than a row (a Researcher
    may not publish) said once for every row it stops."""
    user_refusals = set(IMPORT_WORDING.values())
    rows_by_refusal: dict[tuple[str, str], list[int]] = {}
    kept = []
    for error in errors:
        if error.message in user_refusals:
            rows_by_refusal.setdefault((error.column, error.message), []).append(error.row)
        else:
            kept.append(error)
    for (column, message), rows in rows_by_refusal.items():
        rows = sorted(set(rows))
        kept.append(RowError(rows[0], column, message, rows=tuple(rows) if len(rows) > 1 else ()))
    return kept


def _check_publishing(
    plan: PlannedEvent, current: dict | None, related: dict, validator: RowValidator, *, user
) -> None:
    """The publishing rules (tracker.domain.publishing) for one row that creates or changes an
    event; a row that changes nothing writes nothing and needs no permission."""
    if current is not None and not plan.changes:
        return
    was_published = None if current is None else bool(current["is_published"])
    will_be_published = bool(plan.fields.get("is_published", was_published or False))
    if plan.citations is not None:
        citation_count = len(plan.citations)
    else:
        citation_count = len(related["citations"].get(plan.existing_id, [])) if current is not None else 0
    problem = publishing.refusal(
        user=user, was_published=was_published, will_be_published=will_be_published, citation_count=citation_count
    )
    if problem:
        column = "citations" if problem == publishing.NEEDS_CITATION_MESSAGE else "is_published"
        validator.error(plan.row, column, IMPORT_WORDING.get(problem, problem))
