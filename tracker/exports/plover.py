"""PLOVER-style JSON lines: one event record per line, for event-data tools that read PLOVER.

PLOVER (the Political Language Ontology for Verifiable Event Records) describes an event by its
type and mode, the actor that acts and the recipient it acts on, a date and a location. Each line
here carries those under PLOVER's names (``event``, ``mode``, ``actor``, ``recipient``, ``date``,
``location``), built from the one export row, so the same query string gives the same events as
every other format. The mapping, field by field, is in docs/data-format.md ("PLOVER JSON lines").

Who acts on whom: the host side is the host country and the countries of participants in the host
role. In a visit, a call or a meeting the others come to the host, so the host side is the recipient
and the other countries involved are the actors; in a sanction the host side imposes it, so it is the
actor and the others (the targets) are the recipients. An event with no host is undirected: its
countries are all actors, in code order, and a pair's second country is also given as the recipient
so that tools that expect a dyad get one.
"""

from collections.abc import Iterator
from typing import Any

import orjson

from tracker.exports.identifiers import KnownQids, event_url, known_qids, wikidata_qid
from tracker.exports.request import ExportRequest
from tracker.exports.schema import export_row
from tracker.exports.sql import iter_records

HOST_ROLE = "host"
# PLOVER event types in which the host side acts on the others rather than receiving them.
HOST_ACTS = frozenset({"SANCTION"})


def _actors_and_recipients(row: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(actors, recipients) as country codes; see the module's docstring for the rule."""
    involved = list(row["countries"])
    host_side = []
    if row["host_country"]:
        host_side.append(row["host_country"])
    for participant in row["participants"]:
        code = participant["country"]
        if participant["role"] == HOST_ROLE and code and code not in host_side:
            host_side.append(code)
    if not host_side:
        return involved, involved[1:2] if len(involved) == 2 else []
    others = [code for code in involved if code not in host_side]
    return (host_side, others) if row["plover_type"] in HOST_ACTS else (others, host_side)


def _citation_text(citation: dict[str, Any]) -> str:
    """One citation as a line a reader can follow: publisher, “title”, URL."""
    title = f"“{citation['title']}”" if citation["title"] else None
    return ", ".join(part for part in (citation["publisher"], title, citation["url"]) if part)


def plover_record(row: dict[str, Any], *, base_url: str, qids: KnownQids | None = None) -> dict[str, Any]:
    """The PLOVER-style record of one nested export row (tracker.exports.schema.export_row)."""
    actors, recipients = _actors_and_recipients(row)
    actor = actors[0] if actors else None
    recipient = recipients[0] if recipients else None
    organizations = list(row["party_organizations"])
    if row["host_organization"] and row["host_organization"] not in organizations:
        organizations.insert(0, row["host_organization"])
    citations = row["citations"]
    qids = qids or {}
    return {
        "id": row["uid"],
        "url": event_url(base_url, row["slug"]),
        "wikidata": row.get("wikidata_qid") or None,
        "date": row["start_date"],
        "end_date": row["end_date"],
        "date_precision": row["date_precision"],
        "edtf": row["edtf"],
        "event": row["plover_type"],
        "mode": row["plover_mode"],
        "cameo": row["cameo"],
        "kind": row["kind"],
        "actor": actor,
        "actor_wikidata": wikidata_qid(qids, "country", actor),
        "recipient": recipient,
        "recipient_wikidata": wikidata_qid(qids, "country", recipient),
        "actors": actors,
        "recipients": recipients,
        "organizations": organizations,
        "location": {
            "placename": row["place_name"] or None,
            "country": row["place_country"],
            "lat": row["latitude"],
            "lon": row["longitude"],
        },
        "text": row["title"],
        "summary": row["summary"] or None,
        "source": _citation_text(citations[0]) if citations else None,
        "citations": citations,
        "lifecycle": row["lifecycle"],
    }


def iter_plover_chunks(export: ExportRequest, *, base_url: str = "") -> Iterator[bytes]:
    """The PLOVER-style records of the filtered events, one compact JSON object per line, streamed.

    An empty list is an empty file, which is valid JSON lines (no lines).
    """
    qids = known_qids()
    for rows in iter_records(export.events, drafts_visible=export.drafts_visible):
        yield b"".join(
            orjson.dumps(plover_record(export_row(cells), base_url=base_url, qids=qids)) + b"\n" for cells in rows
        )
