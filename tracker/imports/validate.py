"""Validating one nested row into a PlannedEvent: every cell checked, every problem a RowError.

Codes, slugs, people, URLs and date cells are resolved once per distinct value and remembered.
"""

import difflib
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.domain.dates import edtf_period
from tracker.domain.offices import matching_period
from tracker.domain.text import normalised_cells
from tracker.imports.people import PersonMatcher
from tracker.imports.planned import PlannedEvent, PlannedParticipant
from tracker.imports.read import RowError
from tracker.imports.references import Lookups, _suggest
from tracker.imports.validate_cells import (
    _frozen,
    _invalid_slug,
    _is_text,
    _is_url,
    _one_day,
    _period_of,
    _wikidata_qid,
)
from tracker.models import Event, Participation

# Common names for codes that ISO 3166-1 spells differently.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}
# Choice values as sets: TextChoices.values rebuilds a list on every access.
KINDS = frozenset(Event.Kind.values)
LIFECYCLES = frozenset(Event.Lifecycle.values)
ROLES = frozenset(Participation.Role.values)


# Cells whose text keeps its line breaks; every other text is one line (tracker.domain.text).
MULTILINE_CELLS = frozenset({"summary", "outcome", "excerpt", "quote"})


# Cells that hold several items: a list in JSON (the CSV reader splits its cells into lists).
LISTED_CELLS = frozenset({"topics", "party_organizations", "party_countries", "countries", "participants", "citations"})


class RowValidator:
    """Turns one nested row into a PlannedEvent, collecting every error on the way."""

    def __init__(self, lookups: Lookups, *, create_people: bool, user) -> None:
        self.lookups = lookups
        self.create_people = create_people
        self.new_sources: dict[tuple, dict] = {}
        self.errors: list[RowError] = []
        self.warnings: list[str] = []
        self.people = PersonMatcher(lookups, create_people=create_people, warnings=self.warnings)
        # What a code, slug, person or URL resolves to (and the error it gives), found once per
        # distinct value: a large file names the same few hundred of them on every row.
        self._resolved: dict[tuple, tuple] = {}
        self._source_keys: dict[tuple, tuple] = {}

    @property
    def new_people(self) -> dict[str, str]:
        """slug → name of each person the import creates."""
        return self.people.new_people

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
        # Codes that differ by a letter name unrelated countries (XK is not AD or AO): suggest by name only.
        suggestion = _suggest(str(value).strip(), self.lookups.countries, by_key=False, limit=5)
        return None, (
            f"'{value}' is not a known ISO 3166-1 alpha-2 country code{suggestion} (former states keep their "
            "ISO 3166-3 code: SU, YU, DD, CS, AN; XK is Kosovo, XS Serbia and Montenegro; an editor can add a "
            "missing country under Countries in the admin)"
        )

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

    def one_day(self, number: int, column: str, field_name: str, value: str) -> date | None:
        """A date kept to the day (a source's published or accessed date), read as the admin reads
        it: "Jan 2026" is a row error, not silently 1 Jan 2026."""
        text = str(value).strip()
        day, problem = self._resolve("one day", text, lambda: _one_day(text))
        if problem:
            self.error(number, column, f"{field_name}: {problem}")
        return day

    def dates(self, number: int, row: dict) -> tuple[date, date, str, str] | None:
        """start/end/precision/qualifier from start_date (+ end_date, date_precision) or from edtf alone.

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

    def _find_participant(self, slug, name, role, country, organization) -> tuple:
        """(person, is new, role, country, organisation, problems) of one participant's cells."""
        person, is_new, person_problem = self.people.find(slug, name)
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

    def participants(self, number: int, items: list, start: date, precision: str) -> list[PlannedParticipant]:
        planned, seen = [], set()
        first, last = matching_period(start, precision)
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
                    position = self.lookups.position_on(person, first, last, office_id)
                    if position is None:
                        self.error(
                            number,
                            "participants",
                            f"'{item.get('person')}' held no position as '{office_slug}' "
                            f"{'on' if first == last else 'during'} {edtf_period(first, last, precision)}",
                        )
            elif not is_new:
                # As the admin does on save: default the office held at the event's date.
                position = self.lookups.position_on(person, first, last)
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
                        dates[name] = self.one_day(number, "citations", name, str(value))
                self.new_sources[key] = dates
            planned.append((key, locator, item.get("excerpt") or ""))
        return planned

    # The row --------------------------------------------------------------------------------

    def validate(self, number: int, row: dict, present: set[str]) -> PlannedEvent | None:
        before = len(self.errors)
        # Rows go to the database in bulk, past the model's own normalising: text hygiene here.
        row = normalised_cells(row, multiline=MULTILINE_CELLS)
        for name in LISTED_CELLS.intersection(row):
            if row[name] is not None and not isinstance(row[name], list):
                self.error(number, name, f"{row[name]!r} is not a list (in JSON, write [] around the items)")
                row[name] = []
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
            fields["start_date"], fields["end_date"], fields["date_precision"], fields["date_qualifier"] = period
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
        if "wikidata_qid" in present:
            fields["wikidata_qid"], problem = _wikidata_qid(row.get("wikidata_qid"))
            if problem:
                self.error(number, "wikidata_qid", problem)
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
            planned.participants = self.participants(number, row["participants"], period[0], period[2])
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
