"""The event's date: which of an article's dates is the event's, and, when none is, why.

tracker.drafting.dates reads each date expression; this picks the one the story reports.
"""

import re
from dataclasses import dataclass
from datetime import date

from tracker.domain.dates import DAY, PartialDate
from tracker.drafting.dates import DateMention, find_dates, stretched
from tracker.drafting.places import Dateline, dateline
from tracker.drafting.spans import Span, body_start, sentence_at, sentences

_ANOTHER_EVENT = re.compile(r"\b(?:since|after|following|ago|before|until|taking office)\b[^.;]{0,45}$", re.I)
# A date said of the report rather than the event: "the Elysée said on Monday".
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told [\w ]{1,25}|announced|reported|confirmed|added)\s+(?:on\s+|late\s+|early\s+)?$", re.I
)


@dataclass(frozen=True)
class EventDate:
    mention: DateMention | None  # the words the date comes from
    period: PartialDate | None  # None when the text does not settle it
    anchor: Span | None  # the sentence that gives it
    stretched_by: str  # "three-day", when a duration gave the end
    why_empty: str
    dateline: Dateline | None


def _main_date(mentions: list[DateMention], text: str, body: int, skip: Span | None) -> DateMention | None:
    """The first date the story gives for what happened, in the body before the headline; a day in
    the same sentence makes a vaguer first date precise. Passed over: the dateline's date, dates of
    other events ("since", "after"…), dates the report was made ("said on Monday") and bare years."""

    def usable(mention: DateMention) -> bool:
        before = text[max(0, mention.span.start - 50) : mention.span.start]
        return (
            mention.period is not None
            and mention.form != "year"
            and not (skip and skip.start <= mention.span.start < skip.end)
            and not _ANOTHER_EVENT.search(before)
            and not _REPORTED_ON.search(before)
        )

    candidates = [mention for mention in mentions if usable(mention)]
    in_body = [mention for mention in candidates if mention.span.start >= body] or candidates
    if not in_body:
        return None
    chosen = in_body[0]
    if chosen.period.precision != DAY:
        sentence_end = text.find(".", chosen.span.end)
        same_sentence = [m for m in in_body[1:] if m.period.precision == DAY and m.span.start < sentence_end]
        chosen = same_sentence[0] if same_sentence else chosen
    return chosen


def _why_no_date(mentions: list[DateMention]) -> str:
    unsettled = [mention for mention in mentions if mention.period is None]
    if unsettled:
        return f"the text does not settle the date: {unsettled[0].reason}"
    if mentions:
        return "the dates in the text belong to other events (after 'since', 'after', 'following'…) or are years only"
    return "the text gives no date for the event"


def event_date(
    text: str, published: date, all_sentences: list[Span] | None = None, body: int | None = None
) -> EventDate:
    """The event's date in `text`, read against the day it was published (see tracker.drafting.dates)."""
    all_sentences = sentences(text) if all_sentences is None else all_sentences
    body = body_start(text) if body is None else body

    def sentence_text(offset: int) -> str:
        found = sentence_at(all_sentences, offset)
        return found.text if found else text[max(0, offset - 200) : offset + 200]

    mentions = find_dates(text, published, sentence_text)
    found_dateline = dateline(text, body)
    main = _main_date(mentions, text, body, found_dateline.whole if found_dateline else None)
    if main is None:
        return EventDate(None, None, None, "", _why_no_date(mentions), found_dateline)
    anchor = sentence_at(all_sentences, main.span.start) or Span(0, len(text), text)
    period, stretched_by = stretched(main.period, anchor.text)
    return EventDate(main, period, anchor, stretched_by, "", found_dateline)
