"""Hypothesis strategies for hostile input: what a reader, a script or an attacker may type.

Query strings are lists of (key, value) pairs, so one key can repeat and keys keep their order, as
they do in a real URL. Values mix arbitrary text (control characters and NUL included; lone
surrogates are left out because no URL can carry them), dates in many spellings over the years
0 to 99999, the values each field really takes, numbers in any script and very long strings.
"""

import base64
import calendar
from urllib.parse import urlencode

from hypothesis import strategies as st

from tracker.models import Event

# The fields the shared filter reads (tracker.queries.filters.EventFilter).
FILTER_FIELDS = ("start", "end", "country", "match", "person", "kind", "topic", "series", "status", "q")
# What /statements/ reads beside the shared filter (tracker.queries.statements).
STATEMENT_FIELDS = ("speaker",)
# Display options the pages read (tracker.web.pages._view_options) and the pages' paginator.
PAGE_FIELDS = ("group", "sort", "terms", "page")
# The CSV download's byte-order-mark switch (tracker.web.downloads).
EXPORT_FIELDS = ("excel",)
# The API's cursor pagination (tracker.api.pagination).
API_FIELDS = ("cursor", "page_size")
FIELDS = FILTER_FIELDS + STATEMENT_FIELDS + PAGE_FIELDS + EXPORT_FIELDS + API_FIELDS
# Names nothing reads, or that frameworks read on their own (DRF's format override, Django's CSRF).
UNKNOWN_FIELDS = (
    "format",
    "callback",
    "csrfmiddlewaretoken",
    "ordering",
    "search",
    "limit",
    "offset",
    "country[]",
    "country ",
    "COUNTRY",
    "__proto__",
    "",
)

# Real values from the demo data (tracker.demo), so that hostile values meet valid ones.
COUNTRY_CODES = ("KR", "JP", "CN", "kr", "jp", " KR ", "XX", "K", "KOR", "SU", "")
PEOPLE = ("lee-jae-myung", "sanae-takaichi", "xi-jinping", "LEE-JAE-MYUNG", "nobody", "lee jae myung")
TOPICS = ("north-korea", "artificial-intelligence", "cptpp", "North Korea", "no-such-topic")
SERIES = ("korea-japan-shuttle-diplomacy", "no-such-series")

SAMPLES = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\ufeff",
    "\u200b",
    "%",
    "%00",
    "&",
    "=",
    "+",
    "'",
    '"',
    "\\",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%' OR '%'='",
    "../../etc/passwd",
    "null",
    "None",
    "NaN",
    "Infinity",
    "-1",
    "0",
    "1e308",
    "9" * 400,
    "²",
    "٣",
    "日韓首脳会談",
    "한국",
    "ﷺ",
    "e\u0301",
    "🏳️‍🌈",
    "\U0010ffff",
    "\uffff",
)

# Every code point a URL can carry: control characters and NUL included, lone surrogates not.
any_character = st.characters(codec="utf-8")
any_text = st.text(any_character, max_size=60)
# Numbers in any script: "²".isdigit() is true, but int("²") fails.
any_digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6)


@st.composite
def long_text(draw, max_size: int = 5000) -> str:
    """A value of hundreds to `max_size` characters, built by repetition so that it costs little to draw.

    It is one long word: a text search of many words costs seconds a request until `q` is bounded,
    so `many_words` has a test of its own instead of slowing down every other one.
    """
    unit = draw(st.text(any_character.filter(lambda character: not character.isspace()), min_size=1, max_size=8))
    size = draw(st.integers(max_size // 5, max_size))
    return (unit * (size // len(unit) + 1))[:size]


WORDS = ("a", "nara", "summit", "한국", "x1", "%", "_")


@st.composite
def many_words(draw, min_count: int = 1000, max_count: int = 3000) -> str:
    """A pasted paragraph: a thousand words or more, as a text search might be given."""
    return " ".join([draw(st.sampled_from(WORDS))] * draw(st.integers(min_count, max_count)))


@st.composite
def date_spelling(draw) -> str:
    """A date as someone might type it, over years 0 to 99999, with months and days out of range too."""
    year = draw(st.one_of(st.integers(0, 99999), st.sampled_from([0, 1, 2, 999, 1000, 2025, 2026, 9999, 10000])))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    if 1 <= month <= 12:
        name = draw(st.sampled_from([calendar.month_abbr[month], calendar.month_name[month], f"{month}月"]))
    else:
        name = draw(st.sampled_from(["Jan", "Sept", "Janvier", "Foo", ""]))
    spellings = [
        f"{year:04d}",
        f"{year}",
        f"{year:04d}-{month:02d}",
        f"{year}-{month}",
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{year:04d}{month:02d}{day:02d}",
        f"{day} {name} {year}",
        f"{name} {year}",
        f"{name} {day}, {year}",
        f"{name} {day}",
        f"{day}.{month}.{year}",
        f"{month}/{day}/{year}",
        f"{day}/{month}/{year:02d}",
        f"{year:04d}-{month:02d}-{day:02d}T10:00",
        f"{year:04d}-W{month:02d}",
        f"+{year}",
        f"-{year}",
        f"{year:04d}-{month:02d}-{day:02d}Z",
    ]
    return draw(st.sampled_from(spellings))


FIXED_DATES = (
    "0000",
    "0001",
    "0001-01",
    "0001-01-01",
    "1 Jan 1",
    "99999-12-31",
    "9999-12-31",
    "9999",
    "10000",
    "13 Jan 2026",
    "Jan 0",
    "2026-00",
    "2026-13",
    "2026-02-30",
    "31 Feb 2026",
    "29 Feb 2100",
    "13-14 Jan 2026",
    "13–14 Jan 2026",
    "30–31 Feb 2026",
    "Oct 2025 – Jan 2026",
    "Jan – Oct 2025",
    "2025/2026",
    "2025-10/2026-01",
    "2026-01-13/2025-01-13",
    "0001/9999",
    "0000/0001",
    "2025 to 2026",
    "2025 - 2026 - 2027",
    "2026-01-13T10:00",
    "12:00",
    "today",
    "1/2/2026",
    "13/1/2026",
)


@st.composite
def date_range(draw) -> str:
    """Two spellings joined by a range separator the parser knows (or nearly knows)."""
    separator = draw(st.sampled_from(["/", "–", "—", " - ", " to ", "-", "..", " / "]))
    return f"{draw(date_spelling())}{separator}{draw(date_spelling())}"


dates = st.one_of(st.sampled_from(FIXED_DATES), date_spelling(), date_range())

FIELD_VALUES = {
    "start": dates,
    "end": dates,
    "country": st.sampled_from(COUNTRY_CODES),
    "match": st.sampled_from(["any", "all", "ANY", "", "both"]),
    "person": st.sampled_from(PEOPLE),
    "speaker": st.sampled_from(PEOPLE),
    "kind": st.sampled_from([*Event.Kind.values, "BILATERAL_SUMMIT", "summit"]),
    "topic": st.sampled_from(TOPICS),
    "series": st.sampled_from(SERIES),
    "status": st.sampled_from([*Event.Lifecycle.values, "draft", "published"]),
    "q": st.one_of(
        st.sampled_from(["Nara", "summit", "나라", "奈良", "a b", "\"'"]),
        st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    ),
    "group": st.sampled_from(["kind", "country", "person", "Kind", "topic"]),
    "sort": st.sampled_from(["date", "-date", "title", "-title", "kind", "-kind", "place", "-place", "--date"]),
    "terms": st.sampled_from(["0", "1", "on", "off", "yes", "true"]),
    "page": st.one_of(st.sampled_from(["1", "2", "0", "-1", "last", "1.5", "1e3", "9" * 30]), any_digits),
    "excel": st.sampled_from(["1", "true", "yes", "on", "0", "TRUE"]),
    "cursor": st.deferred(lambda: cursors),
    "page_size": st.one_of(st.sampled_from(["1", "50", "500", "501", "0", "-5", " 5", "5.0"]), any_digits),
}

hostile_values = st.one_of(st.sampled_from(SAMPLES), any_text, long_text(max_size=300))


def value_for(field: str) -> st.SearchStrategy[str]:
    """The values a field really takes, or anything at all."""
    own = FIELD_VALUES.get(field)
    return hostile_values if own is None else st.one_of(own, hostile_values, dates)


keys = st.one_of(st.sampled_from(FIELDS), st.sampled_from(UNKNOWN_FIELDS), st.text(any_character, max_size=12))
pair = keys.flatmap(lambda key: st.tuples(st.just(key), value_for(key)))
# A query string: a few parameters, any of them repeated, in any order.
params = st.lists(pair, max_size=6)


@st.composite
def cursor_text(draw) -> str:
    """A DRF cursor (base64 of o, r and p) with any offset, direction and position."""
    fields = {}
    if draw(st.booleans()):
        fields["o"] = draw(st.one_of(st.integers(-5, 10**20).map(str), any_text))
    if draw(st.booleans()):
        fields["r"] = draw(st.one_of(st.sampled_from(["0", "1", "2", "-1"]), any_text))
    if draw(st.booleans()):
        fields["p"] = draw(st.one_of(dates, any_text, st.sampled_from(PEOPLE + COUNTRY_CODES)))
    return base64.b64encode(urlencode(fields).encode("ascii")).decode("ascii")


# Cursors we issued look like these; a forged one decodes but names any position at all.
cursors = st.one_of(cursor_text(), any_text, st.sampled_from(["", "=", "cD0x", "!!!", "cD0yMDI1LTAxLTAx"]))


@st.composite
def huge_params(draw) -> list[tuple[str, str]]:
    """The same key hundreds of times, values of thousands of characters, or hundreds of keys; 1001
    parameters is one more than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS), which is its own 400."""
    shape = draw(st.sampled_from(["repeated", "long", "many keys"]))
    key = draw(st.one_of(st.sampled_from(FIELDS), st.sampled_from(UNKNOWN_FIELDS)))
    if shape == "repeated":
        value = draw(st.one_of(value_for(key), long_text()))
        return [(key, value)] * draw(st.sampled_from([2, 50, 500, 1001]))
    if shape == "long":
        return [(key, draw(long_text()))]
    return [(f"k{index}", draw(st.sampled_from(SAMPLES))) for index in range(draw(st.sampled_from([100, 500, 1001])))]
