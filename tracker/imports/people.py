"""Finding the person a row names, and planning the people an import may create.

A cell names a person by slug (exact) or by name. A name matches a person whose name or one of
whose aliases folds to the same key (tracker.domain.identities.fold_name: case, accents and the
look of dashes and apostrophes aside), first as typed, then without the titles typed before it
("President …"). Only when that finds no one are hyphens read as spaces (loose_name_key: "Kim Dae
Jung" finds "Kim Dae-jung"), and such a match comes with a warning that names the person and
suggests the alias that would make it certain. It never matches by slug made from the name: a slug
drops too much ("O'Neil" and "Oneil" are two people). A name that matches two people is a row
error listing both.

With `create_people`, a name that matches no one becomes a new person: the name without its
titles, a readable Latin slug (tracker.domain.slugs, which transliterates other scripts) that no
other person has, and one new person per loose key across the whole file, so a file that writes
"Kim Dae-jung" on one row and "Kim Dae Jung" on another creates one person (with a warning), and
importing the file again finds that person instead of creating another.
"""

from tracker.domain.identities import fold_name, loose_name_key, strip_titles
from tracker.domain.slugs import next_free, slugify
from tracker.imports.references import Lookups, _suggest
from tracker.imports.validate_cells import _invalid_slug

SLUG_LENGTH = 100  # Person.slug
NAME_LENGTH = 200  # Person.name
CREATE_HINT = "(import with --create-people to add them)"


class PersonMatcher:
    """Resolves (slug, name) cells to a person's id, or to the slug of a person the import creates."""

    def __init__(self, lookups: Lookups, *, create_people: bool, warnings: list[str] | None = None) -> None:
        self.lookups = lookups
        self.create_people = create_people
        self.warnings = [] if warnings is None else warnings
        self.new_people: dict[str, str] = {}  # slug → name of each person the import creates
        self._new_by_key: dict[str, str] = {}  # folded name → slug of a person the import creates

    def find(self, slug: str | None, name: str | None) -> tuple[int | str | None, bool, str | None]:
        """(person id or new slug, whether new, the problem if any) for one participant's cells."""
        slug = str(slug or "").strip()
        name = str(name or "").strip()
        lookups = self.lookups
        if slug in lookups.people_by_slug:
            return lookups.people_by_slug[slug], False, None
        if slug in self.new_people:
            return slug, True, None
        typed, label = name or slug, slug or name
        if not typed:
            return None, False, "a participant needs a person's slug or name"
        candidates = self.candidates(typed)
        loosely = not candidates
        if loosely:
            candidates = self.loose_candidates(typed)
        if len(candidates) == 1:
            if loosely:
                person = self._named(candidates[0])
                self._warn_once(
                    f"'{typed}' is read as {person}, whose name differs only in hyphens and spaces; if they are "
                    f"one person, add '{strip_titles(typed)}' as an alias of {lookups.people_slugs[candidates[0]]} "
                    "to make the match certain, else give the other person's slug"
                )
            return candidates[0], False, None
        if candidates:
            listed = ", ".join(self._named(pk) for pk in candidates)
            return None, False, f"'{label}' could be any of {listed}; give the person's slug"
        if not self.create_people:
            suggestion = _suggest(label, lookups.people_names)
            return None, False, f"'{label}' is not a known person{suggestion} {CREATE_HINT}"
        return self._plan_new(slug, name)

    def candidates(self, typed: str) -> list[int]:
        """The ids of the people whose name or alias is `typed` (folded), else `typed` without titles."""
        return _known_by(self.lookups.people_by_key, fold_name, typed)

    def loose_candidates(self, typed: str) -> list[int]:
        """As `candidates`, with hyphens read as spaces: asked only when `candidates` finds no one."""
        return _known_by(self.lookups.people_by_loose_key, loose_name_key, typed)

    def _named(self, person_id: int) -> str:
        slug = self.lookups.people_slugs[person_id]
        return f"{slug} ({self.lookups.people_names[slug]})"

    def _warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _plan_new(self, slug: str, name: str) -> tuple[str | None, bool, str | None]:
        clean = strip_titles(name) if name else slug.replace("-", " ").replace("_", " ").title()
        if len(clean) > NAME_LENGTH:
            return None, False, f"a name is at most {NAME_LENGTH} characters; '{clean[:40]}…' is {len(clean)}"
        key = loose_name_key(clean)
        if not slug and key in self._new_by_key:
            created = self._new_by_key[key]
            if fold_name(clean) != fold_name(self.new_people[created]):
                self._warn_once(
                    f"'{clean}' is read as {created} ({self.new_people[created]}), created by this import, as the "
                    f"names differ only in hyphens and spaces; give a slug of its own to make '{clean}' another person"
                )
            return created, True, None
        if slug:
            if _invalid_slug(slug) or len(slug) > SLUG_LENGTH:
                return (
                    None,
                    False,
                    (
                        f"'{slug}' is not a person's slug (letters, digits, - and _; at most {SLUG_LENGTH}); "
                        "leave it blank to make one from the name"
                    ),
                )
            new_slug = slug
        else:
            derived = slugify(clean, max_length=SLUG_LENGTH)
            if not derived:
                return None, False, f"'{name}' has no letters or digits to make a slug of; give the person's slug"
            taken = _Taken(self.lookups.people_by_slug, self.new_people)
            new_slug = next_free(derived, taken, max_length=SLUG_LENGTH)
            if new_slug != derived:
                other = self.new_people.get(derived) or self.lookups.people_names.get(derived)
                self.warnings.append(
                    f"'{clean}' is created as {new_slug}, a person apart from {derived} ({other}); if they are "
                    f"one person, add '{clean}' as an alias of {derived} and import again"
                )
        self.new_people[new_slug] = clean
        self._new_by_key.setdefault(key, new_slug)
        return new_slug, True, None


def _known_by(people_by_key: dict[str, set[int]], key_of, typed: str) -> list[int]:
    """The people under `typed`'s key, else under the key of `typed` without its titles."""
    found = people_by_key.get(key_of(typed)) or people_by_key.get(key_of(strip_titles(typed)))
    return sorted(found or ())


class _Taken:
    """The slugs stored and the slugs this import gives, as one container for next_free."""

    def __init__(self, *containers) -> None:
        self.containers = containers

    def __contains__(self, slug: object) -> bool:
        return any(slug in container for container in self.containers)
