"""What an event sits in: the event it was held on the sidelines of, and the topics the article
names. Both are matched to records that exist; nothing is created."""

import re
from datetime import timedelta

from tracker.domain.dates import PartialDate
from tracker.domain.editorial import title_similarity
from tracker.drafting.spans import Span, span_of
from tracker.models import Event, Topic

SIDELINES = re.compile(
    r"(?i:on the (?:sidelines|margins) of (?:the |a |an )?)(?P<name>[^.,;:()“”]{3,90}?)(?=[.,;:()“”]| in | on | at |$)"
    r"(?: in (?P<where>[A-Z][\w-]+))?",
)
PARENT_SIMILARITY = 0.34
_STEM = re.compile(r"(?:ations|ation|ions|ion|ing|ed|es|s)$")


def parent_phrase(text: str, start: int, end: int) -> re.Match | None:
    return SIDELINES.search(text, start, end)


def matching_parent(name: str, period: PartialDate | None) -> Event | None:
    """The recorded event whose title is most like `name` and whose dates cover the event's (± 3 days)."""
    # A bilateral meeting is held on the sidelines of something larger, never of another such meeting.
    events = Event.objects.exclude(kind__in=Event.MEETING_KINDS)
    if period is not None:
        events = events.between(period.start - timedelta(days=3), period.end + timedelta(days=3))
    scored = [(title_similarity(name, event.title), event) for event in events.order_by("start_date")[:200]]
    scored = [(score, event) for score, event in scored if score >= PARENT_SIMILARITY]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _stem(word: str) -> str:
    word = word.lower()
    return _STEM.sub("", word) if len(word) > 5 else word


def find_topics(text: str, sentences: list[Span]) -> list[tuple[Topic, Span]]:
    """Topics whose name is in the text, or every word of whose name is in one sentence (by stem:
    "abductions" in "abducted", "seafood import ban" in "a ban on seafood imports")."""
    found = []
    lowered = text.lower()
    sentence_stems = [(sentence, {_stem(word) for word in re.findall(r"\w+", sentence.text)}) for sentence in sentences]
    for topic in Topic.objects.all():
        position = lowered.find(topic.name.lower())
        after = lowered[position + len(topic.name) : position + len(topic.name) + 1]
        if position >= 0 and not after.isalnum():
            found.append((topic, span_of(text, position, position + len(topic.name))))
            continue
        stems = [_stem(word) for word in re.findall(r"\w+", topic.name)]
        for sentence, words in sentence_stems:
            # A long stem also matches as the start of a word ("abduct" in "abducted").
            if stems and all(stem in words or (len(stem) >= 5 and _starts_a_word(stem, words)) for stem in stems):
                found.append((topic, sentence))
                break
    return found


def _starts_a_word(stem: str, words: set[str]) -> bool:
    return any(word.startswith(stem) for word in words)
