"""What rows of reference data and statements name: countries, organisations, offices, people,
events and sources, fetched once per kind's section (after the kinds before it were written)."""

import uuid

from tracker.exports.schema import CITATION_FIELDS
from tracker.imports.people import PersonMatcher
from tracker.imports.references import Lookups, _suggest
from tracker.imports.sql import CHANGE_REASON
from tracker.imports.validate_cells import _is_url, _parse_day
from tracker.models import Event, Office, Organization, Source

_COUNTRY_HINT = "an editor can add a missing country under Countries in the admin, or a countries file can bring it"


class Refs:
    def __init__(self) -> None:
        self.lookups = Lookups()
        self.people = PersonMatcher(self.lookups, create_people=False)
        self.slugs = {
            "organizations": dict(Organization.objects.values_list("slug", "id")),
            "offices": dict(Office.objects.values_list("slug", "id")),
        }
        self.sources: dict[tuple, int] = dict(self.lookups.sources)
        self.new_sources: dict[tuple, dict] = {}
        self._events: dict[uuid.UUID, int] | None = None

    def country(self, cells, name: str) -> str | None:
        value = cells.raw(name).upper()
        if not value:
            return None
        if value not in self.lookups.countries:
            suggestion = _suggest(value, self.lookups.countries, by_key=False)
            cells.error(name, f"'{value}' is not a known country code{suggestion}; {_COUNTRY_HINT}")
            return None
        return value

    def slug_of(self, cells, name: str, kind: str, *, required: bool = False) -> int | None:
        value = cells.raw(name)
        if not value:
            if required:
                cells.error(name, f"is required (the slug of one of the {kind})")
            return None
        found = self.slugs[kind].get(value)
        if found is None:
            suggestion = _suggest(value, {slug: slug for slug in self.slugs[kind]})
            cells.error(
                name,
                f"'{value}' is not a known {kind.removesuffix('s').replace('organization', 'organisation')} slug"
                f"{suggestion}; add it to the {kind} first",
            )
        return found

    def person(self, cells, name: str, *, required: bool = True) -> int | None:
        value = cells.raw(name)
        if not value:
            if required:
                cells.error(name, "is required (a person's slug or name)")
            return None
        found, _, problem = self.people.find(value, None)
        if problem:
            cells.error(
                name, problem.replace("(import with --create-people to add them)", "(add them to the people first)")
            )
            return None
        return found

    def event(self, cells, name: str) -> int | None:
        uid = cells.uid(name)
        if uid is None:
            return None
        if self._events is None:
            self._events = dict(Event.objects.values_list("uid", "id"))
        found = self._events.get(uid)
        if found is None:
            cells.error(name, f"no event has the uid '{uid}'; import the events first (a dataset does it in order)")
        return found

    def citations(self, cells, items: list) -> list[tuple]:
        planned = []
        for item in items:
            if not isinstance(item, dict):
                cells.error("citations", f"{item!r} is not a citation")
                continue
            item = {name: str(item.get(name) or "").strip() for name in CITATION_FIELDS}
            if not item["publisher"]:
                cells.error("citations", "a citation needs a publisher")
                continue
            if item["url"] and not _is_url(item["url"]):
                cells.error("citations", f"'{item['url']}' is not a URL")
            key = (item["publisher"], item["title"], item["url"])
            if key not in self.sources and key not in self.new_sources:
                dates = {}
                for date_name in ("published_on", "accessed_on"):
                    if item[date_name]:
                        period, problem = _parse_day(item[date_name])
                        if problem:
                            cells.error("citations", f"{date_name}: {problem}")
                        dates[date_name] = period[0] if period else None
                self.new_sources[key] = dates
            planned.append((key, item["locator"], item["excerpt"]))
        return planned

    def write_new_sources(self, user) -> None:
        """Create the sources the rows' citations name that do not exist yet, with history."""
        for (publisher, title, url), dates in self.new_sources.items():
            source = Source(publisher=publisher, title=title, url=url, **{k: v for k, v in dates.items() if v})
            source._change_reason = CHANGE_REASON
            if getattr(user, "pk", None):
                source._history_user = user
            source.save()
            self.sources[(publisher, title, url)] = source.pk
        self.new_sources.clear()
