"""Identifiers the interchange formats carry for a row: our own address of an event, and Wikidata QIDs.

Wikidata QIDs are looked up here and nowhere else, so the formats that carry them (PLOVER lines,
TimelineJS slides) carry the same ones. The QIDs known are read once per export, two small queries
(only records that have one), instead of one per row.
"""

from tracker.models import Country, Event

KnownQids = dict[tuple[str, str], str]


def event_url(base_url: str, slug: str) -> str:
    """The reader's page of an event; `base_url` is the site's scheme and host, without a final slash."""
    return f"{base_url}/events/{slug}/"


def known_qids() -> KnownQids:
    """Every recorded QID of an event (by uid) and a country (by code). An event's QID is only ever
    asked for an event in the export, which the reader may see, so listing them all leaks nothing."""
    found: KnownQids = {
        ("country", code): qid
        for code, qid in Country.objects.exclude(wikidata_qid="").values_list("code", "wikidata_qid")
    }
    for uid, qid in Event.objects.exclude(wikidata_qid="").values_list("uid", "wikidata_qid"):
        found["event", str(uid)] = qid
    return found


def wikidata_qid(qids: KnownQids, record: str, key: str | None) -> str | None:
    """The Wikidata QID ("Q…") of an event (by uid) or a country (by code), None when unknown."""
    return qids.get((record, str(key))) if key else None
