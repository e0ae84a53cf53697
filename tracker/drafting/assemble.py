"""One event drafted from one article: every module's findings put into a row of the import format
(docs/data-format.md), with the evidence for each filled field and a note for each empty one."""

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.domain.dates import PartialDate
from tracker.domain.offices import matching_period
from tracker.drafting import context, kinds, people, places, quotes, sources, titles, when
from tracker.drafting.spans import Span, body_start, paragraphs, sentence_at, sentences
from tracker.models import Country, Event

FORMAT = "diplomacy-tracker/events"
# After these words a sentence turns to another event ("a summit that comes just days after …").
_TURN = re.compile(r"\b(?:(?:just|only|shortly|days|weeks|months|a day|a week)\s+)*(?:after|following|since)\b", re.I)
_HOST_FROM_PLACE = set(Event.MEETING_KINDS) | {"multilateral_summit", "ministerial_meeting", "agreement_signing"}
_SPEAKING = {"statement": "speaker", "press_conference": "speaker", "interview": "interviewee"}
_NO_HOST = {"phone_call", "video_call", "interview", "joint_statement"}
# Kinds that happen nowhere in particular: a place named near them is somewhere else.
_PLACELESS = {"phone_call", "video_call", "sanction", "joint_statement", "statement", "interview"}


@dataclass
class Draft:
    row: dict
    statements: list[dict] = field(default_factory=list)
    proposed_people: list[dict] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)

    def as_document(self) -> dict:
        """The JSON import document (its `rows` import as they are) with the drafter's findings beside them."""
        return {
            "format": FORMAT,
            "format_version": 1,
            "rows": [self.row],
            "statements": self.statements,
            "proposed_people": self.proposed_people,
            "evidence": self.evidence,
            "notes": self.notes,
        }


def _clause(sentence: Span, after: int) -> tuple[int, int]:
    """The part of the sentence about the main event: up to where it turns to another one."""
    turn = _TURN.search(sentence.text, max(0, after - sentence.start))
    return sentence.start, sentence.start + turn.start() if turn else sentence.end


def draft_event(text: str, *, published: date, url: str = "") -> Draft:
    """Draft one event from an article published on `published` (see docs/drafting.md)."""
    all_sentences = sentences(text)
    body = body_start(text)
    draft = Draft(row={"is_published": False})
    row, evidence, notes = draft.row, draft.evidence, draft.notes

    found_date = when.event_date(text, published, all_sentences, body)
    main, period, stretched_by, dateline = (
        found_date.mention,
        found_date.period,
        found_date.stretched_by,
        found_date.dateline,
    )
    if main is not None:
        anchor = found_date.anchor
        row.update(start_date=period.start.isoformat(), end_date=period.end.isoformat())
        row["date_precision"] = period.precision
        evidence["date"] = {**main.span.as_dict(), "read_as": str(period), "how": main.reason}
        if stretched_by:
            evidence["date"]["how"] = f"{main.reason}; '{stretched_by}' gives the end".lstrip("; ")
        row["lifecycle"] = "announced" if period.start > published else "held"
        clause_start, clause_end = _clause(anchor, main.span.end)
    else:
        notes["date"] = found_date.why_empty
        first_event = next(iter(kinds.kind_signals(text, body, len(text))), None)
        anchor = sentence_at(all_sentences, first_event[0]) if first_event else None
        clause_start, clause_end = _clause(anchor, anchor.start) if anchor else (body, min(len(text), body + 400))
    lead = paragraphs(text[body:])
    lead_end = body + (lead[0].end if lead else 0)
    scopes = [(clause_start, clause_end), (0, body), (body, lead_end), (0, len(text))]

    kind_signal = next(
        (kinds.choose_kind(s) for s in (kinds.kind_signals(text, *scope) for scope in scopes) if s), None
    )
    kind = kind_signal[2] if kind_signal else ""
    if kind:
        evidence["kind"] = {**Span(kind_signal[0], kind_signal[1], text[kind_signal[0] : kind_signal[1]]).as_dict()}
    else:
        notes["kind"] = "no words in the text say what kind of event it was"

    known = people.directory()
    country_words = people.country_words()
    day = period.start if period else published
    found_people = people.find_people(text, known, country_words, day)
    participants = _participants(found_people, scopes, kind, period)
    mentioned_countries = {country_words[word] for word in people.country_mentions(country_words).findall(text)}

    place = None
    for scope in scopes[:3] if kind not in _PLACELESS else ():
        place = places.best_place(places.find_places_in(text, *scope, country_words, mentioned_countries))
        if place is not None:
            break
    if place is not None:
        if place.name:
            row["place_name"] = place.name
            if place.latitude is not None:
                row["latitude"], row["longitude"] = round(place.latitude, 5), round(place.longitude, 5)
        row["place_country"] = place.country
        evidence["place"] = place.span.as_dict()
    elif kind in _PLACELESS:
        notes["place"] = f"a {kind.replace('_', ' ')} has no single place; a place named near it is taken for another"
    else:
        notes["place"] = "the text does not say where the event was held"
    if dateline and (place is None or place.name.lower() != dateline.city.lower()):
        notes["dateline"] = (
            f"the dateline '{dateline.span.text}' says where the report was filed, not where the event was; "
            "it is not used as the place"
        )

    host = _host(kind, place, participants)
    if host:
        row["host_country"] = host
        evidence["host_country"] = place.span.as_dict() if place else participants[0]["_span"].as_dict()
    else:
        notes["host_country"] = (
            "a call, interview or joint statement has no host"
            if kind in _NO_HOST
            else ("the text does not say where it was held or who hosted it")
        )
    _set_roles(participants, kind, host)
    row["participants"] = [{k: v for k, v in p.items() if not k.startswith("_")} for p in participants]
    evidence["participants"] = [
        {**p["_span"].as_dict(), "how": p["_how"], **({"office": p["_office_said"]} if p["_office_said"] else {})}
        for p in participants
    ]
    if not participants:
        notes["participants"] = "no person is named in the sentences about the event"
    draft.proposed_people = _proposed(participants)
    countries = sorted({code for code in [host, *(p["country"] for p in participants)] if code})
    row["countries"] = countries
    row["party_countries"] = []

    parent_match = None
    for scope in scopes[:3]:
        parent_match = context.parent_phrase(text, *scope)
        if parent_match:
            break
    parent_name = parent_match.group("name").strip() if parent_match else ""
    if parent_match:
        parent = context.matching_parent(" ".join(filter(None, parent_match.group("name", "where"))), period)
        evidence["parent"] = Span(*parent_match.span(), parent_match.group()).as_dict()
        if parent is not None:
            row["parent"] = str(parent.uid)
            evidence["parent"]["matched"] = parent.title
        else:
            notes["parent"] = f"'{parent_name}' matches no recorded event at those dates"

    topics = context.find_topics(text, all_sentences)
    row["topics"] = sorted(topic.slug for topic, _ in topics)
    evidence["topics"] = {topic.slug: span.as_dict() for topic, span in topics}

    found_quotes = quotes.find_quotes(text, found_people, all_sentences)
    draft.statements = [_statement(quote) for quote in found_quotes]

    found_sources = sources.find_sources(text, url)
    headline = _headline(text, body)
    row["citations"] = [
        {
            "publisher": source.publisher,
            "title": headline if source.is_the_article else "",
            "url": source.url,
            "published_on": published.isoformat() if source.is_the_article else None,
            "accessed_on": None,
            "locator": "",
            "excerpt": "",
        }
        for source in found_sources
    ]
    evidence["citations"] = [source.span.as_dict() if source.span else {"url": source.url} for source in found_sources]
    if not found_sources:
        notes["citations"] = "no URL given and no outlet named in the text"

    used_forms = {m.span.text for m in found_people if m.how in ("named before", "title and name")}
    outlet = next((s.publisher for s in found_sources if s.span is not None), "")
    row["title"] = titles.make_title(
        kind=kind,
        people=[p["_mention"] for p in (_guest_first(participants) if "visit" in kind else participants)],
        used_forms=used_forms,
        place=row.get("place_name", ""),
        country_name=_country_name(row.get("place_country") or host),
        outlet=outlet,
        parent=parent_name,
        signal=evidence.get("kind", {}).get("text", ""),
        headline=headline,
    )
    evidence["title"] = {"from": "kind, participants and place found above"} if row["title"] != headline else {}
    row["kind"] = kind
    return draft


def _participants(found: list[people.PersonMention], scopes, kind: str, period: PartialDate | None) -> list[dict]:
    """The people named where the event is described: its clause, else the headline and first paragraph.

    Each becomes a participant of the import format (person slug or, for someone new, the name; the
    office held then; the country represented), with its evidence kept under "_" keys."""
    chosen: dict[str, people.PersonMention] = {}
    for start, end in scopes[:3]:
        for mention in found:
            if start <= mention.span.start < end:
                chosen.setdefault(mention.key, mention)
        if len(chosen) >= (1 if kind in _SPEAKING else 2):
            break
    result = []
    for mention in chosen.values():
        tenure = None
        if mention.person is not None and period is not None:
            tenure = mention.person.tenure_on(*matching_period(period.start, period.precision))
        result.append(
            {
                "person": mention.person.slug if mention.person else "",
                "name": mention.name,
                "role": "participant",
                "country": tenure.country if tenure and tenure.country else mention.country,
                "organization": None,
                "office": tenure.office_slug if tenure else "",
                "_mention": mention,
                "_span": mention.span,
                "_how": mention.how,
                "_office_said": mention.title,
            }
        )
    return result


def _host(kind: str, place, participants: list[dict]) -> str | None:
    if kind in _NO_HOST:
        return None
    if place is not None and (kind in _HOST_FROM_PLACE or not kind):
        return place.country
    if kind in ("statement", "press_conference", "sanction") and participants:
        return participants[0]["country"]
    return place.country if place is not None else None


def _set_roles(participants: list[dict], kind: str, host: str | None) -> None:
    for participant in participants:
        if kind in _SPEAKING:
            participant["role"] = _SPEAKING[kind] if participant is participants[0] else "participant"
        elif kind == "agreement_signing":
            participant["role"] = "signatory"
        elif kind in _HOST_FROM_PLACE and kind != "multilateral_summit" and host:
            participant["role"] = "host" if participant["country"] == host else "guest"


def _guest_first(participants: list[dict]) -> list[dict]:
    return sorted(participants, key=lambda participant: participant["role"] != "guest")


def _proposed(participants: list[dict]) -> list[dict]:
    """People to create before importing (or import with --create-people), with what the text says."""
    return [
        {
            "name": participant["name"],
            "office": participant["_office_said"],
            "office_kind": people.office_kind(participant["_office_said"]) if participant["_office_said"] else "",
            "country": participant["country"],
            "evidence": participant["_span"].as_dict(),
        }
        for participant in participants
        if not participant["person"]
    ]


def _statement(quote: quotes.Quote) -> dict:
    speaker = quote.speaker
    return {
        "quote": quote.quote,
        "speaker": speaker.person.slug if speaker and speaker.person else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_description": quote.speaker_description,
        "said_at": quote.said_at,
        "evidence": quote.span.as_dict(),
        "attribution": quote.attribution.as_dict() if quote.attribution else None,
    }


def _headline(text: str, body: int) -> str:
    """The longest line before the story starts (the headline of a pasted page), else its first sentence."""
    lines = [p.text.strip() for p in paragraphs(text[:body]) if len(p.text.split()) >= 4]
    if lines:
        return max(lines[:2], key=len)[: titles.TITLE_LIMIT]
    first = sentences(text[body:])
    return first[0].text.strip()[: titles.TITLE_LIMIT] if first else ""


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    country = Country.objects.filter(code=code).first()
    return country.name if country else ""
