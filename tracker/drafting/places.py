"""Where an event was held, as the text says it ("in Nara, Japan", "a visit to Hanoi"), looked up in
the offline gazetteer (tracker.domain.places). A dateline ("SEOUL, Jan 12 (Reuters) -") says where
the report was filed, not where the event was: it is never taken as the place on its own.
"""

import re
from dataclasses import dataclass

from tracker.domain.places import find_places
from tracker.drafting.spans import Span, span_of

# "SEOUL, Jan 12 (Reuters) -", "TOKYO —", "Buenos Aires, 3 March (AFP) –": a city in capitals, or a
# city then a date, opening a paragraph.
DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'’-]{2,30}?|[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+)?)"
    r"(?:,\s*[A-Z][A-Za-z .]{1,20})?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?(?:\s*\([^)]{2,40}\))?\s*[—–-]{1,2}\s",
    re.M,
)
_PLACE = re.compile(
    r"\b(?:in|at|to|into|visit(?:ing|ed|s)?)\s+(?:the\s+)?(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2})"
    r"(?:,\s+(?P<country>[A-Z][\w ]{2,30}?)(?=[,.;:\s]))?"
)
_NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "President", "Prime", "Minister", "Parliament", "Congress", "The", "An", "A", "His", "Her", "Their", "This",
}  # fmt: skip


@dataclass(frozen=True)
class PlaceMention:
    span: Span
    name: str
    country: str
    latitude: float | None
    longitude: float | None
    is_country: bool = False


@dataclass(frozen=True)
class Dateline:
    span: Span  # the city
    whole: Span  # the whole dateline, its date and credit included
    city: str


def dateline(text: str, body_start: int) -> Dateline | None:
    match = DATELINE.match(text, body_start) or DATELINE.search(text[: body_start + 400])
    if not match:
        return None
    city = match.group("city").strip().title()
    return Dateline(span_of(text, match.start("city"), match.end("city")), span_of(text, *match.span()), city)


def find_places_in(
    text: str, start: int, end: int, countries: dict[str, str], mentioned: set[str]
) -> list[PlaceMention]:
    """Cities and countries named as where something is, within text[start:end], left to right."""
    found = []
    for match in _PLACE.finditer(text, start, end):
        words = match.group("name").split()
        # "in Nara, Japan": the longest run of words that is a place.
        while words and (words[0] in _NOT_PLACES):
            words = words[1:]
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size]).rstrip("’'s").rstrip("’'")
            if not name:
                continue
            offset = text.find(name, match.start("name"))
            if name in countries:
                found.append(
                    PlaceMention(span_of(text, offset, offset + len(name)), "", countries[name], None, None, True)
                )
                break
            given = countries.get((match.group("country") or "").strip())
            place = _city(name, given, mentioned)
            if place is not None:
                span = span_of(text, offset, match.end("country") if given else offset + len(name))
                found.append(PlaceMention(span, name, place.country_code, place.latitude, place.longitude))
                break
    return found


def best_place(found: list[PlaceMention]) -> PlaceMention | None:
    """The first place named; a city of the same country named after a country is more precise
    ("a visit to Canada …, meeting her counterpart in Ottawa")."""
    if not found:
        return None
    first = found[0]
    if first.is_country:
        city = next((place for place in found[1:] if not place.is_country and place.country == first.country), None)
        return city or first
    return first


def _city(name: str, country: str | None, mentioned: set[str]):
    if len(name) < 3:
        return None
    exact = [place for place in find_places(name, limit=10) if place.exact]
    if country:
        exact = [place for place in exact if place.country_code == country]
    if not exact:
        return None
    in_text = [place for place in exact if place.country_code in mentioned]
    return (in_text or exact)[0]
