"""Comparing planned rows with the database: the events and relations already stored, unique
slugs, parents that exist without cycles, and what each row would change on its event."""

import uuid
from collections import Counter, defaultdict
from typing import Any

from django.db import connection

from tracker.domain.slugs import numbered, slugify
from tracker.imports.planned import PlannedEvent
from tracker.imports.references import Lookups
from tracker.imports.sql import _bulk_cursor, _chunks
from tracker.imports.validate import RowValidator
from tracker.models import Citation, Event, Participation

# The longest slug the importer derives from a title (Event.slug holds 200).
SLUG_LENGTH = 180

SCALAR_FIELDS = (
    "title",
    "slug",
    "kind",
    "start_date",
    "end_date",
    "date_precision",
    "date_qualifier",
    "place_name",
    "place_country_id",
    "latitude",
    "longitude",
    "host_country_id",
    "host_organization_id",
    "series_id",
    "parent_id",
    "lifecycle",
    "summary",
    "outcome",
    "is_published",
    "wikidata_qid",
)


PARTICIPATION_COLUMNS = [
    "event_id",
    "person_id",
    "role",
    "position_id",
    "represented_country_id",
    "represented_organization_id",
]


def _existing_events(uids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """The stored fields of the events whose uid the file gives, keyed by uid.

    A plain SELECT finds which uids exist first: an import of new events then costs one cheap
    indexed query per chunk, and only the events really there are loaded through the ORM.
    """
    table, column = connection.ops.quote_name(Event._meta.db_table), connection.ops.quote_name("uid")
    present = []
    native_uuid = connection.features.has_native_uuid_field
    with _bulk_cursor() as cursor:
        for chunk in _chunks(uids, 900):
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",
                chunk if native_uuid else [uid.hex for uid in chunk],
            )
            present.extend(row[0] for row in cursor.fetchall())
    found = {}
    for chunk in _chunks(present):
        for values in Event.objects.filter(uid__in=chunk).values("id", "uid", *SCALAR_FIELDS):
            found[values["uid"]] = values
    return found


def _slug_owners(slugs: list[str]) -> dict[str, uuid.UUID]:
    """The uid of the stored event holding each of `slugs` that is taken (a plain SELECT, as above)."""
    quote = connection.ops.quote_name
    table = quote(Event._meta.db_table)
    owners = {}
    with _bulk_cursor() as cursor:
        for chunk in _chunks(slugs, 900):
            cursor.execute(
                f"SELECT {quote('slug')}, {quote('uid')} FROM {table} "
                f"WHERE {quote('slug')} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            for slug, uid in cursor.fetchall():
                owners[slug] = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    return owners


def _existing_related(event_ids: list[int]) -> dict[str, dict[int, Any]]:
    related: dict[str, dict[int, Any]] = {
        "topics": defaultdict(set),
        "party_countries": defaultdict(set),
        "party_organizations": defaultdict(set),
        "participants": defaultdict(dict),
        "citations": defaultdict(list),
    }
    for chunk in _chunks(event_ids):
        for event_id, topic_id in Event.topics.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "topic_id"
        ):
            related["topics"][event_id].add(topic_id)
        for event_id, code in Event.party_countries.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "country_id"
        ):
            related["party_countries"][event_id].add(code)
        for event_id, organization_id in Event.party_organizations.through.objects.filter(
            event_id__in=chunk
        ).values_list("event_id", "organization_id"):
            related["party_organizations"][event_id].add(organization_id)
        for values in Participation.objects.filter(event_id__in=chunk).values("id", *PARTICIPATION_COLUMNS):
            related["participants"][values["event_id"]][values["person_id"]] = values
        for values in Citation.objects.filter(event_id__in=chunk).values(
            "id", "event_id", "source_id", "locator", "excerpt"
        ):
            related["citations"][values["event_id"]].append(values)
    return related


def _plan_slugs(plans: list[PlannedEvent], existing: dict[uuid.UUID, dict], validator: RowValidator) -> None:
    """Check slugs are unique across the file and the database; derive missing ones from titles.

    A slug typed in the file that is taken is an error; one derived from a title that is taken
    becomes the first free "-2", "-3"… of it (tracker.domain.slugs)."""
    for plan in plans:
        if "slug" not in plan.fields:
            current = existing.get(plan.uid)
            plan.fields["slug"] = (
                current["slug"] if current else (slugify(plan.title, max_length=SLUG_LENGTH) or "event")
            )
            plan.derived_slug = current is None
    by_slug: dict[str, list[PlannedEvent]] = defaultdict(list)
    for plan in plans:
        by_slug[plan.fields["slug"]].append(plan)
    taken = _slug_owners(list(by_slug))
    kept: set[str] = set()
    renumber: list[PlannedEvent] = []
    for slug, owners in by_slug.items():
        # A slug typed in the file keeps its place before one derived from a title.
        owners.sort(key=lambda plan: plan.derived_slug)
        for index, plan in enumerate(owners):
            clash = (slug in taken and taken[slug] != plan.uid) or index > 0
            if not clash:
                kept.add(slug)
            elif plan.derived_slug:
                renumber.append(plan)
            else:
                other = (
                    "another event in the database"
                    if slug in taken and taken[slug] != plan.uid
                    else "row " + str(owners[0].row)
                )
                validator.error(plan.row, "slug", f"'{slug}' is already used by {other}")
    _number_derived_slugs(renumber, kept)


def _number_derived_slugs(plans: list[PlannedEvent], used: set[str]) -> None:
    """Give each plan the first "-2", "-3"… of its slug that neither the file nor the database uses.

    Each round looks up a batch of numbers per slug with one exact-match query (the unique index
    answers it), so a run of taken numbers costs a few rounds, not one query per number."""
    waiting: dict[str, list[PlannedEvent]] = defaultdict(list)
    for plan in plans:
        waiting[plan.fields["slug"]].append(plan)
    next_number: dict[str, int] = dict.fromkeys(waiting, 2)
    while waiting:
        candidates: dict[str, list[str]] = {}
        for base, queue in waiting.items():
            numbers = range(next_number[base], next_number[base] + len(queue) + 8)
            next_number[base] = numbers.stop
            candidates[base] = [numbered(base, number, max_length=SLUG_LENGTH) for number in numbers]
        stored = _slug_owners([slug for group in candidates.values() for slug in group])
        for base, group in candidates.items():
            queue = waiting[base]
            for candidate in group:
                if queue and candidate not in used and candidate not in stored:
                    queue.pop(0).fields["slug"] = candidate
                    used.add(candidate)
        waiting = {base: queue for base, queue in waiting.items() if queue}


def _plan_wikidata_qids(plans: list[PlannedEvent], validator: RowValidator) -> None:
    """One Wikidata item, one event (the database's unique constraint), checked before writing so that
    a clash is a row error rather than a refused transaction: a QID on an earlier row of the file, or
    held by another event in the database, is an error on the row that gives it. As with slugs, an
    event that gives its QID up in the same file still holds it while the file is checked."""
    claims: dict[str, PlannedEvent] = {}
    for plan in plans:
        qid = plan.fields.get("wikidata_qid")
        if not qid:
            continue
        if qid in claims:
            validator.error(plan.row, "wikidata_qid", f"'{qid}' is also on row {claims[qid].row}")
            continue
        claims[qid] = plan
    for chunk in _chunks(list(claims), 900):
        for qid, holder in Event.objects.filter(wikidata_qid__in=chunk).values_list("wikidata_qid", "uid"):
            if claims[qid].uid != holder:
                message = f"'{qid}' is the Wikidata item of another event in the database"
                validator.error(claims[qid].row, "wikidata_qid", message)


def _plan_parents(plans: list[PlannedEvent], existing: dict[uuid.UUID, dict], validator: RowValidator) -> None:
    """Parents must be in the file or the database, without cycles among the file's rows."""
    in_file = {plan.uid: plan for plan in plans}
    wanted = [plan.parent_uid for plan in plans if isinstance(plan.parent_uid, uuid.UUID)]
    known = {uid for uid in wanted if uid in in_file}
    missing = [uid for uid in wanted if uid not in in_file]
    parent_ids: dict[uuid.UUID, int] = {}
    for chunk in _chunks(missing):
        parent_ids.update(Event.objects.filter(uid__in=chunk).values_list("uid", "id"))
    for plan in plans:
        if (
            isinstance(plan.parent_uid, uuid.UUID)
            and plan.parent_uid not in known
            and plan.parent_uid not in parent_ids
        ):
            validator.error(plan.row, "parent", f"no event has the uid '{plan.parent_uid}'")
    for plan in plans:
        seen, cursor = {plan.uid}, plan.parent_uid
        while isinstance(cursor, uuid.UUID) and cursor in in_file:
            if cursor in seen:
                validator.error(plan.row, "parent", "the parents form a cycle")
                break
            seen.add(cursor)
            cursor = in_file[cursor].parent_uid
    # The parent as it will be stored, for the comparison with existing events.
    for plan in plans:
        if plan.parent_uid is False:
            continue
        if plan.parent_uid is None:
            plan.fields["parent_id"] = None
        elif plan.parent_uid in parent_ids:
            plan.fields["parent_id"] = parent_ids[plan.parent_uid]
        elif plan.parent_uid in existing:
            plan.fields["parent_id"] = existing[plan.parent_uid]["id"]
        # else: the parent is created by this import; its id is known only when writing.


def _diff(plan: PlannedEvent, current: dict, related: dict, lookups: Lookups) -> None:
    """Record in plan.changes what the row would change on the existing event."""
    for name, value in plan.fields.items():
        if current.get(name) != value:
            plan.changes.append(name.removesuffix("_id"))
    if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in plan.fields:
        plan.changes.append("parent")  # the new parent is created by this import
    event_id = current["id"]
    for name in ("topics", "party_countries", "party_organizations"):
        wanted = getattr(plan, name)
        if wanted is not None and wanted != related[name].get(event_id, set()):
            plan.changes.append(name)
    if plan.participants is not None:
        existing = related["participants"].get(event_id, {})
        wanted = {item.person: item for item in plan.participants}
        if set(wanted) != set(existing) or any(
            any(existing[person][key] != value for key, value in item.stored().items())
            for person, item in wanted.items()
        ):
            plan.changes.append("participants")
    if plan.citations is not None:
        existing_citations = Counter(
            (item["source_id"], item["locator"], item["excerpt"]) for item in related["citations"].get(event_id, [])
        )
        wanted_citations = Counter(
            (lookups.sources.get(key), locator, excerpt) for key, locator, excerpt in plan.citations
        )
        if existing_citations != wanted_citations:
            plan.changes.append("citations")
