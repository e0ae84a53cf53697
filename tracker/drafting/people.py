"""People and the offices they held, as an article names them, matched to the Person table.

A person is found by a full name (or another name of theirs, `person_names`), by one part of it once
the text has introduced them ("Lee" after "Lee Jae Myung") or right after an office title
("Prime Minister Takaichi"), and by a description of an office ("the Japanese prime minister",
"Japan's prime minister"), which names whoever held it on the day. A title followed by a name that
is nobody in the table ("Argentine President Ana Ruiz") proposes a new person, with the office and
the country the text gives.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.domain.offices import as_tenure, choose_tenure
from tracker.drafting.spans import Span, Taken, span_of
from tracker.drafting.words import COUNTRY_NAMES, DEMONYMS, OFFICE_KINDS, OFFICE_TITLES
from tracker.models import Country, Person


def person_names(person: Person) -> list[str]:
    """Every name a text may give this person in full: the name, the native name and each recorded
    alias (tracker.models.PersonAlias), prefetched by the caller."""
    names = [person.name, person.native_name, *(alias.name for alias in person.aliases.all())]
    return list(dict.fromkeys(name for name in names if name))


@dataclass(frozen=True)
class Tenure:
    position_id: int
    office_id: int
    office_slug: str
    title: str
    kind: str
    country: str | None
    start: date
    end: date | None


@dataclass
class KnownPerson:
    pk: int
    slug: str
    name: str
    names: list[str]
    tenures: list[Tenure] = field(default_factory=list)

    def tenure_on(self, first: date, last: date) -> Tenure | None:
        """The office held during [first, last], by the one rule (tracker.domain.offices.choose_tenure)."""
        chosen = choose_tenure(
            (as_tenure(t.position_id, t.office_id, t.start, t.end, t.kind) for t in self.tenures), first, last
        )
        return next((t for t in self.tenures if chosen and t.position_id == chosen.position_id), None)


@dataclass(frozen=True)
class PersonMention:
    span: Span
    key: str  # a known person's slug, or "new:" and the name
    name: str
    person: KnownPerson | None
    title: str = ""  # the office said with the name: "Prime Minister"
    country: str | None = None  # the country said with the name: "Japanese" → JP
    how: str = "full name"


def directory() -> list[KnownPerson]:
    """Everyone in the table with their positions and offices (two queries)."""
    people = []
    for person in Person.objects.prefetch_related("positions__office", "aliases"):
        known = KnownPerson(person.pk, person.slug, person.name, person_names(person))
        for position in person.positions.all():
            office = position.office
            known.tenures.append(
                Tenure(
                    position.pk,
                    office.pk,
                    office.slug,
                    office.title,
                    office.kind,
                    office.country_id,
                    position.start_date,
                    position.end_date,
                )
            )
        people.append(known)
    return people


def country_words() -> dict[str, str]:
    """Every word for a country: its names in the table, then the demonyms and short names news uses."""
    words = {name: code for code, name in Country.objects.filter(is_former=False).values_list("code", "name")}
    words.update(DEMONYMS)
    words.update(COUNTRY_NAMES)
    return words


def _name_pattern(name: str) -> re.Pattern:
    parts = [re.escape(part) for part in re.split(r"[\s\-‐]+", name.strip()) if part]
    return re.compile(r"(?<![\w-])" + r"[\s\-‐]+".join(parts) + r"(?![\w-])")


_TITLES = "|".join(re.escape(title) for title in OFFICE_TITLES)
_NAME_WORD = r"[A-Z][a-zà-ÿ’'\-]+(?:-[A-Za-z]+)?"
_LOWER_TITLES = "|".join(re.escape(title.lower()) for title in OFFICE_TITLES)


def country_mentions(words: dict[str, str]) -> re.Pattern:
    """One pattern for every word of a country (one compiled pattern, not hundreds)."""
    return re.compile(rf"(?<![\w-])(?:{_country_alternation(words)})(?![\w-])")


def _country_alternation(words: dict[str, str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _short_forms(known: KnownPerson) -> set[str]:
    """The parts of a name a text uses alone: the first and last word ("Lee", "Takaichi", "Xi")."""
    forms = set()
    for name in known.names:
        parts = [part for part in re.split(r"\s+", name.strip()) if part]
        if len(parts) > 1:
            forms.update(part for part in (parts[0], parts[-1]) if len(part) >= 2 and part[0].isupper())
    return forms


def find_people(text: str, people: list[KnownPerson], countries: dict[str, str], day: date) -> list[PersonMention]:
    """Every mention of a person, left to right; overlapping readings keep the first found."""
    mentions: list[PersonMention] = []

    taken = Taken()

    def free(start: int, end: int) -> bool:
        return taken.free(start, end)

    def claim(mention: PersonMention) -> None:
        taken.add(mention.span.start, mention.span.end)
        mentions.append(mention)

    country_alt = _country_alternation(countries)

    def context(start: int) -> tuple[str, str | None]:
        return said_before(text, start, countries)

    introduced: dict[str, int] = {}
    for known in people:
        if not any(name.split()[-1] in text for name in known.names if name.split()):
            continue
        for name in known.names:
            for match in _name_pattern(name).finditer(text):
                if free(*match.span()):
                    title, country = context(match.start())
                    claim(PersonMention(span_of(text, *match.span()), known.slug, known.name, known, title, country))
                    introduced.setdefault(known.slug, match.start())
    # "Prime Minister Takaichi", and "Lee" once "Lee Jae Myung" has been named.
    by_form: dict[str, list[KnownPerson]] = {}
    for known in people:
        for form in _short_forms(known):
            by_form.setdefault(form, []).append(known)
    for form, owners in by_form.items():
        if form not in text:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if not free(*match.span()):
                continue
            title, country = context(match.start())
            choices = [k for k in owners if k.slug in introduced and introduced[k.slug] < match.start()]
            how = "named before"
            if not choices and title:
                choices = [k for k in owners if any(t.title.lower() == title.lower() for t in k.tenures)]
                how = "title and name"
            if len(choices) == 1:
                known = choices[0]
                claim(PersonMention(span_of(text, *match.span()), known.slug, known.name, known, title, country, how))
    _offices_described(text, people, countries, country_alt, day, claim, free)
    _new_people(text, countries, country_alt, claim, free)
    mentions.sort(key=lambda mention: mention.span.start)
    return mentions


def said_before(text: str, start: int, countries: dict[str, str]) -> tuple[str, str | None]:
    """The office title and the country said right before a name: "Japanese Prime Minister " → (Prime
    Minister, JP), "Japan's " → ("", JP). Read word by word, not with a pattern over every country."""
    window = text[max(0, start - 60) : start]
    head = window.rstrip()
    if not head or len(head) == len(window):
        return "", None
    title = next((t for t in OFFICE_TITLES if head.endswith(t) and not head[: -len(t)][-1:].isalnum()), "")
    words = head[: len(head) - len(title)].split()
    for size in (3, 2, 1):
        if len(words) >= size:
            phrase = re.sub(r"(?:’s|'s)$", "", " ".join(words[-size:]))
            if phrase in countries:
                return title, countries[phrase]
    return title, None


def holder_of(people: list[KnownPerson], title: str, country: str, day: date) -> KnownPerson | None:
    """Who held the office `title` of `country` on `day`, when exactly one person did."""
    holders = [
        known
        for known in people
        if any(
            t.title.lower() == title.lower()
            and t.country == country
            and t.start <= day
            and (t.end is None or day <= t.end)
            for t in known.tenures
        )
    ]
    return holders[0] if len(holders) == 1 else None


def _offices_described(text, people, countries, country_alt, day, claim, free) -> None:
    """ "the Japanese prime minister", "Japan's prime minister", "Argentine President" with no name after."""
    pattern = re.compile(
        rf"(?P<country>{country_alt})(?:’s|'s)?\s+(?P<title>{_TITLES}|{_LOWER_TITLES})\b(?!\s+{_NAME_WORD})"
    )
    for match in pattern.finditer(text):
        if not free(*match.span()):
            continue
        country = countries.get(match.group("country"))
        title = match.group("title")
        known = holder_of(people, title, country, day) if country else None
        if known is not None:
            claim(
                PersonMention(
                    span_of(text, *match.span()), known.slug, known.name, known, title, country, "office described"
                )
            )


def _new_people(text, countries, country_alt, claim, free) -> None:
    """A title, then a name nobody in the table has: a person to propose."""
    pattern = re.compile(
        rf"(?:(?P<country>{country_alt})(?:’s|'s)?\s+)?(?P<title>{_TITLES})\s+"
        rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|van|von|bin|al-\w+)){{1,3}})"
    )
    stop = {word.lower() for word in countries} | {"the", "of", "and", "on", "in"}
    new_names: dict[str, tuple[str, str | None]] = {}
    for match in pattern.finditer(text):
        name_start = match.start("name")
        words = match.group("name").split()
        while words and (words[-1].lower() in stop or words[-1].lower().rstrip("’s'") in stop):
            words.pop()
        if len(words) < 2 or any(word.lower() in stop for word in words):
            continue
        name = " ".join(words)
        name_end = name_start + len(name)
        if text[name_start:name_end] != name or not free(name_start, name_end):
            continue
        country = countries.get(match.group("country") or "")
        title = match.group("title")
        new_names.setdefault(name, (title, country))
        known_title, known_country = new_names[name]
        claim(
            PersonMention(
                span_of(text, name_start, name_end), f"new:{name}", name, None, known_title, known_country, "new"
            )
        )
    for name, (title, country) in new_names.items():
        # Either end of the name may be the family name ("Zhou" of Zhou Ming, "Tremblay" of Marie Tremblay).
        first = text.find(name)
        for form in {name.split()[0], name.split()[-1]}:
            for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                if match.start() > first and free(*match.span()):
                    claim(
                        PersonMention(
                            span_of(text, *match.span()), f"new:{name}", name, None, title, country, "named before"
                        )
                    )


def office_kind(title: str) -> str:
    """The Office.Kind a title proposes for a new office ("Foreign Minister" → minister)."""
    if title in OFFICE_KINDS:
        return OFFICE_KINDS[title]
    return "minister" if "Minister" in title or "Secretary" in title else "official"
