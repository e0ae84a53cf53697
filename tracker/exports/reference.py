"""Reference data and statements as rows: countries, organisations, people, offices, positions,
topics, series, sources and statements, each kind with its columns (docs/data-format.md).

One function builds a kind's rows; JSON writes them as they are and CSV flattens the lists with the
events' micro-format (tracker.exports.cells), so the two cannot drift apart and the importer
(tracker.imports.reference) reads either. Rows come sorted by each kind's stable key, never by
database id, so two databases holding the same records give the same rows.

What a reader may see decides which rows there are (tracker.models.visibility): staff get every
record; anyone else gets the records that published events and visible statements stand on.
"""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from tracker.domain.dates import edtf_period
from tracker.exports.cells import escape
from tracker.exports.schema import CITATION_FIELDS
from tracker.models import (
    Citation,
    Country,
    Event,
    Office,
    Organization,
    Person,
    Position,
    Series,
    Source,
    Statement,
    Topic,
)
from tracker.models.visibility import sees_drafts

# Each kind's columns, in CSV order; JSON keys are the same names. The first column(s) are the key.
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries": ("code", "name", "official_name", "is_former", "valid_from", "valid_until", "wikidata_qid"),
    "organizations": ("slug", "name", "acronym", "description", "wikidata_qid"),
    "people": ("slug", "name", "native_name", "aliases", "born", "notes", "wikidata_qid"),
    "offices": ("slug", "title", "kind", "country", "organization"),
    "positions": ("person", "office", "start_date", "end_date"),
    "topics": ("slug", "name", "description"),
    "series": ("slug", "name", "description"),
    "sources": ("publisher", "title", "url", "published_on", "accessed_on"),
    "statements": (
        "speaker",
        "speaker_description",
        "quote",
        "language",
        "said_at",
        "said_on",
        "said_on_precision",
        "event",
        "about_event",
        "citations",
    ),
}
# The order a dataset lists and imports them: each kind after the kinds it names.
REFERENCE_KINDS = tuple(REFERENCE_COLUMNS)
LISTED = {"aliases"}  # a list of names (CSV: items split by ";")
RECORDS = {"citations": CITATION_FIELDS}  # a list of objects (CSV: items by ";", fields by "|")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _citation(citation: Citation) -> dict[str, str | None]:
    source = citation.source
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published_on": _day(source.published_on),
        "accessed_on": _day(source.accessed_on),
        "locator": citation.locator,
        "excerpt": citation.excerpt,
    }


def _citation_key(item: dict) -> tuple:
    return tuple(item[name] or "" for name in CITATION_FIELDS)


class Scope:
    """The records `user` may see, as querysets of every kind (see the module's docstring)."""

    def __init__(self, user) -> None:
        self.everything = sees_drafts(user)
        self.events = Event.objects.visible_to(user)
        self.statements = Statement.objects.visible_to(user)
        self.people = Person.objects.all() if self.everything else self._public_people()

    def _public_people(self) -> QuerySet:
        return Person.objects.filter(
            Q(pk__in=Person.objects.public()) | Q(pk__in=self.statements.values("speaker"))
        ).distinct()

    def of(self, kind: str) -> QuerySet:
        if self.everything or kind == "countries":
            return _ALL[kind]()
        events, people = self.events, self.people
        if kind == "people":
            return people
        if kind == "positions":
            return Position.objects.filter(person__in=people)
        if kind == "offices":
            return Office.objects.filter(positions__person__in=people).distinct()
        if kind == "organizations":
            offices = self.of("offices")
            return Organization.objects.filter(
                Q(pk__in=Organization.objects.public()) | Q(offices__in=offices)
            ).distinct()
        if kind == "topics":
            return Topic.objects.public()
        if kind == "series":
            return Series.objects.public()
        if kind == "sources":
            return Source.objects.filter(
                Q(citations__event__in=events) | Q(citations__statement__in=self.statements)
            ).distinct()
        return self.statements


_ALL: dict[str, Callable[[], QuerySet]] = {
    "countries": Country.objects.all,
    "organizations": Organization.objects.all,
    "people": Person.objects.all,
    "offices": Office.objects.all,
    "positions": Position.objects.all,
    "topics": Topic.objects.all,
    "series": Series.objects.all,
    "sources": Source.objects.all,
    "statements": Statement.objects.all,
}


def reference_rows(kind: str, user) -> list[dict[str, Any]]:
    """The rows of one kind that `user` may see, sorted by the kind's stable key."""
    return rows_of(kind, Scope(user).of(kind))


def rows_of(kind: str, queryset: QuerySet) -> list[dict[str, Any]]:
    rows = [_ROW[kind](record) for record in _prepared(kind, queryset)]
    return sorted(rows, key=_SORT[kind])


def _prepared(kind: str, queryset: QuerySet) -> Iterable:
    if kind == "people":
        return queryset.prefetch_related("aliases")
    if kind == "offices":
        return queryset.select_related("organization")
    if kind == "positions":
        return queryset.select_related("person", "office")
    if kind == "statements":
        return queryset.select_related("speaker", "event", "about_event").prefetch_related("citations__source")
    return queryset


def _statement_row(statement: Statement) -> dict[str, Any]:
    said_on = statement.said_on
    citations = sorted((_citation(citation) for citation in statement.citations.all()), key=_citation_key)
    return {
        "speaker": statement.speaker.slug if statement.speaker_id else None,
        "speaker_description": statement.speaker_description,
        "quote": statement.quote,
        "language": statement.language,
        "said_at": statement.said_at,
        "said_on": edtf_period(said_on, said_on, statement.said_on_precision) if said_on else None,
        "said_on_precision": statement.said_on_precision,
        "event": str(statement.event.uid) if statement.event_id else None,
        "about_event": str(statement.about_event.uid) if statement.about_event_id else None,
        "citations": citations,
    }


_ROW: dict[str, Callable[[Any], dict[str, Any]]] = {
    "countries": lambda c: {
        "code": c.code,
        "name": c.name,
        "official_name": c.official_name,
        "is_former": c.is_former,
        "valid_from": _day(c.valid_from),
        "valid_until": _day(c.valid_until),
        "wikidata_qid": c.wikidata_qid,
    },
    "organizations": lambda o: {
        "slug": o.slug,
        "name": o.name,
        "acronym": o.acronym,
        "description": o.description,
        "wikidata_qid": o.wikidata_qid,
    },
    "people": lambda p: {
        "slug": p.slug,
        "name": p.name,
        "native_name": p.native_name,
        "aliases": sorted(alias.name for alias in p.aliases.all()),
        "born": _day(p.born),
        "notes": p.notes,
        "wikidata_qid": p.wikidata_qid,
    },
    "offices": lambda o: {
        "slug": o.slug,
        "title": o.title,
        "kind": o.kind,
        "country": o.country_id,
        "organization": o.organization.slug if o.organization_id else None,
    },
    "positions": lambda p: {
        "person": p.person.slug,
        "office": p.office.slug,
        "start_date": _day(p.start_date),
        "end_date": _day(p.end_date),
    },
    "topics": lambda t: {"slug": t.slug, "name": t.name, "description": t.description},
    "series": lambda s: {"slug": s.slug, "name": s.name, "description": s.description},
    "sources": lambda s: {
        "publisher": s.publisher,
        "title": s.title,
        "url": s.url,
        "published_on": _day(s.published_on),
        "accessed_on": _day(s.accessed_on),
    },
    "statements": _statement_row,
}

_SORT: dict[str, Callable[[dict], Any]] = {
    "countries": lambda row: row["code"],
    "positions": lambda row: (row["person"], row["office"], row["start_date"]),
    "sources": lambda row: (row["publisher"], row["title"], row["url"]),
    "statements": lambda row: tuple(
        row[name] or "" for name in ("said_on", "speaker", "speaker_description", "event", "about_event", "quote")
    ),
}
for _kind in REFERENCE_KINDS:
    _SORT.setdefault(_kind, lambda row: row["slug"])


def csv_cell(name: str, value: Any) -> str:
    """One cell of a reference CSV: lists and records in the micro-format, booleans as true/false."""
    if value is None:
        return ""
    if name in LISTED:
        return ";".join(escape(item) for item in value)
    if name in RECORDS:
        return ";".join("|".join(escape(item[field] or "") for field in RECORDS[name]) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def reference_csv(kind: str, rows: list[dict[str, Any]]) -> str:
    """A kind's rows as CSV text, the header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = REFERENCE_COLUMNS[kind]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(name, row[name]) for name in columns])
    return buffer.getvalue()
