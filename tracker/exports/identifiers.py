"""Identifiers the interchange formats carry for a row: our own address of an event, and Wikidata QIDs.

Wikidata QIDs are looked up here and nowhere else, so the formats that carry them (PLOVER lines,
TimelineJS slides) gain them together once the reference data holds them.
"""


def event_url(base_url: str, slug: str) -> str:
    """The reader's page of an event; `base_url` is the site's scheme and host, without a final slash."""
    return f"{base_url}/events/{slug}/"


def wikidata_qid(record: str, key: str | None) -> str | None:
    """The Wikidata QID ("Q…") of an event (by uid), a country (by code) or a person (by slug).

    None for every record for now: no table stores QIDs yet. `record` is "event", "country" or
    "person"; an unknown or empty key is None too.
    """
    return None
