"""How a person is recognised by name, and how a record names its Wikidata item.

A name is compared in its folded form: case folded, accents removed, every kind of dash read as a
hyphen, every kind of apostrophe as "'", and runs of spaces as one: "KIM Dae‐jung" and "Kim
Dae-jung" fold alike, "Müller" and "Muller" too. A hyphen and a space are a looser likeness
(`loose_name_key`: "Kim Dae Jung" and "Kim Dae-jung"): the importer takes it only when nothing
matches more closely, and says so in a warning, since romanisations of one name differ just there
and an alias makes the match certain. Folding keeps the script:
"李在明" folds to itself and never meets a transliteration of it. Unlike a slug, a folded name
loses nothing but case, marks and the look of its punctuation, so "O'Neil" and "Oneil" stay two.

Titles typed before a name ("President", "Prime Minister", "Dr.") are not part of it: the
importer strips them before matching a second time and before creating a person.
"""

import re
import unicodedata

from django.core.validators import RegexValidator

_DASHES = re.compile(r"\s*[\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]\s*")
_APOSTROPHES = re.compile(r"[’‘`´\u02BC]")

# Titles that may open a typed name, longest first so "Prime Minister" wins over "Minister".
TITLES = (
    "his excellency",
    "her excellency",
    "vice president",
    "prime minister",
    "foreign minister",
    "secretary general",
    "secretary-general",
    "president",
    "chancellor",
    "premier",
    "minister",
    "secretary",
    "ambassador",
    "senator",
    "h.e.",
    "prof.",
    "prof",
    "dr.",
    "dr",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "sir",
    "dame",
)
_TITLE_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(title) for title in TITLES) + r")(?:\s+|(?<=\.)(?=\S))", re.I)

WIKIDATA_QID = re.compile(r"^Q[1-9][0-9]{0,11}\Z")
WIKIDATA_QID_MESSAGE = "A Wikidata item identifier is Q followed by digits, e.g. Q12345."
wikidata_qid_validator = RegexValidator(WIKIDATA_QID, WIKIDATA_QID_MESSAGE)


def fold_name(name: str) -> str:
    """The key two spellings of one name share: "KIM Dae‐jung" → "kim dae-jung", "Müller" → "muller"."""
    decomposed = unicodedata.normalize("NFKD", str(name or ""))
    without_marks = "".join(character for character in decomposed if not unicodedata.combining(character))
    folded = _APOSTROPHES.sub("'", _DASHES.sub("-", without_marks.casefold()))
    return " ".join(folded.split())


def loose_name_key(name: str) -> str:
    """The folded name with its hyphens read as spaces: "Kim Dae-jung" and "Kim Dae Jung" → "kim dae jung"."""
    return " ".join(fold_name(name).replace("-", " ").split())


def strip_titles(name: str) -> str:
    """The name without the titles typed before it: "President Lee Jae Myung" → "Lee Jae Myung".

    A name that is nothing but a title ("President") is kept as it is.
    """
    text = " ".join(str(name or "").split())
    while True:
        stripped = _TITLE_PREFIX.sub("", text, count=1).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


def is_wikidata_qid(value: str) -> bool:
    return bool(WIKIDATA_QID.match(value or ""))


def wikidata_qid_problem(value: str) -> str | None:
    """What is wrong with a QID as typed in an import ("" is fine: no item known), else None."""
    return f"'{value}': {WIKIDATA_QID_MESSAGE}" if value and not is_wikidata_qid(value) else None
