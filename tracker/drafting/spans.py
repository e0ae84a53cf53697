"""Where a drafted value came from: spans of the article, its sentences and its paragraphs.

Offsets are Python string indexes into the article exactly as given (no normalisation), so
`text[span.start:span.end] == span.text` always holds and the admin can point at the words.
"""

import bisect
import re
from dataclasses import dataclass

_BREAK = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[“\"‘A-Z0-9])")
# Words whose full stop does not end a sentence: "Jan. 13", "U.S. President", "Mr. Lee".
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|No|Prof)"
    r"|\b[A-Z]\.[A-Z]|\b[A-Z])\.$"
)
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def span_of(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def paragraphs(text: str) -> list[Span]:
    """Each non-empty line; articles pasted from a page keep one paragraph per line."""
    return [span_of(text, match.start(), match.end()) for match in _PARAGRAPH.finditer(text) if match.group().strip()]


def sentences(text: str) -> list[Span]:
    """Sentences within paragraphs: a break after . ! ? (and a closing quote) before a capital or a quote."""
    found = []
    for paragraph in paragraphs(text):
        start = paragraph.start
        for match in _BREAK.finditer(paragraph.text):
            if _ABBREVIATIONS.search(paragraph.text[max(0, match.start() - 8) : match.start()]):
                continue
            end = paragraph.start + match.start() + (1 if match.group()[:1] in '”"’' else 0)
            found.append(span_of(text, start, end))
            start = paragraph.start + match.end()
        if start < paragraph.end:
            found.append(span_of(text, start, paragraph.end))
    return [sentence for sentence in found if sentence.text.strip()]


def sentence_at(all_sentences: list[Span], offset: int) -> Span | None:
    """The sentence holding `offset` (sentences are in order and do not overlap)."""
    index = bisect.bisect_right([sentence.start for sentence in all_sentences], offset) - 1
    if index >= 0 and offset < all_sentences[index].end:
        return all_sentences[index]
    return None


class Taken:
    """Spans already claimed, none overlapping another: whether a new one is free, in log time."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, start)
        if index < len(self._starts) and self._starts[index] < end:
            return False
        return not (index > 0 and self._ends[index - 1] > start)

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)


def body_start(text: str) -> int:
    """Where the story starts: the first paragraph that reads as prose (a sentence of some length),
    after the section label, headline, standfirst and "6 min read" lines a pasted page carries."""
    for paragraph in paragraphs(text):
        words = paragraph.text.split()
        if len(words) >= 25 and re.search(r"[.!?][”\"’]?\s*$", paragraph.text.strip()):
            return paragraph.start
    return 0
