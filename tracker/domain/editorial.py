"""Editorial work beyond a single admin form: likely duplicates, deleted events and their restoration.

Publishing and who may change what live in tracker.domain.publishing; merging two records of one
event in tracker.domain.merging."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from tracker.domain import publishing
from tracker.domain.dates import shifted
from tracker.domain.derived import refresh_event_countries
from tracker.models import Citation, Event, EventRedirect, Participation, Position, Statement


class EditorialError(ValueError):
    pass


# Likely duplicates. A duplicate shares the dates: only events whose period overlaps the one typed
# (one day of slack either side, for reports a time zone apart) are candidates. Each candidate is
# then scored on the signals the researcher has given so far, each from 0 to 1:
#   title       0.40  shared words (title_similarity: "in", "the"… left out; near-spellings match)
#   people      0.35  shared participants (Jaccard over people)
#   dates       0.15  shared days over all days of the two periods (same period = 1)
#   countries   0.10  shared countries (Jaccard; the probe's countries include its people's offices)
# The score is the weighted mean over the signals given (a title alone can find a duplicate before
# anyone is added), times a kind factor: 1 for the same kind or no kind yet, 0.85 for two kinds of
# face-to-face meeting (a "state visit" and a "bilateral summit" are often the same meeting), 0.6
# otherwise. A score of LIKELY_DUPLICATE or more is a likely duplicate, provided the title or the
# participants match at least IDENTITY_MINIMUM: the same day and the same country are common, so
# dates and countries only corroborate ("Cited talks" and "Uncited talks" in Seoul on one day are
# two events). Calibrated on the demo: a second "Lee Takaichi summit Nara" on
# 13–14 Jan 2026 scores 1.0 against the Nara summit, Lee's NHK interview that month 0.35.
LIKELY_DUPLICATE = 0.6
IDENTITY_MINIMUM = 0.5
WEIGHTS = {"title": 0.40, "people": 0.35, "dates": 0.15, "countries": 0.10}
SAME_MEETING_FACTOR, OTHER_KIND_FACTOR = 0.85, 0.6
DATE_SLACK_DAYS = 1
CANDIDATE_LIMIT = 200
_WORD = re.compile(r"\w+")
# Words that say nothing about which event it is; "s" is what is left of "Lee's".
_FILLER_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "the", "to", "with", "s"}
)


@dataclass(frozen=True)
class DuplicateProbe:
    """What is known of an event being recorded: as typed on the admin page, or of a saved event."""

    start: date
    end: date
    title: str = ""
    kind: str = ""
    person_ids: frozenset[int] = frozenset()
    country_codes: frozenset[str] = frozenset()
    exclude_pk: int | None = None


@dataclass(frozen=True)
class LikelyDuplicate:
    event: Event
    score: float
    reasons: tuple[str, ...]
    # The title or the participants match at least IDENTITY_MINIMUM: dates and countries alone only corroborate.
    identified: bool = True


def title_words(title: str) -> frozenset[str]:
    """The words of a title that tell events apart, case-folded: "Lee–Takaichi summit in Nara" →
    {lee, takaichi, summit, nara}."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return frozenset(word for word in _WORD.findall(text) if word not in _FILLER_WORDS)


def _same_word(first: str, second: str) -> bool:
    if first == second:
        return True
    # Near-spellings of longer words match ("Pyongyang"/"Pyeongyang"; not "Niger"/"Nigeria");
    # short words and numbers must be equal.
    if min(len(first), len(second)) < 4 or first.isdigit() or second.isdigit():
        return False
    return SequenceMatcher(None, first, second).ratio() >= 0.85


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, from 0 to 1: the mean of the Jaccard similarity of their words and
    the share of the shorter title's words found in the longer (so "Nara summit" is close to
    "Lee–Takaichi summit in Nara"); a near-spelling counts as the same word."""
    words, other_words = title_words(first), title_words(second)
    if not words or not other_words:
        return 0.0
    unmatched, shared = set(other_words), 0
    for word in sorted(words, key=lambda word: word not in unmatched):  # exact matches first
        match = word if word in unmatched else next((other for other in unmatched if _same_word(word, other)), None)
        if match is not None:
            unmatched.discard(match)
            shared += 1
    jaccard = shared / (len(words) + len(other_words) - shared)
    return (jaccard + shared / min(len(words), len(other_words))) / 2


def _jaccard(first: frozenset, second: frozenset) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def _date_similarity(probe: DuplicateProbe, event: Event) -> float:
    shared = (min(probe.end, event.end_date) - max(probe.start, event.start_date)).days + 1
    spanned = (max(probe.end, event.end_date) - min(probe.start, event.start_date)).days + 1
    return max(shared, 0) / spanned


def _kind_factor(kind: str, other: str) -> float:
    if not kind or kind == other:
        return 1.0
    if kind in Event.MEETING_KINDS and other in Event.MEETING_KINDS:
        return SAME_MEETING_FACTOR
    return OTHER_KIND_FACTOR


def _score(probe: DuplicateProbe, event: Event) -> LikelyDuplicate:
    people = frozenset(part.person_id for part in event.participations.all())
    countries = frozenset(link.country_id for link in event.country_links.all())
    signals = {"dates": _date_similarity(probe, event)}
    if probe.title:
        signals["title"] = title_similarity(probe.title, event.title)
    if probe.person_ids:
        signals["people"] = _jaccard(probe.person_ids, people)
    if probe.country_codes:
        signals["countries"] = _jaccard(probe.country_codes, countries)
    mean = sum(WEIGHTS[name] * value for name, value in signals.items()) / sum(WEIGHTS[name] for name in signals)
    reasons = ["same dates" if signals["dates"] == 1 else "overlapping dates"]
    if signals.get("title", 0) >= 0.5:
        reasons.append("same title" if signals["title"] == 1 else "similar title")
    if signals.get("people"):
        shared = len(probe.person_ids & people)
        reasons.append("same participants" if signals["people"] == 1 else f"{shared} shared participant(s)")
    if signals.get("countries") == 1:
        reasons.append("same countries")
    if probe.kind and probe.kind == event.kind:
        reasons.append("same kind")
    return LikelyDuplicate(
        event=event,
        score=round(mean * _kind_factor(probe.kind, event.kind), 3),
        reasons=tuple(reasons),
        identified=max(signals.get("title", 0), signals.get("people", 0)) >= IDENTITY_MINIMUM,
    )


def likely_duplicates(
    probe: DuplicateProbe, *, events: QuerySet | None = None, limit: int = 5
) -> list[LikelyDuplicate]:
    """Events among `events` (default: all) that are likely the one described by `probe`, best first.

    Only events overlapping the probe's period (± DATE_SLACK_DAYS) are scored; a probe with neither a
    title nor a participant finds nothing. The admin page (as the researcher types and when an event
    is published) and the saved-event warnings all call this, so they agree.
    """
    if not probe.title.strip() and not probe.person_ids:
        return []
    events = Event.objects.all() if events is None else events
    candidates = (
        events.between(shifted(probe.start, -DATE_SLACK_DAYS), shifted(probe.end, DATE_SLACK_DAYS))
        .exclude(pk=probe.exclude_pk)
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.only("id", "event_id", "person_id")),
            "country_links",
        )
        .order_by("start_date", "id")[:CANDIDATE_LIMIT]
    )
    scored = [_score(probe, event) for event in candidates]
    likely = [match for match in scored if match.identified and match.score >= LIKELY_DUPLICATE]
    likely.sort(key=lambda match: (-match.score, match.event.start_date, match.event.pk))
    return likely[:limit]


def countries_of_people(person_ids, day: date) -> set[str]:
    """The countries whose offices these people held on `day` (the countries a probe involves)."""
    return set(
        Position.objects.filter(person_id__in=person_ids, start_date__lte=day, office__country__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("office__country_id", flat=True)
    )


def probe_for(event: Event) -> DuplicateProbe:
    """The probe a saved event makes: its title, dates, kind, participants and involved countries."""
    return DuplicateProbe(
        start=event.start_date,
        end=event.end_date,
        title=event.title,
        kind=event.kind,
        person_ids=frozenset(event.participations.values_list("person_id", flat=True)),
        country_codes=frozenset(event.country_links.values_list("country_id", flat=True)),
        exclude_pk=event.pk,
    )


def duplicates_of(event: Event, *, limit: int = 5) -> list[LikelyDuplicate]:
    """Other events that are likely the same as this saved one."""
    return likely_duplicates(probe_for(event), limit=limit)


@dataclass(frozen=True)
class DeletedEvent:
    history_id: int
    title: str
    when: str
    deleted_at: datetime
    deleted_by: str


def deleted_events() -> list[DeletedEvent]:
    """Events whose latest history entry is a deletion and that have not been restored since.

    Events merged into another are left out: their records live on in the survivor.
    """
    existing = set(Event.objects.values_list("pk", flat=True))
    merged = set(EventRedirect.objects.values_list("old_uid", flat=True))
    rows = Event.history.filter(history_type="-").select_related("history_user").order_by("-history_date")
    seen, result = set(), []
    for record in rows:
        if record.id in existing or record.id in seen or record.uid in merged:
            continue
        seen.add(record.id)
        result.append(
            DeletedEvent(
                history_id=record.history_id,
                title=record.title,
                when=record.instance.when,
                deleted_at=record.history_date,
                deleted_by=str(record.history_user or "unknown"),
            )
        )
    return result


def _restore_children(model, *, user, **lookup) -> list:
    restored = []
    deleted = model.history.filter(history_type="-", **lookup).order_by("history_date")
    for record in deleted:
        if model.objects.filter(pk=record.id).exists():
            continue
        instance = record.instance
        instance._history_user = user
        instance.save(force_insert=True)
        restored.append(instance)
    return restored


@transaction.atomic
def restore_deleted_event(*, history_id: int, user) -> Event:
    """Bring back a deleted event as it was, with its participations, statements and citations."""
    record = Event.history.filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise EditorialError("There is no deleted event with that history entry.")
    if Event.objects.filter(pk=record.id).exists():
        raise EditorialError("That event exists; it has already been restored.")
    redirect = EventRedirect.objects.filter(old_uid=record.uid).select_related("event").first()
    if redirect is not None:
        raise EditorialError(f"That event was merged into “{redirect.event.title}”; its records are there.")
    if Event.objects.filter(slug=record.slug).exists():
        raise EditorialError(f"Another event now uses the slug “{record.slug}”; rename it first.")
    # The deletion entry is written after the topic links are gone; the entry before it still has them.
    last_state = Event.history.filter(id=record.id).exclude(history_type="-").order_by("-history_date").first()
    event = record.instance
    event._history_user = user
    # A restored event comes back as a draft: whoever deleted it took it off the public site, and
    # only an editor's decision (publishing.approve) puts it back.
    event.is_published = False
    publishing.approve(event, user=user, was_published=None, citation_count=0)
    event.save(force_insert=True)
    if last_state is not None:
        event.topics.set([row.topic_id for row in last_state.topics.all()])
        event.party_countries.set([row.country_id for row in last_state.party_countries.all()])
    # Quotes said at the event, and quotes about it that had nowhere else to be (Statement.about_event).
    statements = _restore_children(Statement, user=user, event_id=event.pk)
    statements += _restore_children(Statement, user=user, about_event_id=event.pk, event_id=None)
    _restore_children(Participation, user=user, event_id=event.pk)
    _restore_children(Citation, user=user, event_id=event.pk)
    _restore_children(Citation, user=user, statement_id__in=[statement.pk for statement in statements])
    refresh_event_countries(event)
    return event
