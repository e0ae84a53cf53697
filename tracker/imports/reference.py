"""Importing reference data, statements and whole datasets, with the events importer's guarantees.

A file holds one kind of record (countries, organizations, people, offices, positions, topics,
series, sources or statements; CSV or JSON, docs/data-format.md) or, as a dataset, every kind and
the events under their names in one JSON object. Kinds are imported in the order they name each
other (REFERENCE_KINDS, with events before statements), whatever order the file lists them in, so
events find the offices and positions the same file brings.

The guarantees are those of event imports: every row is checked and every problem is a row error
naming the column; with one error (or a dry run) nothing is written, as the whole import runs in
one transaction that is rolled back; each record is found by a stable key (a code, a slug, or a
natural key: a position's person, office and start; a source's publisher, title and URL; a
statement's speaker, events and quote), so importing a file again reports every row unchanged;
every record created or changed gets a history row with the reason "Imported from file".
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tracker.exports.reference import REFERENCE_KINDS
from tracker.imports import ImportReport, RowOutcome, import_events
from tracker.imports.people import PersonMatcher
from tracker.imports.read import ImportFileError, RowError
from tracker.imports.reference_read import read_sections
from tracker.imports.reference_refs import Refs
from tracker.imports.reference_rows import (
    MODELS,
    Cells,
    PlannedRecord,
    read_country,
    read_named,
    read_office,
    read_person,
    read_position,
    read_source,
    read_statement,
)
from tracker.imports.sql import CHANGE_REASON
from tracker.models import Citation, DataVersion, Office, Person, PersonAlias, Position, Source, Statement

SINGULAR = {
    "countries": "country",
    "organizations": "organisation",
    "people": "person",
    "offices": "office",
    "positions": "position",
    "topics": "topic",
    "series": "series",
    "sources": "source",
    "statements": "statement",
}
ORDER = (*[kind for kind in REFERENCE_KINDS if kind != "statements"], "events", "statements")


@dataclass
class DatasetReport:
    """What an import of reference data or a dataset did (or would do), kind by kind."""

    dry_run: bool
    sections: dict[str, ImportReport] = field(default_factory=dict)

    @property
    def errors(self) -> list[RowError]:
        many = len(self.sections) > 1
        return [
            RowError(error.row, _column(kind, error.column) if many and error.row else error.column, error.message)
            for kind, report in self.sections.items()
            for error in report.errors
        ]

    @property
    def warnings(self) -> list[str]:
        return [f"{kind}: {warning}" for kind, report in self.sections.items() for warning in report.warnings]

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self.sections.values())

    @property
    def created(self) -> list[RowOutcome]:
        return self._outcomes("created")

    @property
    def updated(self) -> list[RowOutcome]:
        return self._outcomes("updated")

    @property
    def people_created(self) -> list[str]:
        return [slug for report in self.sections.values() for slug in report.people_created]

    def _outcomes(self, name: str) -> list[RowOutcome]:
        """Each section's outcomes, titled with their kind when the file holds several."""
        many = len(self.sections) > 1
        return [
            RowOutcome(item.row, item.uid, f"{kind}: {item.title}" if many else item.title, item.changes)
            for kind, report in self.sections.items()
            for item in getattr(report, name)
        ]

    def summary(self) -> str:
        if not self.ok:
            return f"{len(self.errors)} error(s); nothing was written."
        verb = "would be" if self.dry_run else "were"
        parts = [
            f"{kind}: {report.rows} row(s), {len(report.created)} {verb} created, {len(report.updated)} {verb} "
            f"updated, {len(report.unchanged)} unchanged"
            for kind, report in self.sections.items()
        ]
        return "; ".join(parts) + "."


def _column(kind: str, column: str) -> str:
    return f"{kind}, {column}" if column else kind


def import_reference(
    source: str | Path | bytes | IO,
    *,
    kind: str | None = None,
    dry_run: bool = False,
    user=None,
    file_format: str | None = None,
    create_people: bool = False,
) -> DatasetReport:
    """Import a file of one kind (`kind`, or the file's name: people.csv) or a dataset (JSON with the
    kinds as keys). All-or-nothing; `user` (None on the command line) is recorded in the history."""
    sections = read_sections(source, kind=kind, file_format=file_format)
    report = DatasetReport(dry_run=dry_run)
    with transaction.atomic():
        for name in ORDER:
            if name not in sections:
                continue
            rows, file_errors = sections[name]
            if name == "events":
                section = import_events([row for _, row, _ in rows], create_people=create_people, user=user)
                _renumber(section, rows)
            else:
                section = _import_kind(name, rows, user=user)
            section.errors[:0] = file_errors
            report.sections[name] = section
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            DataVersion.bump()
    for section in report.sections.values():
        section.dry_run = dry_run
    return report


import_dataset = import_reference


def _renumber(section: ImportReport, rows: list[tuple]) -> None:
    """The events importer numbers the rows it was given from 1; say the file's numbers instead."""
    numbers = [number for number, _, _ in rows]
    section.errors = [
        RowError(numbers[error.row - 1] if 0 < error.row <= len(numbers) else error.row, error.column, error.message)
        for error in section.errors
    ]


def _import_kind(kind: str, rows: list[tuple[int, dict, set[str]]], *, user) -> ImportReport:
    report = ImportReport(dry_run=False)
    refs = Refs()
    problems: list[tuple[int, str, str]] = []
    plans: list[PlannedRecord] = []
    seen: dict = {}
    for number, row, present in rows:
        report.rows += 1
        cells = Cells(number, row, present, problems)
        plan = _plan(kind, cells, refs)
        if plan is None or not cells.ok:
            continue
        key = _key_of(kind, plan)
        if key in seen:
            cells.error("", f"the same {SINGULAR[kind]} as row {seen[key]}")
            continue
        seen[key] = number
        _check(kind, plan, cells)
        if cells.ok:
            plans.append(plan)
    report.errors = [RowError(row, column, message) for row, column, message in problems]
    # A person named only by a likeness (hyphens read as spaces) is found with a warning, never silently.
    report.warnings.extend(refs.people.warnings)
    if report.errors:
        return report
    refs.write_new_sources(user)
    for plan in plans:
        outcome = RowOutcome(plan.row, plan.label, plan.label, plan.changes)
        if plan.existing is None:
            report.created.append(outcome)
        elif plan.changes:
            report.updated.append(outcome)
        else:
            report.unchanged.append(outcome)
            continue
        try:
            # A savepoint per record: a rule only the database sees across rows (two new rows
            # claiming one Wikidata item) is this row's error, and the import is rolled back.
            with transaction.atomic():
                _write(kind, plan, refs, user)
        except IntegrityError as exc:
            report.errors.append(RowError(plan.row, "", f"the database refused this row ({exc}); nothing was written"))
    return report


READERS = {
    "countries": read_country,
    "organizations": lambda cells, refs: read_named(cells, refs, acronym=True, qid=True),
    "people": read_person,
    "offices": read_office,
    "positions": read_position,
    "topics": read_named,
    "series": read_named,
    "sources": read_source,
    "statements": read_statement,
}


def _plan(kind: str, cells: Cells, refs: Refs) -> PlannedRecord | None:
    """Read a row's cells, then find the record its key names (None when the row has errors)."""
    key, fields, *lists = READERS[kind](cells, refs)
    if not cells.ok:
        return None
    aliases = lists[0] if kind == "people" else None
    citations = lists[0] if kind == "statements" else None
    existing = _existing(kind, key, fields, refs, cells)
    label = str(key if not isinstance(key, tuple) else " / ".join(str(part) for part in key[:3]))
    plan = PlannedRecord(cells.number, label or fields.get("name", ""), fields, aliases, citations, existing)
    plan.key = key or fields.get("name")
    return plan


def _existing(kind: str, key, fields: dict, refs: Refs, cells: Cells):
    """The stored record the row's key names, or None."""
    model = MODELS[kind]
    if kind == "countries":
        fields["code"] = key
        return model.objects.filter(pk=key).first()
    if kind in ("organizations", "topics", "series"):
        return model.objects.filter(**({"slug": key} if key else {"name": fields["name"]})).first()
    if kind == "people":
        return _existing_person(key, fields.get("name", ""), refs, cells)
    if kind == "offices":
        match = {name: fields.get(name) for name in ("title", "country_id", "organization_id")}
        return Office.objects.filter(**({"slug": key} if key else match)).first()
    if kind == "positions":
        return Position.objects.filter(person_id=key[0], office_id=key[1], start_date=key[2]).first()
    if kind == "sources":
        return Source.objects.filter(publisher=key[0], title=key[1], url=key[2]).first()
    speaker, description, event, about, quote = key
    return Statement.objects.filter(
        speaker_id=speaker, speaker_description=description, event_id=event, about_event_id=about, quote=quote
    ).first()


def _existing_person(slug: str, name: str, refs: Refs, cells: Cells) -> Person | None:
    if slug:
        return Person.objects.filter(slug=slug).first()
    candidates = PersonMatcher(refs.lookups, create_people=False).candidates(name) if name else []
    if len(candidates) > 1:
        cells.error("name", f"'{name}' is the name or alias of {len(candidates)} people; give the slug")
    return Person.objects.get(pk=candidates[0]) if len(candidates) == 1 else None


def _key_of(kind: str, plan: PlannedRecord):
    if plan.existing is not None:
        return ("pk", plan.existing.pk)
    return ("new", plan.key)


def _check(kind: str, plan: PlannedRecord, cells: Cells) -> None:
    """What changes, and the model's own rules (lengths, choices, constraints) as row errors."""
    record = plan.existing
    if record is None:
        record = MODELS[kind](**plan.fields)
    else:
        for name, value in plan.fields.items():
            if getattr(record, name) != value:
                plan.changes.append(name.removesuffix("_id"))
                setattr(record, name, value)
        if plan.aliases is not None and set(plan.aliases) != set(record.aliases.values_list("name", flat=True)):
            plan.changes.append("aliases")
        if plan.citations is not None and Counter(plan.citations) != Counter(_stored_citations(record)):
            plan.changes.append("citations")
    plan.record = record
    if plan.existing is not None and not plan.changes:
        return  # unchanged: the stored record already passed these checks
    exclude = ["slug"] if not getattr(record, "slug", True) else []
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = "" if name == "__all__" else name
            for message in messages:
                cells.error(column, message)


def _stored_citations(statement: Statement) -> list[tuple]:
    return [
        ((c.source.publisher, c.source.title, c.source.url), c.locator, c.excerpt)
        for c in statement.citations.select_related("source")
    ]


def _stamp(record, user) -> None:
    record._change_reason = CHANGE_REASON
    if getattr(user, "pk", None):
        record._history_user = user


def _write(kind: str, plan: PlannedRecord, refs: Refs, user) -> None:
    record = plan.record
    _stamp(record, user)
    record.save()
    if plan.aliases is not None:
        wanted = set(plan.aliases)
        for alias in record.aliases.all():
            if alias.name not in wanted:
                _stamp(alias, user)
                alias.delete()
        stored = set(record.aliases.values_list("name", flat=True))
        for name in sorted(wanted - stored):
            alias = PersonAlias(person=record, name=name)
            _stamp(alias, user)
            alias.save()
    if plan.citations is not None and (plan.existing is None or "citations" in plan.changes):
        for citation in record.citations.all():
            _stamp(citation, user)
            citation.delete()
        for source_key, locator, excerpt in plan.citations:
            citation = Citation(statement=record, source_id=refs.sources[source_key], locator=locator, excerpt=excerpt)
            _stamp(citation, user)
            citation.save()


__all__ = ["DatasetReport", "ImportFileError", "import_dataset", "import_reference"]
