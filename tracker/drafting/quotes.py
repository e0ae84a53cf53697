"""Quotes: the exact words between quotation marks, who the text says spoke them and where.

A quote is always a slice of the article, and `find_quotes` checks it once more before answering: a
quote that is not, character for character, in the text is dropped. Words in quotation marks that
are a term rather than a statement ("shuttle diplomacy") are skipped: a statement has at least
MIN_WORDS words. The speaker is whoever the sentence attributes it to ("…,” Lee told NHK",
"Lee was unequivocal: “…”", "said a senior official"); a quote that follows an attributed one in
the same paragraph with nothing between keeps its speaker. No clear speaker: unattributed, with the
words that describe one ("analysts") when there are any.
"""

import bisect
import re
from dataclasses import dataclass

from tracker.drafting.people import PersonMention
from tracker.drafting.spans import Span, sentence_at, span_of
from tracker.drafting.words import OUTLETS, UNNAMED_SPEAKERS

MIN_WORDS = 4
UNCLEAR = "unnamed (the text does not say who)"
_QUOTED = re.compile(r"“(?P<curly>[^“”]{2,3000})”|(?<![\w])\"(?P<straight>[^\"\n]{2,3000})\"")
_VERBS = (
    r"said|says|told|tells|added|adds|noted|notes|stressed|stresses|wrote|writes|insisted|warned|warns|explained|"
    r"argued|argues|declared|remarked|stated|states|asserted|emphasi[sz]ed|acknowledged|cautioned|posted|continued"
)
_WHO_THEN_VERB = re.compile(rf"^[\s,—–-]*(?P<who>[^,.;“”\"\n]{{1,70}}?)\s+(?:{_VERBS})\b(?P<rest>[^.;“”\"\n]{{0,120}})")
_VERB_THEN_WHO = re.compile(rf"^[\s,—–-]*(?:{_VERBS})\s+(?P<who>[^,.;“”\"\n]{{1,80}})(?P<rest>[^.;“”\"\n]{{0,120}})")
_BEFORE_VERB = re.compile(
    rf"(?P<who>[^,.;“”\"\n]{{1,70}}?)\s+(?:{_VERBS}|was \w+|called it|described it as)\b[^“”\"]*$"
)
_UNNAMED = re.compile(rf"^(?:{UNNAMED_SPEAKERS})$", re.I)
_PRONOUN = re.compile(r"^(?:he|she|they)$", re.I)
_OUTLET_NAMES = sorted(OUTLETS, key=len, reverse=True)
_OUTLET = r"(?:" + "|".join(re.escape(name) for name in _OUTLET_NAMES) + r")"
_INTERVIEW = re.compile(
    rf"interview with\s+(?:[^,.;“”]{{0,50}}?\s)?(?P<outlet>{_OUTLET}|[A-Z][\w&.\-]+(?: [A-Z][\w&.\-]+)*)"
)
_TOLD = re.compile(rf"\btold\s+(?:the\s+)?(?P<outlet>{_OUTLET}|[A-Z][\w&.\-]+(?: [A-Z][\w&.\-]+)*)")
_SETTINGS = re.compile(
    r"\b(?P<setting>(?:at|during) a (?:joint )?(?:press|news) (?:conference|briefing)|in a (?:joint )?statement|"
    r"in a speech(?: [^,.;“”]{0,40})?|on social media|in a post on [A-Z]\w*|at a (?:rally|briefing|ceremony))",
    re.I,
)


@dataclass(frozen=True)
class Quote:
    span: Span
    quote: str
    speaker: PersonMention | None
    speaker_description: str
    said_at: str
    attribution: Span | None


class _Nearby:
    """The article's person mentions in text order, found by position in log time."""

    def __init__(self, people: list[PersonMention]) -> None:
        self.people = people
        self.starts = [mention.span.start for mention in people]

    def within(self, start: int, end: int) -> list[PersonMention]:
        """The mentions that start within [start, end)."""
        return self.people[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]


def _resolve_who(who: str, who_start: int, nearby: _Nearby, quote_start: int) -> tuple:
    """(person mention, description) for the words naming the speaker."""
    who_end = who_start + len(who)
    for mention in nearby.within(who_start, who_end):
        if who_start <= mention.span.start and mention.span.end <= who_end:
            return mention, ""
    words = who.strip()
    if _PRONOUN.match(words):
        earlier = [
            mention for mention in nearby.within(quote_start - 600, quote_start) if mention.span.end <= quote_start
        ]
        return (earlier[-1], "") if earlier else (None, UNCLEAR)
    tail = re.sub(r"^(?:and|but|as|while|which|that)\s+", "", words, flags=re.I)
    if _UNNAMED.match(tail):
        return None, tail
    if tail and tail[0].islower() and len(tail.split()) <= 5:
        return None, tail
    return None, UNCLEAR


def _said_at(words: str, text: str) -> str:
    interview = _INTERVIEW.search(words)
    if interview:
        return f"in an interview with {interview.group('outlet')}"
    told = _TOLD.search(words)
    if told:
        outlet = told.group("outlet")
        if re.search(rf"interview with\s+(?:[^,.;“”]{{0,50}}?\s)?{re.escape(outlet)}", text):
            return f"in an interview with {outlet}"
        return f"to {outlet}"
    setting = _SETTINGS.search(words)
    return setting.group("setting") if setting else ""


def _continues(gap: str) -> bool:
    """Nothing but the end of the previous attribution between two quotes of one paragraph."""
    return "\n" not in gap and not gap.strip(" .")


def find_quotes(text: str, people: list[PersonMention], sentences: list[Span]) -> list[Quote]:
    nearby = _Nearby(people)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_end = -1
    for match in _QUOTED.finditer(text):
        group = "curly" if match.group("curly") is not None else "straight"
        start, end = match.span(group)
        inner = text[start:end].rstrip(", ")
        end = start + len(inner)
        if len(inner.split()) < MIN_WORDS:
            continue
        sentence = sentence_at(sentences, match.start())
        sentence_start = sentence.start if sentence else max(0, match.start() - 200)
        line_end = text.find("\n", match.end())
        after_limit = min(match.end() + 160, line_end if line_end >= 0 else len(text))
        after = text[match.end() : after_limit]
        sentence_start = max(sentence_start, match.start() - 400)  # an attribution is near its quote
        before = text[sentence_start : match.start()]
        speaker, description, said_at, attribution = None, UNCLEAR, "", None
        who_match = _WHO_THEN_VERB.match(after) or _VERB_THEN_WHO.match(after)
        # "…,” Lee said" attributes after the quote; a quote ending its sentence with a full stop is
        # attributed after it only by a verb or pronoun that continues the sentence (".” he said").
        ends_sentence = text[match.start(group) : match.end(group)].rstrip().endswith(".")
        if who_match and (not ends_sentence or re.match(r"\s*[a-z]", after)):
            who_start = match.end() + who_match.start("who")
            speaker, description = _resolve_who(who_match.group("who"), who_start, nearby, match.start())
            said_at = _said_at(before + after[: who_match.end()], text)
            attribution = span_of(text, match.end() + who_match.start(), match.end() + who_match.end())
        elif before.rstrip().endswith(":") or _BEFORE_VERB.search(before):
            in_before = [m for m in nearby.within(sentence_start, match.start()) if m.span.end <= match.start()]
            verb = _BEFORE_VERB.search(before)
            if in_before:
                speaker, description = in_before[-1], ""
            elif verb:
                speaker, description = _resolve_who(
                    verb.group("who"), sentence_start + verb.start("who"), nearby, start
                )
            said_at = _said_at(before, text)
            attribution = span_of(text, sentence_start, match.start())
        elif previous is not None and _continues(text[previous_end : match.start()]):
            speaker, description, said_at = previous.speaker, previous.speaker_description, previous.said_at
            attribution = previous.attribution
        quote = Quote(span_of(text, start, end), inner, speaker, "" if speaker else description, said_at, attribution)
        if text[quote.span.start : quote.span.end] != quote.quote or quote.quote not in text:
            continue  # never a quote the article does not hold word for word
        quotes.append(quote)
        previous = quote
        sentence_end = sentence.end if sentence else match.end()
        previous_end = max(sentence_end, match.end() + (who_match.end() if who_match else 0))
    return quotes
