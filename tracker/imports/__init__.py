"""Import events from the export formats (CSV or JSON): validate everything, then write everything.

All-or-nothing: every row is checked first and every problem is reported as "row N, column: reason";
only a file without a single error is written, inside one transaction. Re-importing the same file
changes nothing and writes no history; a row whose uid exists updates that event (with a history
record) instead of duplicating it. Reference data is matched, not guessed: countries by ISO code,
organisations, topics and series by slug (or exact name), people by slug or exact name, offices by
slug. Unknown people are an error unless `create_people` is set.

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
"""

import csv
import difflib
import io
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple

import orjson
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from tracker.domain.dates import DAY, MONTH, YEAR, PartialDateError, edtf_period, parse_partial_date, period_bounds
from tracker.exports import (
    COLUMNS,
    FORMULA_STARTS,
    LIST_COLUMNS,
    NEUTRALISED_COLUMNS,
    RECORD_COLUMNS,
    export_row,
    parse_items,
    split_list,
)
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import (
    Citation,
    Country,
    DataVersion,
    Event,
    EventCountry,
    Office,
    Organization,
    Participation,
    Person,
    Position,
    Series,
    Source,
    Topic,
)

BATCH = 1000
CHANGE_REASON = "Imported from file"
# Columns the export writes but an import derives: the codes follow the kind, the countries
# follow host, parties and participants, the EDTF form is only checked against the dates.
DERIVED_COLUMNS = ("cameo", "plover_type", "plover_mode", "countries", "edtf")
# Common names for codes that ISO 3166-1 spells differently.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}
_url_validator = URLValidator()
# Choice values as sets: TextChoices.values rebuilds a list on every access.
KINDS = frozenset(Event.Kind.values)
LIFECYCLES = frozenset(Event.Lifecycle.values)
ROLES = frozenset(Participation.Role.values)


class ImportFileError(ValueError):
    """The file cannot be read at all (not CSV or JSON, no header, broken JSON)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"


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

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        if self.errors:
            return f"{len(self.errors)} error(s) in {self.rows} row(s); nothing was written."
        return (
            f"{self.rows} row(s): {len(self.created)} {verb} created, {len(self.updated)} {verb} updated, "
            f"{len(self.unchanged)} unchanged; {len(self.people_created)} new people, "
            f"{self.sources_created} new sources."
        )


# --- Reading files ------------------------------------------------------------------------------


def _undo_neutralisation(value: str) -> str:
    """The export prefixes an apostrophe to cells starting with = + - @ tab CR or '; remove it."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _existing_path(source) -> Path | None:
    """`source` as a Path when it names a file (a str may also be the text itself)."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096):
        path = Path(source)
        try:
            if path.exists():
                return path
        except OSError:  # one line of JSON or CSV text longer than a file name may be
            return None
    return None


def _read_text(source) -> tuple[str, str | None]:
    """Return the text of `source` (a path, bytes, str or file object) and its name if known."""
    name = None
    path = _existing_path(source)
    if path is not None:
        return path.read_bytes().decode("utf-8-sig"), path.name
    if isinstance(source, bytes):
        return source.decode("utf-8-sig"), None
    if isinstance(source, str):
        return source.removeprefix("\ufeff"), None
    name = getattr(source, "name", None)
    data = source.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return data.removeprefix("\ufeff"), str(name) if name else None


def read_rows(source, *, file_format: str | None = None) -> tuple[list[tuple[int, dict, set[str]]], list[RowError]]:
    """Read a CSV or JSON export into (row number, nested row, columns present) triples.

    Rows come out in the shape export_row gives (lists, objects, numbers), whichever the format.
    """
    rows, errors = stream_rows(source, file_format=file_format)
    return list(rows), errors


def stream_rows(
    source, *, file_format: str | None = None
) -> tuple[Iterator[tuple[int, dict, set[str]]], list[RowError]]:
    """As read_rows, but CSV rows are nested one at a time as the iterator is consumed.

    The importer keeps only what it plans to write, not every nested row of a large file. Errors
    of the file's rows are appended to the returned list as the iterator reaches them.
    """
    if isinstance(source, list):
        return iter([(index, row, set(row)) for index, row in enumerate(source, start=1)]), []
    path = _existing_path(source)
    if path is not None and _format_of(path.name, _file_start(path), file_format) == "csv":
        # A CSV file on disk is read line by line rather than as one string (with the StringIO
        # around it, four bytes a character): a large file never sits in memory whole.
        return _read_csv(path.open(encoding="utf-8-sig", newline=""))
    text, name = _read_text(source)
    if _format_of(name, text, file_format) == "json":
        rows, errors = _read_json(text)
        return iter(rows), errors
    return _read_csv(io.StringIO(text, newline=""))


def _format_of(name: str | None, start: str, file_format: str | None) -> str:
    """csv or json: as asked, else by the file name; without one, a JSON document starts with { or [."""
    if file_format is not None:
        return file_format
    suffix = (name or "").rsplit(".", 1)[-1].lower()
    if suffix in {"csv", "json"}:
        return suffix
    return "json" if start.lstrip()[:1] in {"{", "["} else "csv"


def _file_start(path: Path) -> str:
    """The first characters of a file, enough to tell JSON from CSV."""
    with path.open("rb") as handle:
        return handle.read(4096).decode("utf-8-sig", errors="replace")


def _read_json(text: str) -> tuple[list[tuple[int, dict, set[str]]], list[RowError]]:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(f"the file is not valid JSON ({exc})") from None
    rows = document.get("rows") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        raise ImportFileError('a JSON import is a list of rows or an object with a "rows" list')
    out, errors = [], []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(RowError(index, "", "a row must be a JSON object"))
            continue
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            errors.append(RowError(index, unknown[0], f"unknown column; the columns are {', '.join(COLUMNS)}"))
        out.append((index, _normalise_json_row(row), set(row)))
    return out, errors


def _normalise_json_row(row: dict) -> dict:
    """Accept the CSV micro-format inside JSON too, and numbers or booleans as text."""
    row = dict(row)
    for name in LIST_COLUMNS:
        if isinstance(row.get(name), str):
            row[name] = split_list(row[name])
    for name, fields in RECORD_COLUMNS.items():
        if isinstance(row.get(name), str):
            row[name] = parse_items(row[name], fields)
    return row


def _read_csv(lines: IO[str]) -> tuple[Iterator[tuple[int, dict, set[str]]], list[RowError]]:
    """The header's errors now, and an iterator over the nested rows (adding their errors as it goes)."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        lines.close()
        raise ImportFileError("the file is empty; a CSV import needs a header row") from None
    except UnicodeDecodeError as exc:
        lines.close()
        raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    header = [name.strip() for name in header]
    errors = []
    unknown = [name for name in header if name not in COLUMNS]
    for name in unknown:
        errors.append(RowError(1, name, f"unknown column; the columns are {', '.join(COLUMNS)}"))
    if len(set(header)) != len(header):
        duplicated = [name for name, count in Counter(header).items() if count > 1]
        errors.append(RowError(1, duplicated[0], "the column appears twice"))
    present = {name for name in COLUMNS if name in header}
    return _csv_rows(lines, reader, header, present, errors), errors


def _csv_rows(lines: IO[str], reader, header: list[str], present: set[str], errors: list[RowError]) -> Iterator[tuple]:
    """Nest each CSV row as it is read; blank rows are skipped, rows wider than the header are errors."""
    with lines:
        try:
            yield from _nested_csv_rows(reader, header, present, errors)
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _nested_csv_rows(reader, header: list[str], present: set[str], errors: list[RowError]) -> Iterator[tuple]:
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    indexes = [positions.get(name) for name in COLUMNS]
    neutralised = [COLUMNS.index(name) for name in NEUTRALISED_COLUMNS]
    in_export_order = tuple(header) == COLUMNS
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        width = len(cells)
        if width > len(header):
            errors.append(RowError(number, "", f"{width} cells but the header names {len(header)} columns"))
            continue
        if in_export_order and width == len(header):
            flat = cells  # an export's own file: the cells are already in COLUMNS order
        else:
            flat = [cells[index] if index is not None and index < width else "" for index in indexes]
        for index in neutralised:
            value = flat[index]
            if value[:1] == "'":
                flat[index] = _undo_neutralisation(value)
        yield number, export_row(flat), present


# --- Reference data -----------------------------------------------------------------------------


def _suggest(value: str, choices: dict[str, str], *, limit: int = 3) -> str:
    """ "; did you mean KR (South Korea), KP (North Korea)?" from the keys and labels close to `value`.

    First labels with a word starting with what was typed ("KO" → Korea, Kosovo; "Japan" → Japan),
    then keys and labels that difflib finds similar ("KRR" → KR, "Lee Jae Myeong" → Lee Jae Myung).
    """
    typed = value.strip().lower()
    found: list[str] = []
    if len(typed) >= 2:
        for key, label in choices.items():
            if any(word.startswith(typed) for word in _WORDS.split(label.lower())):
                found.append(key)
    by_key = {key.lower(): key for key in choices}
    for key in difflib.get_close_matches(typed, list(by_key), n=limit, cutoff=0.6):
        found.append(by_key[key])
    by_label = {label.lower(): key for key, label in choices.items()}
    for label in difflib.get_close_matches(typed, list(by_label), n=limit, cutoff=0.6):
        found.append(by_label[label])
    unique = list(dict.fromkeys(found))[:limit]
    if not unique:
        return ""
    return "; did you mean " + ", ".join(f"{key} ({choices[key]})" for key in unique) + "?"


_WORDS = re.compile(r"[\s,()\-–]+")


class Lookups:
    """Everything rows refer to, fetched once into dicts."""

    def __init__(self) -> None:
        self.countries = dict(Country.objects.values_list("code", "name"))
        self.organizations = self._keyed(Organization.objects.values_list("id", "slug", "name", "acronym"))
        self.topics = self._keyed(Topic.objects.values_list("id", "slug", "name"))
        self.series = self._keyed(Series.objects.values_list("id", "slug", "name"))
        self.offices = dict(Office.objects.values_list("slug", "id"))
        self.office_leader = {
            office_id: kind in Office.LEADER_KINDS for office_id, kind in Office.objects.values_list("id", "kind")
        }
        self.office_holder = {
            office_id: (country, organization)
            for office_id, country, organization in Office.objects.values_list("id", "country_id", "organization_id")
        }
        self.people_by_slug: dict[str, int] = {}
        self.people_by_name: dict[str, list[int]] = defaultdict(list)
        self.people_names: dict[str, str] = {}
        for person_id, slug, name in Person.objects.values_list("id", "slug", "name"):
            self.people_by_slug[slug] = person_id
            self.people_by_name[name.lower()].append(person_id)
            self.people_names[slug] = name
        self.positions: dict[int, list[tuple[int, int, date, date | None]]] = defaultdict(list)
        # Latest first, so that among several positions held the same day the latest wins (as in derived).
        for position in Position.objects.order_by("-start_date", "-id").values_list(
            "person_id", "id", "office_id", "start_date", "end_date"
        ):
            self.positions[position[0]].append(position[1:])
        self.sources = {
            (publisher, title, url): source_id
            for source_id, publisher, title, url in Source.objects.values_list("id", "publisher", "title", "url")
        }

    @staticmethod
    def _keyed(rows: Iterable[tuple]) -> dict[str, Any]:
        """slug → id, plus lower-cased names (and acronyms) → id, and the labels for suggestions."""
        by_key: dict[str, int] = {}
        labels: dict[str, str] = {}
        for row in rows:
            pk, slug, name = row[0], row[1], row[2]
            by_key[slug] = pk
            labels[slug] = name
            for alias in row[2:]:
                if alias:
                    by_key.setdefault(alias.lower(), pk)
        return {"ids": by_key, "labels": labels}

    def position_on(self, person_id: int, day: date, office_id: int | None = None) -> tuple[int, int] | None:
        """(position, office) held on `day` (in `office_id` if given); a leader's office wins, then the latest."""
        latest = None
        for position_id, office, start, end in self.positions.get(person_id, ()):
            if start <= day and (end is None or day <= end) and (office_id is None or office == office_id):
                if self.office_leader.get(office, False):
                    return position_id, office
                latest = latest or (position_id, office)
        return latest


# --- Validating rows into a plan ----------------------------------------------------------------


class PlannedParticipant(NamedTuple):
    person: int | str  # an id, or the slug of a person this import creates
    role: str
    position_id: int | None
    represented_country_id: str | None
    represented_organization_id: int | None

    def stored(self) -> dict[str, Any]:
        """The participation's columns besides the person, as the database holds them."""
        return {
            "role": self.role,
            "position_id": self.position_id,
            "represented_country_id": self.represented_country_id,
            "represented_organization_id": self.represented_organization_id,
        }


# A large file makes one plan per row: slots keep each one small.
@dataclass(slots=True)
class PlannedEvent:
    row: int
    uid: uuid.UUID
    title: str
    existing_id: int | None
    fields: dict[str, Any]
    parent_uid: uuid.UUID | None | bool  # False: the column is absent, leave the parent alone
    topics: frozenset[int] | None = None
    party_countries: frozenset[str] | None = None
    party_organizations: frozenset[int] | None = None
    participants: list[PlannedParticipant] | None = None
    citations: list[tuple] | None = None
    changes: list[str] = field(default_factory=list)
    event_id: int | None = None
    derived_slug: bool = False  # the slug comes from the title, so a clash gets a suffix rather than an error


class RowValidator:
    """Turns one nested row into a PlannedEvent, collecting every error on the way."""

    def __init__(self, lookups: Lookups, *, create_people: bool, user) -> None:
        self.lookups = lookups
        self.create_people = create_people
        self.may_publish = user is None or user.has_perm("tracker.publish_event")
        self.new_people: dict[str, str] = {}  # slug → name
        self.new_sources: dict[tuple, dict] = {}
        self.errors: list[RowError] = []
        self.warnings: list[str] = []
        # What a code, slug, person or URL resolves to (and the error it gives), found once per
        # distinct value: a large file names the same few hundred of them on every row.
        self._resolved: dict[tuple, tuple] = {}
        self._source_keys: dict[tuple, tuple] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def _resolve(self, kind: str, value, find: Callable[[], tuple]) -> tuple:
        """find() the first time a text value is seen, the remembered result after.

        Only text (and None) is remembered: JSON may put numbers, lists or objects where a code
        belongs, and 1 == True == 1.0 as keys while their messages differ.
        """
        try:
            return self._resolved[kind, value]
        except KeyError:
            pass
        except TypeError:  # unhashable: a JSON list or object
            return find()
        found = find()
        if _is_text(value):
            self._resolved[kind, value] = found
        return found

    # Scalars --------------------------------------------------------------------------------

    def text(self, number: int, row: dict, name: str, *, max_length: int, required: bool = False) -> str:
        value = row.get(name)
        value = "" if value is None else str(value)
        if required and not value.strip():
            self.error(number, name, "is required")
        elif len(value) > max_length:
            self.error(number, name, f"is {len(value)} characters long; at most {max_length} fit")
        return value

    def country(self, number: int, column: str, value: str | None) -> str | None:
        code, problem = self._resolve("country", value, lambda: self._find_country(value))
        if problem:
            self.error(number, column, problem)
        return code

    def _find_country(self, value: str | None) -> tuple[str | None, str | None]:
        if value is None or not str(value).strip():
            return None, None
        code = str(value).strip().upper()
        code = COUNTRY_ALIASES.get(code, code)
        if code in self.lookups.countries:
            return code, None
        suggestion = _suggest(str(value).strip(), self.lookups.countries)
        return None, f"'{value}' is not a known ISO 3166-1 alpha-2 country code{suggestion}"

    def reference(self, number: int, column: str, value: str | None, table: dict, noun: str) -> int | None:
        found, problem = self._resolve(noun, value, lambda: self._find_reference(value, table, noun))
        if problem:
            self.error(number, column, problem)
        return found

    @staticmethod
    def _find_reference(value: str | None, table: dict, noun: str) -> tuple[int | None, str | None]:
        if value is None or not str(value).strip():
            return None, None
        text = str(value).strip()
        found = table["ids"].get(text) or table["ids"].get(text.lower())
        if found is None:
            suggestion = _suggest(text, table["labels"]) if table["labels"] else ""
            return None, f"'{text}' is not a known {noun} slug{suggestion}"
        return found, None

    def parse_day(self, number: int, column: str, value: str) -> tuple[date, date, str] | None:
        text = str(value).strip()
        period, problem = self._resolve("day", text, lambda: _parse_day(text))
        if problem:
            self.error(number, column, problem)
        return period

    def dates(self, number: int, row: dict) -> tuple[date, date, str] | None:
        """start/end/precision from start_date (+ end_date, date_precision) or from edtf alone.

        The precision is the date_precision column when given, otherwise inferred from how the start
        was written ("Oct 2025" is a month). The stored bounds cover the whole period.
        """
        get = row.get
        given = (
            str(get("start_date") or "").strip(),
            str(get("end_date") or "").strip(),
            str(get("edtf") or "").strip(),
            str(get("date_precision") or "").strip(),
        )
        period, problems = self._resolve("dates", given, lambda: _period_of(*given))
        for column, message in problems:
            self.error(number, column, message)
        return period

    def coordinate(self, number: int, row: dict, name: str, limit: int) -> Decimal | None:
        value = row.get(name)
        if value is None or str(value).strip() == "":
            return None
        try:
            number_value = Decimal(str(value).strip())
        except InvalidOperation:
            self.error(number, name, f"'{value}' is not a number")
            return None
        if not number_value.is_finite() or abs(number_value) > limit:
            self.error(number, name, f"'{value}' is outside −{limit}…{limit}")
            return None
        return number_value.quantize(Decimal("0.00001"))

    def boolean(self, number: int, row: dict, name: str) -> bool:
        value = row.get(name)
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.error(number, name, f"'{value}' is not true or false")
        return False

    def choice(self, number: int, row: dict, name: str, choices, *, default: str | None = None) -> str:
        value = str(row.get(name) or "").strip()
        if not value and default is not None:
            return default
        if value not in choices:
            allowed = sorted(choices)
            close = difflib.get_close_matches(value, allowed, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; use one of {', '.join(allowed)}"
            self.error(number, name, f"'{value}' is not a known {name}{hint}")
        return value

    # Multi-valued ---------------------------------------------------------------------------

    def _find_person(self, slug: str | None, name: str | None) -> tuple[int | str | None, bool, str | None]:
        slug = (slug or "").strip()
        name = (name or "").strip()
        lookups = self.lookups
        if slug in lookups.people_by_slug:
            return lookups.people_by_slug[slug], False, None
        key = (slug or name).lower()
        matches = lookups.people_by_name.get(key) or lookups.people_by_name.get(name.lower())
        if matches and len(matches) == 1:
            return matches[0], False, None
        if matches:
            return None, False, f"'{slug or name}' matches {len(matches)} people; give the slug"
        if self.create_people:
            new_slug = slug if slug and not _invalid_slug(slug) else slugify(name or slug)[:100]
            if not new_slug:
                return None, False, "a person to create needs a slug or a name"
            self.new_people.setdefault(new_slug, name or slug.replace("-", " ").title())
            return new_slug, True, None
        suggestion = _suggest(slug or name, lookups.people_names)
        hint = "(import with --create-people to add them)"
        return None, False, f"'{slug or name}' is not a known person{suggestion} {hint}"

    def _find_participant(self, slug, name, role, country, organization) -> tuple:
        """(person, is new, role, country, organisation, problems) of one participant's cells."""
        person, is_new, person_problem = self._find_person(slug, name)
        role = str(role or Participation.Role.PARTICIPANT)
        role_problem = None
        if role not in ROLES:
            close = difflib.get_close_matches(role, sorted(ROLES), n=2, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            role_problem = f"'{role}' is not a participant role{hint}"
        country, country_problem = self._find_country(country)
        organization, organization_problem = self._find_reference(
            organization, self.lookups.organizations, "organisation"
        )
        problems = (person_problem, role_problem, country_problem, organization_problem)
        return person, is_new, role, country, organization, tuple(problem for problem in problems if problem)

    def participants(self, number: int, items: list, start: date) -> list[PlannedParticipant]:
        planned, seen = [], set()
        for item in items or []:
            if not isinstance(item, dict):
                self.error(number, "participants", f"{item!r} is not a participant")
                continue
            # Who, in which role, for which country or organisation: the same few thousand
            # participants recur on many rows, so each is resolved once.
            get = item.get
            given = (get("person"), get("name"), get("role"), get("country"), get("organization"))
            person, is_new, role, country, organization, problems = self._resolve(
                "participant", given, lambda given=given: self._find_participant(*given)
            )
            for problem in problems:
                self.error(number, "participants", problem)
            office_slug = (item.get("office") or "").strip()
            position = None
            if person is None:
                continue
            if person in seen:
                self.error(number, "participants", f"'{item.get('person') or item.get('name')}' is listed twice")
                continue
            seen.add(person)
            if office_slug:
                office_id = self.lookups.offices.get(office_slug)
                if office_id is None:
                    suggestion = _suggest(office_slug, {slug: slug for slug in self.lookups.offices})
                    self.error(number, "participants", f"'{office_slug}' is not a known office slug{suggestion}")
                elif is_new:
                    self.warnings.append(
                        f"row {number}, participants: {person} is new and holds no position yet, "
                        f"so the office '{office_slug}' is not linked"
                    )
                else:
                    position = self.lookups.position_on(person, start, office_id)
                    if position is None:
                        self.error(
                            number,
                            "participants",
                            f"'{item.get('person')}' held no position as '{office_slug}' on {start.isoformat()}",
                        )
            elif not is_new:
                # As the admin does on save: default the office held on the event's first day.
                position = self.lookups.position_on(person, start)
            if position is not None and country is None and organization is None:
                country, organization = self.lookups.office_holder[position[1]]
            planned.append(PlannedParticipant(person, role, position and position[0], country, organization))
        return planned

    def _is_url(self, url: str) -> bool:
        return self._resolve("url", url, lambda: (_is_url(url),))[0]

    def citations(self, number: int, items: list) -> list[tuple]:
        planned = []
        for item in items or []:
            if not isinstance(item, dict):
                self.error(number, "citations", f"{item!r} is not a citation")
                continue
            publisher = (item.get("publisher") or "").strip()
            title = item.get("title") or ""
            url = item.get("url") or ""
            if not publisher:
                self.error(number, "citations", "a citation needs a publisher")
                continue
            if len(publisher) > 200 or len(title) > 300 or len(url) > 500:
                self.error(number, "citations", f"'{publisher}': publisher, title or URL is too long")
            if url and not self._is_url(url):
                self.error(number, "citations", f"'{url}' is not a URL")
            locator = item.get("locator") or ""
            if len(locator) > 200:
                self.error(number, "citations", "a locator is at most 200 characters")
            # One tuple per source, not per citation: a large file cites the same few sources.
            key = self._source_keys.setdefault((publisher, title, url), (publisher, title, url))
            if key not in self.lookups.sources and key not in self.new_sources:
                dates = {}
                for name in ("published_on", "accessed_on"):
                    value = item.get(name)
                    if value:
                        parsed = self.parse_day(number, "citations", str(value))
                        dates[name] = parsed[0] if parsed else None
                self.new_sources[key] = dates
            planned.append((key, locator, item.get("excerpt") or ""))
        return planned

    # The row --------------------------------------------------------------------------------

    def validate(self, number: int, row: dict, present: set[str]) -> PlannedEvent | None:
        before = len(self.errors)
        uid_text = str(row.get("uid") or "").strip()
        try:
            uid = uuid.UUID(uid_text) if uid_text else uuid.uuid4()
        except ValueError:
            self.error(number, "uid", f"'{uid_text}' is not a UUID")
            uid = uuid.uuid4()
        fields: dict[str, Any] = {}
        fields["title"] = self.text(number, row, "title", max_length=300, required=True)
        fields["kind"] = self.choice(number, row, "kind", KINDS)
        period = self.dates(number, row)
        if period:
            fields["start_date"], fields["end_date"], fields["date_precision"] = period
        if "lifecycle" in present:
            fields["lifecycle"] = self.choice(number, row, "lifecycle", LIFECYCLES, default="held")
        for name, limit in (("place_name", 200), ("summary", 100_000), ("outcome", 100_000)):
            if name in present:
                fields[name] = self.text(number, row, name, max_length=limit)
        for name in ("place_country", "host_country"):
            if name in present:
                fields[f"{name}_id"] = self.country(number, name, row.get(name))
        if "latitude" in present or "longitude" in present:
            fields["latitude"] = self.coordinate(number, row, "latitude", 90)
            fields["longitude"] = self.coordinate(number, row, "longitude", 180)
            both_readable = not any(error.column in {"latitude", "longitude"} for error in self.errors[before:])
            if both_readable and (fields["latitude"] is None) != (fields["longitude"] is None):
                self.error(number, "latitude", "give both latitude and longitude, or neither")
        if "host_organization" in present:
            fields["host_organization_id"] = self.reference(
                number, "host_organization", row.get("host_organization"), self.lookups.organizations, "organisation"
            )
        if "series" in present:
            fields["series_id"] = self.reference(number, "series", row.get("series"), self.lookups.series, "series")
        if "slug" in present and str(row.get("slug") or "").strip():
            slug = str(row["slug"]).strip()
            if _invalid_slug(slug) or len(slug) > 200:
                self.error(number, "slug", f"'{slug}' is not a slug (letters, digits, - and _; at most 200)")
            fields["slug"] = slug
        if "is_published" in present:
            fields["is_published"] = self.boolean(number, row, "is_published")
        parent_uid: uuid.UUID | None | bool = False
        if "parent" in present:
            parent_text = str(row.get("parent") or "").strip()
            parent_uid = None
            if parent_text:
                try:
                    parent_uid = uuid.UUID(parent_text)
                except ValueError:
                    self.error(number, "parent", f"'{parent_text}' is not a UUID")
                if parent_uid == uid:
                    self.error(number, "parent", "an event cannot be its own parent")
        planned = PlannedEvent(
            row=number, uid=uid, title=fields["title"], existing_id=None, fields=fields, parent_uid=parent_uid
        )
        if "topics" in present:
            planned.topics = _frozen(
                [self.reference(number, "topics", slug, self.lookups.topics, "topic") for slug in row["topics"] or []]
            )
        if "party_organizations" in present:
            planned.party_organizations = _frozen(
                [
                    self.reference(number, "party_organizations", slug, self.lookups.organizations, "organisation")
                    for slug in row["party_organizations"] or []
                ]
            )
        if "participants" in present and period:
            planned.participants = self.participants(number, row["participants"], period[0])
        if "party_countries" in present:
            planned.party_countries = _frozen(
                [self.country(number, "party_countries", code) for code in row["party_countries"] or []]
            )
        elif "countries" in present:
            # A hand-made file may give only the involved countries: the parties are those that
            # neither host nor are represented by a participant.
            involved = {code for code in (self.country(number, "countries", c) for c in row["countries"] or []) if code}
            implied = {fields.get("host_country_id")}
            implied.update(item.represented_country_id for item in planned.participants or [])
            planned.party_countries = _frozen(involved - implied)
        if "citations" in present:
            planned.citations = self.citations(number, row["citations"])
        return planned if len(self.errors) == before else None


def _period_of(start_text: str, end_text: str, edtf: str, precision: str) -> tuple[tuple | None, tuple]:
    """(first day, last day, precision) of a row's date cells, or None and the (column, reason) pairs."""
    precision = precision.lower()
    if precision and precision not in (DAY, MONTH, YEAR):
        return None, (("date_precision", f"'{precision}' is not one of day, month, year"),)
    if not start_text and not edtf:
        return None, (("start_date", "is required (or give the edtf column)"),)
    if not start_text:
        period, problem = _parse_day(edtf)
        return period, (("edtf", problem),) if problem else ()
    start, start_problem = _parse_day(start_text)
    end, end_problem = _parse_day(end_text) if end_text else (start, None)
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
    if edtf and edtf != edtf_period(first, last, precision):
        expected = edtf_period(first, last, precision)
        return None, (("edtf", f"'{edtf}' disagrees with start_date/end_date (which give {expected})"),)
    return (first, last, precision), ()


def _parse_day(text: str) -> tuple[tuple[date, date, str] | None, str | None]:
    """(first day, last day, precision) of a written date, or the reason it is not one."""
    if _ISO_DAY.match(text):
        # The export writes ISO days; reading them directly keeps large imports fast.
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, f"'{text}' is not a date (that day does not exist in that month)"
        return (day, day, DAY), None
    try:
        period = parse_partial_date(text)
    except PartialDateError as exc:
        return None, str(exc)
    return (period.start, period.end, period.precision), None


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


# The pattern of django.core.validators.validate_slug, compiled once: the lazy one costs a proxy per call.
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def _invalid_slug(slug: str) -> bool:
    return _SLUG.match(slug) is None


# --- Comparing with the database ----------------------------------------------------------------

SCALAR_FIELDS = (
    "title",
    "slug",
    "kind",
    "start_date",
    "end_date",
    "date_precision",
    "place_name",
    "place_country_id",
    "latitude",
    "longitude",
    "host_country_id",
    "host_organization_id",
    "series_id",
    "parent_id",
    "lifecycle",
    "summary",
    "outcome",
    "is_published",
)


def _chunks(items: Iterable, size: int = 500) -> Iterator[list]:
    """Lists of up to `size` items; a generator is consumed one list at a time."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _existing_events(uids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """The stored fields of the events whose uid the file gives, keyed by uid.

    A plain SELECT finds which uids exist first: an import of new events then costs one cheap
    indexed query per chunk, and only the events really there are loaded through the ORM.
    """
    table, column = connection.ops.quote_name(Event._meta.db_table), connection.ops.quote_name("uid")
    present = []
    native_uuid = connection.features.has_native_uuid_field
    with _bulk_cursor() as cursor:
        for chunk in _chunks(uids, 900):
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",
                chunk if native_uuid else [uid.hex for uid in chunk],
            )
            present.extend(row[0] for row in cursor.fetchall())
    found = {}
    for chunk in _chunks(present):
        for values in Event.objects.filter(uid__in=chunk).values("id", "uid", *SCALAR_FIELDS):
            found[values["uid"]] = values
    return found


def _slug_owners(slugs: list[str]) -> dict[str, uuid.UUID]:
    """The uid of the stored event holding each of `slugs` that is taken (a plain SELECT, as above)."""
    quote = connection.ops.quote_name
    table = quote(Event._meta.db_table)
    owners = {}
    with _bulk_cursor() as cursor:
        for chunk in _chunks(slugs, 900):
            cursor.execute(
                f"SELECT {quote('slug')}, {quote('uid')} FROM {table} "
                f"WHERE {quote('slug')} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            for slug, uid in cursor.fetchall():
                owners[slug] = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    return owners


def _uids_of(ids: set[int]) -> dict[int, uuid.UUID]:
    found = {}
    for chunk in _chunks(sorted(ids)):
        found.update(Event.objects.filter(id__in=chunk).values_list("id", "uid"))
    return found


def _existing_related(event_ids: list[int]) -> dict[str, dict[int, Any]]:
    related: dict[str, dict[int, Any]] = {
        "topics": defaultdict(set),
        "party_countries": defaultdict(set),
        "party_organizations": defaultdict(set),
        "participants": defaultdict(dict),
        "citations": defaultdict(list),
    }
    for chunk in _chunks(event_ids):
        for event_id, topic_id in Event.topics.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "topic_id"
        ):
            related["topics"][event_id].add(topic_id)
        for event_id, code in Event.party_countries.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "country_id"
        ):
            related["party_countries"][event_id].add(code)
        for event_id, organization_id in Event.party_organizations.through.objects.filter(
            event_id__in=chunk
        ).values_list("event_id", "organization_id"):
            related["party_organizations"][event_id].add(organization_id)
        for values in Participation.objects.filter(event_id__in=chunk).values("id", *PARTICIPATION_COLUMNS):
            related["participants"][values["event_id"]][values["person_id"]] = values
        for values in Citation.objects.filter(event_id__in=chunk).values(
            "id", "event_id", "source_id", "locator", "excerpt"
        ):
            related["citations"][values["event_id"]].append(values)
    return related


def _plan_slugs(plans: list[PlannedEvent], existing: dict[uuid.UUID, dict], validator: RowValidator) -> None:
    """Check slugs are unique across the file and the database; derive missing ones from titles."""
    for plan in plans:
        if "slug" not in plan.fields:
            current = existing.get(plan.uid)
            plan.fields["slug"] = current["slug"] if current else (slugify(plan.title)[:180] or "event")
            plan.derived_slug = current is None
    by_slug: dict[str, list[PlannedEvent]] = defaultdict(list)
    for plan in plans:
        by_slug[plan.fields["slug"]].append(plan)
    taken = _slug_owners(list(by_slug))
    for slug, owners in by_slug.items():
        for index, plan in enumerate(owners):
            clash = (slug in taken and taken[slug] != plan.uid) or index > 0
            if not clash:
                continue
            if plan.derived_slug:
                plan.fields["slug"] = f"{slug}-{plan.uid.hex[:8]}"
            else:
                other = (
                    "another event in the database"
                    if slug in taken and taken[slug] != plan.uid
                    else "row " + str(owners[0].row)
                )
                validator.error(plan.row, "slug", f"'{slug}' is already used by {other}")


def _diff(plan: PlannedEvent, current: dict, related: dict, lookups: Lookups) -> None:
    """Record in plan.changes what the row would change on the existing event."""
    for name, value in plan.fields.items():
        if current.get(name) != value:
            plan.changes.append(name.removesuffix("_id"))
    if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in plan.fields:
        plan.changes.append("parent")  # the new parent is created by this import
    event_id = current["id"]
    for name in ("topics", "party_countries", "party_organizations"):
        wanted = getattr(plan, name)
        if wanted is not None and wanted != related[name].get(event_id, set()):
            plan.changes.append(name)
    if plan.participants is not None:
        existing = related["participants"].get(event_id, {})
        wanted = {item.person: item for item in plan.participants}
        if set(wanted) != set(existing) or any(
            any(existing[person][key] != value for key, value in item.stored().items())
            for person, item in wanted.items()
        ):
            plan.changes.append("participants")
    if plan.citations is not None:
        existing_citations = Counter(
            (item["source_id"], item["locator"], item["excerpt"]) for item in related["citations"].get(event_id, [])
        )
        wanted_citations = Counter(
            (lookups.sources.get(key), locator, excerpt) for key, locator, excerpt in plan.citations
        )
        if existing_citations != wanted_citations:
            plan.changes.append("citations")


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
    """A cursor like _bulk_cursor's, and the placeholder its driver takes: "?" for sqlite3, "%s"
    for psycopg.

    Django's SQLite cursor rewrites every %s to ? with a regular expression on each statement. An
    import's INSERTs carry tens of thousands of placeholders each, so at 100,000 rows the rewriting
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


# --- The import ---------------------------------------------------------------------------------


def import_events(
    source: str | Path | bytes | IO | list[dict],
    *,
    dry_run: bool = False,
    create_people: bool = False,
    user=None,
    file_format: str | None = None,
) -> ImportReport:
    """Validate every row of a CSV or JSON export, then create and update events in one transaction.

    With `dry_run`, nothing is written and the report says what would be created, updated or
    rejected. With any error, nothing is written either. `user` (or None for the command line) is
    recorded as the author of the changes; a user without the publish permission cannot publish.
    """
    with cyclic_gc_paused():
        return _import(source, dry_run=dry_run, create_people=create_people, user=user, file_format=file_format)


def _import(source, *, dry_run: bool, create_people: bool, user, file_format: str | None) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    rows, file_errors = stream_rows(source, file_format=file_format)
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
    _plan_parents(plans, existing, validator)
    related = _existing_related([values["id"] for values in existing.values()])
    for plan in plans:
        current = existing.get(plan.uid)
        if current is not None:
            plan.existing_id = current["id"]
            _diff(plan, current, related, lookups)
        elif validator.may_publish is False and plan.fields.get("is_published"):
            validator.error(plan.row, "is_published", "you may not publish events; import them as drafts")
        if current is not None and not validator.may_publish and "is_published" in plan.changes:
            validator.error(plan.row, "is_published", "you may not publish or unpublish events")

    report.errors.extend(validator.errors)
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


# Below this many new events rebuilding indexes costs more than it saves.
BULK_LOAD_MINIMUM = 1000


# The tables a first, all-new import fills; their non-unique indexes can be rebuilt once at the end.
def _bulk_loaded_tables() -> list[str]:
    models = [Event, Participation, EventCountry, Citation]
    tables = [model._meta.db_table for model in models]
    tables += [model.history.model._meta.db_table for model in (Event, Participation, Citation)]
    tables += [Event.topics.through._meta.db_table, Event.party_countries.through._meta.db_table]
    return tables


@contextmanager
def _indexes_rebuilt_after_a_bulk_load(plans: list[PlannedEvent]):
    """On SQLite, when the import only creates events and at least doubles their number (a first
    load, a restore), drop the written tables' non-unique indexes and build them again at the end.

    SQLite then sorts each index once instead of inserting into it row by row in random order,
    about a third of the write time. It happens inside the import's transaction, so a failure
    restores the indexes with everything else; unique indexes stay, since they check the rows as
    they go in. Never when an event is updated: updates look rows up by those indexes.
    """
    created = sum(plan.existing_id is None for plan in plans)
    if (
        connection.vendor != "sqlite"
        or created < len(plans)
        or created < BULK_LOAD_MINIMUM
        or created < Event.objects.count()
    ):
        yield
        return
    tables = _bulk_loaded_tables()
    with _bulk_cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
            tables,
        )
        indexes = [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with _bulk_cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)


@contextmanager
def _sqlite_page_cache(kibibytes: int = 65536):
    """On SQLite, a larger page cache for the duration of the write, then the previous size again.

    The default cache (2 MB) is far smaller than the indexes a large import touches, so SQLite
    would keep evicting and re-reading index pages inside the one transaction.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _bulk_cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with _bulk_cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _plan_parents(plans: list[PlannedEvent], existing: dict[uuid.UUID, dict], validator: RowValidator) -> None:
    """Parents must be in the file or the database, without cycles among the file's rows."""
    in_file = {plan.uid: plan for plan in plans}
    wanted = [plan.parent_uid for plan in plans if isinstance(plan.parent_uid, uuid.UUID)]
    known = {uid for uid in wanted if uid in in_file}
    missing = [uid for uid in wanted if uid not in in_file]
    parent_ids: dict[uuid.UUID, int] = {}
    for chunk in _chunks(missing):
        parent_ids.update(Event.objects.filter(uid__in=chunk).values_list("uid", "id"))
    for plan in plans:
        if (
            isinstance(plan.parent_uid, uuid.UUID)
            and plan.parent_uid not in known
            and plan.parent_uid not in parent_ids
        ):
            validator.error(plan.row, "parent", f"no event has the uid '{plan.parent_uid}'")
    for plan in plans:
        seen, cursor = {plan.uid}, plan.parent_uid
        while isinstance(cursor, uuid.UUID) and cursor in in_file:
            if cursor in seen:
                validator.error(plan.row, "parent", "the parents form a cycle")
                break
            seen.add(cursor)
            cursor = in_file[cursor].parent_uid
    # The parent as it will be stored, for the comparison with existing events.
    for plan in plans:
        if plan.parent_uid is False:
            continue
        if plan.parent_uid is None:
            plan.fields["parent_id"] = None
        elif plan.parent_uid in parent_ids:
            plan.fields["parent_id"] = parent_ids[plan.parent_uid]
        elif plan.parent_uid in existing:
            plan.fields["parent_id"] = existing[plan.parent_uid]["id"]
        # else: the parent is created by this import; its id is known only when writing.


def _write(plans: list[PlannedEvent], validator: RowValidator, lookups: Lookups, related: dict, *, user) -> None:
    now = timezone.now()
    history_user = user if getattr(user, "pk", None) else None
    people = dict(lookups.people_by_slug)
    if validator.new_people:
        created = Person.objects.bulk_create(
            [Person(slug=slug, name=name) for slug, name in validator.new_people.items()], batch_size=BATCH
        )
        people.update({person.slug: person.pk for person in created})
    if validator.new_sources:
        created = Source.objects.bulk_create(
            [
                Source(publisher=key[0], title=key[1], url=key[2], **{k: v for k, v in dates.items() if v})
                for key, dates in validator.new_sources.items()
            ],
            batch_size=BATCH,
        )
        lookups.sources.update({(s.publisher, s.title, s.url): s.pk for s in created})

    ids_by_uid = {plan.uid: plan.existing_id for plan in plans if plan.existing_id is not None}
    stamp = (connection.ops.adapt_datetimefield_value(now), getattr(history_user, "pk", None))
    # Create new events parents first, so that every new event's history row holds its parent.
    pending = [plan for plan in plans if plan.existing_id is None]
    while pending:
        ready = [
            plan
            for plan in pending
            if not isinstance(plan.parent_uid, uuid.UUID) or plan.parent_uid in ids_by_uid or "parent_id" in plan.fields
        ]
        _create_events(ready, ids_by_uid, stamp)
        ready_rows = {plan.row for plan in ready}
        pending = [plan for plan in pending if plan.row not in ready_rows]

    changed = [plan for plan in plans if plan.existing_id is not None and plan.changes]
    _update_events(changed, ids_by_uid, history_user, now)
    for plan in plans:
        plan.event_id = plan.event_id or plan.existing_id
    touched = [plan for plan in plans if plan.existing_id is None or plan.changes]
    _write_relations(touched, related, people, lookups, history_user, stamp)
    # New events' countries are known from their rows; changed events are recomputed from the database.
    created = [plan for plan in plans if plan.existing_id is None]
    _insert(
        EventCountry,
        ["event_id", "country_id", "start_date", "end_date"],
        (
            (plan.event_id, code, plan.fields["start_date"], plan.fields["end_date"])
            for plan in created
            for code in sorted(_involved_countries(plan))
        ),
    )
    refresh_countries([plan.event_id for plan in touched if plan.existing_id is not None])


def _involved_countries(plan: PlannedEvent) -> set[str]:
    """What tracker.domain.derived.involved_country_codes gives for a new event: host, parties, participants."""
    codes = set(plan.party_countries or ())
    if plan.fields.get("host_country_id"):
        codes.add(plan.fields["host_country_id"])
    codes.update(item.represented_country_id for item in plan.participants or () if item.represented_country_id)
    return codes


EVENT_COLUMNS = [field.attname for field in Event._meta.concrete_fields if not field.primary_key]


def _create_events(plans: list[PlannedEvent], ids_by_uid: dict, stamp) -> None:
    """Insert new events (and their history) in batches; record their ids in plans and ids_by_uid."""
    now, user_id = stamp
    defaults = {field.attname: field.get_default() for field in Event._meta.concrete_fields if not field.primary_key}
    defaults.update(created_at=now, updated_at=now, created_by_id=user_id, updated_by_id=user_id)
    native_uuid = connection.features.has_native_uuid_field
    event_row = itemgetter(*EVENT_COLUMNS)
    # One batch of rows at a time, so that the tuples of a large file never exist all at once.
    for chunk_plans in _chunks(plans, BATCH):
        chunk_rows = []
        for plan in chunk_plans:
            values = dict(defaults)
            values.update(plan.fields)
            if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in plan.fields:
                values["parent_id"] = ids_by_uid[plan.parent_uid]
            values["uid"] = plan.uid if native_uuid else plan.uid.hex
            values["duration_days"] = (values["end_date"] - values["start_date"]).days
            values["published_at"] = now if values["is_published"] else None
            chunk_rows.append(event_row(values))
        ids = _insert_with_history(Event, EVENT_COLUMNS, chunk_rows, stamp=stamp)
        for plan, pk in zip(chunk_plans, ids, strict=True):
            plan.event_id = pk
            ids_by_uid[plan.uid] = pk


def _update_events(changed: list[PlannedEvent], ids_by_uid: dict, history_user, now) -> None:
    if not changed:
        return
    events = {event.pk: event for event in Event.objects.filter(pk__in=[plan.existing_id for plan in changed])}
    fields_changed: set[str] = set()
    to_update = []
    for plan in changed:
        event = events[plan.existing_id]
        fields = dict(plan.fields)
        if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in fields:
            fields["parent_id"] = ids_by_uid[plan.parent_uid]
        scalar_changes = [name for name, value in fields.items() if getattr(event, name) != value]
        for name in scalar_changes:
            setattr(event, name, fields[name])
        if "is_published" in scalar_changes:
            event.published_at = (event.published_at or now) if event.is_published else None
            fields_changed.add("published_at")
        event.duration_days = (event.end_date - event.start_date).days
        event.updated_by = history_user
        event._change_reason = CHANGE_REASON
        fields_changed.update(scalar_changes)
        to_update.append(event)
    fields_changed.update({"duration_days", "updated_by", "updated_at"})
    for event in to_update:
        event.updated_at = now
    for chunk in _chunks(to_update, BATCH):
        Event.objects.bulk_update(chunk, sorted(fields_changed))
        Event.history.bulk_history_create(
            chunk, update=True, default_user=history_user, default_change_reason=CHANGE_REASON
        )


def _write_relations(
    plans: list[PlannedEvent], related: dict, people: dict[str, int], lookups: Lookups, history_user, stamp
) -> None:
    """Bring topics, parties, participations and citations of the touched events in line with the rows."""
    through = {
        "topics": (Event.topics.through, "topic_id"),
        "party_countries": (Event.party_countries.through, "country_id"),
        "party_organizations": (Event.party_organizations.through, "organization_id"),
    }
    for name, (model, column) in through.items():
        adds, removals = [], Q()
        for plan in plans:
            wanted = getattr(plan, name)
            if wanted is None:
                continue
            if not plan.existing_id:
                adds.extend([(plan.event_id, value) for value in sorted(wanted)])
                continue
            current = related[name].get(plan.event_id, set())
            adds.extend((plan.event_id, value) for value in sorted(wanted - current))
            gone = current - wanted
            if gone:
                removals |= Q(event_id=plan.event_id, **{f"{column}__in": gone})
        if removals:
            model.objects.filter(removals).delete()
        _insert(model, ["event_id", column], adds)

    new_participations, changed_participations, removed = [], [], []
    new_citations, removed_citations = [], []
    for plan in plans:
        if plan.participants is not None:
            current = related["participants"].get(plan.event_id, {}) if plan.existing_id else {}
            wanted = {}
            for item in plan.participants:
                person_id = item.person if isinstance(item.person, int) else people[item.person]
                wanted[person_id] = item
            for person_id, item in wanted.items():
                if person_id not in current:
                    new_participations.append((plan.event_id, person_id, *item[1:]))
                    continue
                values = item.stored()
                if any(current[person_id][key] != value for key, value in values.items()):
                    changed_participations.append(
                        Participation(
                            id=current[person_id]["id"], event_id=plan.event_id, person_id=person_id, **values
                        )
                    )
            if current:
                removed.extend(values["id"] for person_id, values in current.items() if person_id not in wanted)
        if plan.citations is not None:
            current_citations = list(related["citations"].get(plan.event_id, [])) if plan.existing_id else []
            for key, locator, excerpt in plan.citations:
                source_id = lookups.sources[key]
                if not current_citations:  # a new event, or every current citation matched already
                    new_citations.append((plan.event_id, source_id, None, locator, excerpt))
                    continue
                match = next(
                    (
                        c
                        for c in current_citations
                        if (c["source_id"], c["locator"], c["excerpt"]) == (source_id, locator, excerpt)
                    ),
                    None,
                )
                if match is not None:
                    current_citations.remove(match)
                else:
                    new_citations.append((plan.event_id, source_id, None, locator, excerpt))
            removed_citations.extend(c["id"] for c in current_citations)
    # Deletions go through the ORM one by one so that their history ("-") is recorded; an import
    # deletes only what a changed row dropped, which is rare.
    for participation in Participation.objects.filter(id__in=removed):
        participation._change_reason = CHANGE_REASON
        participation.delete()
    for citation in Citation.objects.filter(id__in=removed_citations):
        citation._change_reason = CHANGE_REASON
        citation.delete()
    _insert_with_history(Participation, PARTICIPATION_COLUMNS, new_participations, stamp=stamp)
    for chunk in _chunks(changed_participations, BATCH):
        Participation.objects.bulk_update(
            chunk, ["role", "position_id", "represented_country_id", "represented_organization_id"]
        )
        Participation.history.bulk_history_create(
            chunk, update=True, default_user=history_user, default_change_reason=CHANGE_REASON
        )
    _insert_with_history(Citation, CITATION_COLUMNS, new_citations, stamp=stamp)


PARTICIPATION_COLUMNS = [
    "event_id",
    "person_id",
    "role",
    "position_id",
    "represented_country_id",
    "represented_organization_id",
]
CITATION_COLUMNS = ["event_id", "source_id", "statement_id", "locator", "excerpt"]


def refresh_countries(event_ids: list[int]) -> None:
    """Rebuild EventCountry for many events in a few queries per batch.

    The same rows as tracker.domain.derived.refresh_event_countries (host, party countries, countries the
    participants represented), which costs several queries per event; bulk imports skip the signals
    that would call it.
    """
    for chunk in _chunks(sorted(set(event_ids))):
        wanted: dict[int, set[str]] = defaultdict(set)
        periods = {}
        for event_id, host, start, end in Event.objects.filter(id__in=chunk).values_list(
            "id", "host_country_id", "start_date", "end_date"
        ):
            periods[event_id] = (start, end)
            if host:
                wanted[event_id].add(host)
        for event_id, code in Participation.objects.filter(
            event_id__in=chunk, represented_country__isnull=False
        ).values_list("event_id", "represented_country_id"):
            wanted[event_id].add(code)
        for event_id, code in Event.party_countries.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "country_id"
        ):
            wanted[event_id].add(code)
        EventCountry.objects.filter(event_id__in=chunk).delete()
        _insert(
            EventCountry,
            ["event_id", "country_id", "start_date", "end_date"],
            [
                (event_id, code, *periods[event_id])
                for event_id in chunk
                if event_id in periods
                for code in sorted(wanted.get(event_id, ()))
            ],
        )
