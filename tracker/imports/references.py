"""The reference data rows name (countries, organisations, topics, series, offices, people and
their positions, sources), fetched once into dicts, and "did you mean" suggestions for unknown ones."""

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from tracker.domain.identities import fold_name, loose_name_key
from tracker.domain.offices import Tenure, as_tenure, choose_tenure
from tracker.models import Country, Office, Organization, Person, PersonAlias, Position, Series, Source, Topic


def _suggest(value: str, choices: dict[str, str], *, limit: int = 3, by_key: bool = True) -> str:
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
    if by_key:
        keys = {key.lower(): key for key in choices}
        for key in difflib.get_close_matches(typed, list(keys), n=limit, cutoff=0.6):
            found.append(keys[key])
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
        self.office_holder = {
            office_id: (country, organization)
            for office_id, country, organization in Office.objects.values_list("id", "country_id", "organization_id")
        }
        self.people_by_slug: dict[str, int] = {}
        self.people_slugs: dict[int, str] = {}
        # Folded name or alias → the people known by it (tracker.domain.identities.fold_name).
        self.people_by_key: dict[str, set[int]] = defaultdict(set)
        # The same with hyphens read as spaces (loose_name_key), asked only when the folded name finds no one.
        self.people_by_loose_key: dict[str, set[int]] = defaultdict(set)
        self.people_names: dict[str, str] = {}
        for person_id, slug, name in Person.objects.values_list("id", "slug", "name"):
            self.people_by_slug[slug] = person_id
            self.people_slugs[person_id] = slug
            self.people_by_key[fold_name(name)].add(person_id)
            self.people_by_loose_key[loose_name_key(name)].add(person_id)
            self.people_names[slug] = name
        for person_id, key, alias in PersonAlias.objects.values_list("person_id", "key", "name"):
            self.people_by_key[key].add(person_id)
            self.people_by_loose_key[loose_name_key(alias)].add(person_id)
        # Each person's positions as tracker.domain.offices reads them, to match event dates to offices.
        self.positions: dict[int, list[Tenure]] = defaultdict(list)
        for person_id, *position in Position.objects.values_list(
            "person_id", "id", "office_id", "start_date", "end_date", "office__kind"
        ):
            self.positions[person_id].append(as_tenure(*position))
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

    def position_on(
        self, person_id: int, first: date, last: date, office_id: int | None = None
    ) -> tuple[int, int] | None:
        """(position, office) held during [first, last] (in `office_id` if given), by the rule every
        path shares (tracker.domain.offices.choose_tenure); `matching_period` gives the period."""
        candidates = self.positions.get(person_id, ())
        if office_id is not None:
            candidates = [tenure for tenure in candidates if tenure.office_id == office_id]
        chosen = choose_tenure(candidates, first, last)
        return (chosen.position_id, chosen.office_id) if chosen else None
