"""Writing the plans of a valid file: new people and sources, events created parents first and
updated with history, their relations, their EventCountry rows, and SQLite's bulk-load tuning."""

import uuid
from collections import defaultdict
from contextlib import contextmanager
from operator import itemgetter

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tracker.domain import publishing
from tracker.imports.plan import PARTICIPATION_COLUMNS
from tracker.imports.planned import PlannedEvent
from tracker.imports.references import Lookups
from tracker.imports.sql import CHANGE_REASON, _bulk_cursor, _chunks, _insert, _insert_with_history
from tracker.imports.validate import RowValidator
from tracker.models import Citation, Event, EventCountry, Participation, Person, Source

BATCH = 1000
# Below this many new events rebuilding indexes costs more than it saves.
BULK_LOAD_MINIMUM = 1000


# The tables a first, all-new import fills; their non-unique indexes can be rebuilt once at the end.
def _bulk_loaded_tables() -> list[str]:
    models = [Event, Participation, EventCountry, Citation]
    tables = [model._meta.db_table for model in models]
    tables += [model.history.model._meta.db_table for model in (Event, Participation, Citation)]
    tables += [Event.topics.through._meta.db_table, Event.party_countries.through._meta.db_table]
    return tables


@contextmanager
def _indexes_rebuilt_after_a_bulk_load(plans: list[PlannedEvent]):
    """On SQLite, when the import only creates events and at least doubles their number (a first
    load, a restore), drop the written tables' non-unique indexes and build them again at the end.

    SQLite then sorts each index once instead of inserting into it row by row in random order,
    about a third of the write time. It happens inside the import's transaction, so a failure
    restores the indexes with everything else; unique indexes stay, since they check the rows as
    they go in. Never when an event is updated: updates look rows up by those indexes.
    """
    created = sum(plan.existing_id is None for plan in plans)
    if (
        connection.vendor != "sqlite"
        or created < len(plans)
        or created < BULK_LOAD_MINIMUM
        or created < Event.objects.count()
    ):
        yield
        return
    tables = _bulk_loaded_tables()
    with _bulk_cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
            tables,
        )
        indexes = [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with _bulk_cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)


@contextmanager
def _sqlite_page_cache(kibibytes: int = 65536):
    """On SQLite, a larger page cache for the duration of the write, then the previous size again.

    The default cache (2 MB) is far smaller than the indexes a large import touches, so SQLite
    would keep evicting and re-reading index pages inside the one transaction.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _bulk_cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with _bulk_cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _write(plans: list[PlannedEvent], validator: RowValidator, lookups: Lookups, related: dict, *, user) -> None:
    now = timezone.now()
    history_user = user if getattr(user, "pk", None) else None
    people = dict(lookups.people_by_slug)
    if validator.new_people:
        created = Person.objects.bulk_create(
            [Person(slug=slug, name=name) for slug, name in validator.new_people.items()], batch_size=BATCH
        )
        people.update({person.slug: person.pk for person in created})
        Person.history.bulk_history_create(created, default_user=history_user, default_change_reason=CHANGE_REASON)
    if validator.new_sources:
        created = Source.objects.bulk_create(
            [
                Source(publisher=key[0], title=key[1], url=key[2], **{k: v for k, v in dates.items() if v})
                for key, dates in validator.new_sources.items()
            ],
            batch_size=BATCH,
        )
        lookups.sources.update({(s.publisher, s.title, s.url): s.pk for s in created})
        Source.history.bulk_history_create(created, default_user=history_user, default_change_reason=CHANGE_REASON)

    ids_by_uid = {plan.uid: plan.existing_id for plan in plans if plan.existing_id is not None}
    stamp = (connection.ops.adapt_datetimefield_value(now), getattr(history_user, "pk", None))
    # Create new events parents first, so that every new event's history row holds its parent.
    pending = [plan for plan in plans if plan.existing_id is None]
    while pending:
        ready = [
            plan
            for plan in pending
            if not isinstance(plan.parent_uid, uuid.UUID) or plan.parent_uid in ids_by_uid or "parent_id" in plan.fields
        ]
        _create_events(ready, ids_by_uid, stamp)
        ready_rows = {plan.row for plan in ready}
        pending = [plan for plan in pending if plan.row not in ready_rows]

    changed = [plan for plan in plans if plan.existing_id is not None and plan.changes]
    _update_events(changed, ids_by_uid, history_user, now)
    for plan in plans:
        plan.event_id = plan.event_id or plan.existing_id
    touched = [plan for plan in plans if plan.existing_id is None or plan.changes]
    _write_relations(touched, related, people, lookups, history_user, stamp)
    # New events' countries are known from their rows; changed events are recomputed from the database.
    created = [plan for plan in plans if plan.existing_id is None]
    _insert(
        EventCountry,
        ["event_id", "country_id", "start_date", "end_date"],
        (
            (plan.event_id, code, plan.fields["start_date"], plan.fields["end_date"])
            for plan in created
            for code in sorted(_involved_countries(plan))
        ),
    )
    refresh_countries([plan.event_id for plan in touched if plan.existing_id is not None])


def _involved_countries(plan: PlannedEvent) -> set[str]:
    """What tracker.domain.derived.involved_country_codes gives for a new event: host, parties, participants."""
    codes = set(plan.party_countries or ())
    if plan.fields.get("host_country_id"):
        codes.add(plan.fields["host_country_id"])
    codes.update(item.represented_country_id for item in plan.participants or () if item.represented_country_id)
    return codes


EVENT_COLUMNS = [field.attname for field in Event._meta.concrete_fields if not field.primary_key]


def _create_events(plans: list[PlannedEvent], ids_by_uid: dict, stamp) -> None:
    """Insert new events (and their history) in batches; record their ids in plans and ids_by_uid."""
    now, user_id = stamp
    defaults = {field.attname: field.get_default() for field in Event._meta.concrete_fields if not field.primary_key}
    defaults.update(created_at=now, updated_at=now, created_by_id=user_id, updated_by_id=user_id)
    native_uuid = connection.features.has_native_uuid_field
    event_row = itemgetter(*EVENT_COLUMNS)
    # One batch of rows at a time, so that the tuples of a large file never exist all at once.
    for chunk_plans in _chunks(plans, BATCH):
        chunk_rows = []
        for plan in chunk_plans:
            values = dict(defaults)
            values.update(plan.fields)
            if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in plan.fields:
                values["parent_id"] = ids_by_uid[plan.parent_uid]
            values["uid"] = plan.uid if native_uuid else plan.uid.hex
            values["duration_days"] = (values["end_date"] - values["start_date"]).days
            values["published_at"] = publishing.publication_time(
                is_published=values["is_published"], previous=None, now=now
            )
            chunk_rows.append(event_row(values))
        ids = _insert_with_history(Event, EVENT_COLUMNS, chunk_rows, stamp=stamp)
        for plan, pk in zip(chunk_plans, ids, strict=True):
            plan.event_id = pk
            ids_by_uid[plan.uid] = pk


def _update_events(changed: list[PlannedEvent], ids_by_uid: dict, history_user, now) -> None:
    if not changed:
        return
    events = {event.pk: event for event in Event.objects.filter(pk__in=[plan.existing_id for plan in changed])}
    fields_changed: set[str] = set()
    to_update = []
    for plan in changed:
        event = events[plan.existing_id]
        fields = dict(plan.fields)
        if isinstance(plan.parent_uid, uuid.UUID) and "parent_id" not in fields:
            fields["parent_id"] = ids_by_uid[plan.parent_uid]
        scalar_changes = [name for name, value in fields.items() if getattr(event, name) != value]
        for name in scalar_changes:
            setattr(event, name, fields[name])
        if "is_published" in scalar_changes:
            event.published_at = publishing.publication_time(
                is_published=event.is_published, previous=event.published_at, now=now
            )
            fields_changed.add("published_at")
        event.duration_days = (event.end_date - event.start_date).days
        event.updated_by = history_user
        event._change_reason = CHANGE_REASON
        fields_changed.update(scalar_changes)
        to_update.append(event)
    fields_changed.update({"duration_days", "updated_by", "updated_at"})
    for event in to_update:
        event.updated_at = now
    for chunk in _chunks(to_update, BATCH):
        Event.objects.bulk_update(chunk, sorted(fields_changed))
        Event.history.bulk_history_create(
            chunk, update=True, default_user=history_user, default_change_reason=CHANGE_REASON
        )


def _write_relations(
    plans: list[PlannedEvent], related: dict, people: dict[str, int], lookups: Lookups, history_user, stamp
) -> None:
    """Bring topics, parties, participations and citations of the touched events in line with the rows."""
    through = {
        "topics": (Event.topics.through, "topic_id"),
        "party_countries": (Event.party_countries.through, "country_id"),
        "party_organizations": (Event.party_organizations.through, "organization_id"),
    }
    for name, (model, column) in through.items():
        adds, removals = [], Q()
        for plan in plans:
            wanted = getattr(plan, name)
            if wanted is None:
                continue
            if not plan.existing_id:
                adds.extend([(plan.event_id, value) for value in sorted(wanted)])
                continue
            current = related[name].get(plan.event_id, set())
            adds.extend((plan.event_id, value) for value in sorted(wanted - current))
            gone = current - wanted
            if gone:
                removals |= Q(event_id=plan.event_id, **{f"{column}__in": gone})
        if removals:
            model.objects.filter(removals).delete()
        _insert(model, ["event_id", column], adds)

    new_participations, changed_participations, removed = [], [], []
    new_citations, removed_citations = [], []
    for plan in plans:
        if plan.participants is not None:
            current = related["participants"].get(plan.event_id, {}) if plan.existing_id else {}
            wanted = {}
            for item in plan.participants:
                person_id = item.person if isinstance(item.person, int) else people[item.person]
                wanted[person_id] = item
            for person_id, item in wanted.items():
                if person_id not in current:
                    new_participations.append((plan.event_id, person_id, *item[1:]))
                    continue
                values = item.stored()
                if any(current[person_id][key] != value for key, value in values.items()):
                    changed_participations.append(
                        Participation(
                            id=current[person_id]["id"], event_id=plan.event_id, person_id=person_id, **values
                        )
                    )
            if current:
                removed.extend(values["id"] for person_id, values in current.items() if person_id not in wanted)
        if plan.citations is not None:
            current_citations = list(related["citations"].get(plan.event_id, [])) if plan.existing_id else []
            for key, locator, excerpt in plan.citations:
                source_id = lookups.sources[key]
                if not current_citations:  # a new event, or every current citation matched already
                    new_citations.append((plan.event_id, source_id, None, locator, excerpt))
                    continue
                match = next(
                    (
                        c
                        for c in current_citations
                        if (c["source_id"], c["locator"], c["excerpt"]) == (source_id, locator, excerpt)
                    ),
                    None,
                )
                if match is not None:
                    current_citations.remove(match)
                else:
                    new_citations.append((plan.event_id, source_id, None, locator, excerpt))
            removed_citations.extend(c["id"] for c in current_citations)
    # Deletions go through the ORM one by one so that their history ("-") is recorded; an import
    # deletes only what a changed row dropped, which is rare.
    for participation in Participation.objects.filter(id__in=removed):
        participation._change_reason = CHANGE_REASON
        participation.delete()
    for citation in Citation.objects.filter(id__in=removed_citations):
        citation._change_reason = CHANGE_REASON
        citation.delete()
    _insert_with_history(Participation, PARTICIPATION_COLUMNS, new_participations, stamp=stamp)
    for chunk in _chunks(changed_participations, BATCH):
        Participation.objects.bulk_update(
            chunk, ["role", "position_id", "represented_country_id", "represented_organization_id"]
        )
        Participation.history.bulk_history_create(
            chunk, update=True, default_user=history_user, default_change_reason=CHANGE_REASON
        )
    _insert_with_history(Citation, CITATION_COLUMNS, new_citations, stamp=stamp)


CITATION_COLUMNS = ["event_id", "source_id", "statement_id", "locator", "excerpt"]


def refresh_countries(event_ids: list[int]) -> None:
    """Rebuild EventCountry for many events in a few queries per batch.

    The same rows as tracker.domain.derived.refresh_event_countries (host, party countries, countries the
    participants represented), which costs several queries per event; bulk imports skip the signals
    that would call it.
    """
    for chunk in _chunks(sorted(set(event_ids))):
        wanted: dict[int, set[str]] = defaultdict(set)
        periods = {}
        for event_id, host, start, end in Event.objects.filter(id__in=chunk).values_list(
            "id", "host_country_id", "start_date", "end_date"
        ):
            periods[event_id] = (start, end)
            if host:
                wanted[event_id].add(host)
        for event_id, code in Participation.objects.filter(
            event_id__in=chunk, represented_country__isnull=False
        ).values_list("event_id", "represented_country_id"):
            wanted[event_id].add(code)
        for event_id, code in Event.party_countries.through.objects.filter(event_id__in=chunk).values_list(
            "event_id", "country_id"
        ):
            wanted[event_id].add(code)
        EventCountry.objects.filter(event_id__in=chunk).delete()
        _insert(
            EventCountry,
            ["event_id", "country_id", "start_date", "end_date"],
            [
                (event_id, code, *periods[event_id])
                for event_id in chunk
                if event_id in periods
                for code in sorted(wanted.get(event_id, ()))
            ],
        )
