"""Who reported it: the article's own publisher (from its URL, else its byline or a "(Reuters)"
credit) and the outlets the text names as its sources ("according to Yonhap", "told NHK")."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tracker.drafting.spans import Span, span_of
from tracker.drafting.words import OUTLETS

_BY_DOMAIN = {domain: name for name, domains in OUTLETS.items() for domain in domains}
_NAMES = sorted(OUTLETS, key=len, reverse=True)
_OUTLET = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in _NAMES) + r")(?![\w-])")
# How a text names an outlet it relies on; an outlet merely mentioned ("NHK's studios") is not a source.
_CUES = re.compile(
    r"(?:according to|told|cited by|reported by|interview with|quoted by|as|said to|speaking to|"
    r"\((?=[A-Z]))\s*(?:the\s+)?(?:[^,.;“”()]{0,40}?\s)?$",
    re.I,
)
_AFTER_CUES = re.compile(
    r"^(?:’s|'s)?\s*(?:reported|reports|said|says|notes|noted|points out|pointed out|cited|\))", re.I
)
_BYLINE = re.compile(r"^\s*By\s+[^\n]{2,80}?[,|–—-]\s*(?P<outlet>[A-Z][\w .&-]{1,40})\s*$", re.M)
# Aliases that name the same outlet as a longer name the text also uses.
_SAME = {"Yonhap": "Yonhap News Agency", "Kyodo": "Kyodo News", "AP": "Associated Press", "DW": "Deutsche Welle"}


@dataclass(frozen=True)
class SourceMention:
    publisher: str
    span: Span | None  # None when it comes from the URL alone
    url: str = ""
    is_the_article: bool = False  # the article's own publisher, not an outlet it cites


def publisher_from_url(url: str) -> str:
    """The outlet a URL belongs to: a known domain's name, else the domain itself (example.com)."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    for domain, name in _BY_DOMAIN.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def _canonical(name: str) -> str:
    return _SAME.get(name, name)


def find_sources(text: str, url: str) -> list[SourceMention]:
    """The article itself first, then every outlet the text relies on, each once."""
    found: list[SourceMention] = []
    own = publisher_from_url(url) if url else ""
    if own:
        found.append(SourceMention(own, None, url, is_the_article=True))
    else:
        byline = _BYLINE.search(text[:600])
        if byline:
            outlet = byline.group("outlet").strip()
            found.append(SourceMention(outlet, span_of(text, *byline.span("outlet")), url, is_the_article=True))
    seen = {_canonical(source.publisher) for source in found}
    for match in _OUTLET.finditer(text):
        name = _canonical(match.group())
        if name in seen:
            continue
        if _CUES.search(text[max(0, match.start() - 60) : match.start()]) or _AFTER_CUES.match(text[match.end() :]):
            seen.add(name)
            found.append(SourceMention(name, span_of(text, *match.span())))
    return found
