"""Identifiers the interchange formats carry for a row: our own address of an event, and Wikidata QIDs.

An event's QID is a column of its export row (tracker.exports.schema); the countries' QIDs are
looked up here and nowhere else, so the formats that carry them carry the same ones. They are read
once per export, one small query (only countries that have one), instead of one per row.
"""

from tracker.models import Country
from tracker.models.events import event_path

KnownQids = dict[tuple[str, str], str]


def event_url(base_url: str, slug: str) -> str:
    """The reader's page of an event; `base_url` is the site's scheme and host, without a final slash."""
    return base_url + event_path(slug)


def known_qids() -> KnownQids:
    """Every recorded QID of a country (by code)."""
    return {
        ("country", code): qid
        for code, qid in Country.objects.exclude(wikidata_qid="").values_list("code", "wikidata_qid")
    }


def wikidata_qid(qids: KnownQids, record: str, key: str | None) -> str | None:
    """The Wikidata QID ("Q…") of a country (by code), None when unknown."""
    return qids.get((record, str(key))) if key else None
