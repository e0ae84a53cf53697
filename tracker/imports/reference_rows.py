"""One row of reference data into a PlannedRecord: every cell checked, every problem a row error
that names the column and says what to give instead.

Dates: a plain-date column (a country's validity, a source's publication, a birth) takes one day
(tracker.domain.dates.parse_day); a position's start and end take a partial date ("2025",
"Oct 2025"), stored as the first day of the start's period and the last day of the end's; a
statement's said_on keeps its precision, as the admin does.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model

from tracker.domain.dates import DAY, MONTH, YEAR, PartialDateError, parse_day, period_bounds
from tracker.domain.identities import fold_name, wikidata_qid_problem
from tracker.domain.text import normalise_text
from tracker.imports.validate_cells import _invalid_slug, _is_url, _parse_day
from tracker.models import Country, Office, Organization, Person, Position, Series, Source, Statement, Topic

MODELS: dict[str, type[Model]] = {
    "countries": Country,
    "organizations": Organization,
    "people": Person,
    "offices": Office,
    "positions": Position,
    "topics": Topic,
    "series": Series,
    "sources": Source,
    "statements": Statement,
}
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n", ""}
MULTILINE = {"description", "notes", "quote"}


@dataclass
class PlannedRecord:
    """What a row asks for: its record's fields (only the columns present), and its lists."""

    row: int
    label: str
    fields: dict[str, Any]
    aliases: list[str] | None = None
    citations: list[tuple] | None = None  # ((publisher, title, url), dates, locator, excerpt)
    existing: Model | None = None  # the stored record the key names; None for a new one
    changes: list[str] = field(default_factory=list)
    record: Model | None = None  # the record as it will be saved
    key: Any = None  # the stable key the row gives


class Cells:
    """The cells of one row, read with the error for each bad one kept."""

    def __init__(self, number: int, row: dict, present: set[str], errors: list[tuple[int, str, str]]) -> None:
        self.number, self.row, self.present, self.errors = number, row, present, errors
        self.before = len(errors)

    @property
    def ok(self) -> bool:
        return len(self.errors) == self.before

    def error(self, column: str, message: str) -> None:
        self.errors.append((self.number, column, message))

    def raw(self, name: str) -> str:
        value = self.row.get(name)
        return "" if value is None else str(value).strip()

    def text(self, name: str, max_length: int | None = None, *, required: bool = False) -> str:
        value = normalise_text(str(self.row.get(name) or ""), multiline=name in MULTILINE)
        if required and not value.strip():
            self.error(name, "is required")
        elif max_length is not None and len(value) > max_length:
            self.error(name, f"is {len(value)} characters long; at most {max_length} fit")
        return value

    def slug(self, name: str = "slug", max_length: int = 100) -> str:
        value = self.raw(name)
        if value and (_invalid_slug(value) or len(value) > max_length):
            self.error(name, f"'{value}' is not a slug (letters, digits, - and _; at most {max_length})")
        return value

    def day(self, name: str) -> date | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            return parse_day(value)
        except PartialDateError as exc:
            self.error(name, str(exc))
            return None

    def period(self, name: str) -> tuple[date, date, str] | None:
        value = self.raw(name)
        if not value:
            return None
        period, problem = _parse_day(value)
        if problem:
            self.error(name, problem)
        return period

    def boolean(self, name: str) -> bool:
        value = self.row.get(name)
        if isinstance(value, bool):
            return value
        text = self.raw(name).lower()
        if text not in _TRUE | _FALSE:
            self.error(name, f"'{value}' is not true or false")
        return text in _TRUE

    def qid(self, name: str = "wikidata_qid") -> str:
        value = self.raw(name)
        if problem := wikidata_qid_problem(value):
            self.error(name, problem)
        return value

    def choice(self, name: str, choices) -> str:
        value = self.raw(name)
        if value not in choices:
            self.error(name, f"'{value}' is not one of {', '.join(sorted(choices))}")
        return value

    def uid(self, name: str) -> uuid.UUID | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.error(name, f"'{value}' is not an event's uid (a UUID)")
            return None

    def list(self, name: str) -> list:
        value = self.row.get(name)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            self.error(name, f"{value!r} is not a list (in JSON, write [] around the items)")
            return []
        return value

    def fields(self, names: dict[str, Any]) -> dict[str, Any]:
        """The fields whose column the file has: an absent column leaves the stored value alone."""
        return {name: value for name, value in names.items() if name in self.present}


def read_country(cells: Cells, refs) -> tuple[str, dict]:
    code = cells.raw("code").upper()
    if len(code) != 2 or not code.isalpha():
        cells.error("code", f"'{code}' is not a two-letter code (ISO 3166-1, ISO 3166-3 or user-assigned XA–XZ)")
    fields = {
        "name": cells.text("name", 100, required=True),
        "official_name": cells.text("official_name", 200),
        "is_former": cells.boolean("is_former"),
        "valid_from": cells.day("valid_from"),
        "valid_until": cells.day("valid_until"),
        "wikidata_qid": cells.qid(),
    }
    return code, cells.fields(fields)


def read_named(cells: Cells, refs, *, acronym: bool = False, qid: bool = False) -> tuple[str, dict]:
    """An organisation, topic or series: keyed by slug, else by its (unique) name."""
    # The model's own length (120 for a topic, 200 otherwise) is checked with its other rules.
    fields = {"name": cells.text("name", 200, required=True), "slug": cells.slug()}
    fields["description"] = cells.text("description")
    if acronym:
        fields["acronym"] = cells.text("acronym", 30)
    if qid:
        fields["wikidata_qid"] = cells.qid()
    fields = cells.fields(fields)
    return fields.get("slug") or "", fields


def read_person(cells: Cells, refs) -> tuple[str, dict, list[str] | None]:
    fields = {
        "slug": cells.slug(),
        "name": cells.text("name", 200, required=True),
        "native_name": cells.text("native_name", 200),
        "born": cells.day("born"),
        "notes": cells.text("notes"),
        "wikidata_qid": cells.qid(),
    }
    aliases = None
    if "aliases" in cells.present:
        aliases = [normalise_text(str(item)).strip() for item in cells.list("aliases") if str(item or "").strip()]
        spellings: dict[str, str] = {}
        for alias in aliases:
            if len(alias) > 200:
                cells.error("aliases", f"'{alias[:40]}…' is longer than 200 characters")
            elif fold_name(alias) in spellings:
                cells.error("aliases", f"'{alias}' and '{spellings[fold_name(alias)]}' are the same alias; keep one")
            spellings.setdefault(fold_name(alias), alias)
    fields = cells.fields(fields)
    return fields.get("slug") or "", fields, aliases


def read_office(cells: Cells, refs) -> tuple[str, dict]:
    fields = {
        "slug": cells.slug(max_length=150),
        "title": cells.text("title", 120, required=True),
        "kind": cells.choice("kind", set(Office.Kind.values)),
        "country_id": refs.country(cells, "country"),
        "organization_id": refs.slug_of(cells, "organization", "organizations"),
    }
    if ("country" in cells.present or "organization" in cells.present) and (
        (fields["country_id"] is None) == (fields["organization_id"] is None)
    ):
        cells.error("country", "an office belongs to exactly one country or one organisation; give one of the two")
    fields = {name: value for name, value in fields.items() if name.removesuffix("_id") in cells.present}
    return fields.get("slug") or "", fields


def read_position(cells: Cells, refs) -> tuple[tuple, dict]:
    person = refs.person(cells, "person")
    office = refs.slug_of(cells, "office", "offices", required=True)
    start = cells.period("start_date")
    end = cells.period("end_date")
    if start is None and cells.ok:
        cells.error("start_date", "is required")
    fields = {"person_id": person, "office_id": office}
    if start:
        fields["start_date"] = period_bounds(start[0], start[2])[0]
    fields["end_date"] = period_bounds(end[1], end[2])[1] if end else None
    if start and end and fields["end_date"] < fields["start_date"]:
        cells.error("end_date", f"'{cells.raw('end_date')}' is before the start '{cells.raw('start_date')}'")
    return (person, office, fields.get("start_date")), fields


def read_source(cells: Cells, refs) -> tuple[tuple, dict]:
    url = cells.text("url", 500)
    if url and not _is_url(url):
        cells.error("url", f"'{url}' is not a URL")
    fields = {
        "publisher": cells.text("publisher", 200, required=True),
        "title": cells.text("title", 300),
        "url": url,
        "published_on": cells.day("published_on"),
        "accessed_on": cells.day("accessed_on"),
    }
    return (fields["publisher"], fields["title"], url), cells.fields(fields) | {"url": url}


def read_statement(cells: Cells, refs) -> tuple[tuple, dict, list]:
    speaker = refs.person(cells, "speaker", required=False)
    description = cells.text("speaker_description", 200)
    if (speaker is None) == (not description) and cells.ok:
        cells.error("speaker", "give the speaker's slug, or leave it blank and describe an unattributed speaker")
    event = refs.event(cells, "event")
    about = refs.event(cells, "about_event")
    if event is None and about is None and cells.ok:
        cells.error("about_event", "a statement needs the event where it was said or the event it is about")
    said = cells.period("said_on")
    precision = cells.raw("said_on_precision").lower() or (said[2] if said else DAY)
    if precision not in (DAY, MONTH, YEAR):
        cells.error("said_on_precision", f"'{precision}' is not one of day, month, year")
        precision = DAY
    fields = {
        "speaker_id": speaker,
        "speaker_description": description,
        "quote": cells.text("quote", required=True),
        "language": cells.text("language", 10) or "en",
        "said_at": cells.text("said_at", 200),
        "said_on": period_bounds(said[0], precision)[0] if said else None,
        "said_on_precision": precision,
        "event_id": event,
        "about_event_id": about,
    }
    key = (speaker, description, event, about, fields["quote"])
    citations = refs.citations(cells, cells.list("citations")) if "citations" in cells.present else None
    return key, fields, citations
