"""Editorial work beyond a single admin form: likely duplicates, deleted events and their restoration.

Publishing and who may change what live in tracker.domain.publishing."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from tracker.domain import publishing
from tracker.domain.derived import refresh_event_countries
from tracker.models import Citation, Event, Participation, Statement


class EditorialError(ValueError):
    pass


def possible_duplicates(event: Event, limit: int = 5) -> list[Event]:
    """Other events of the same kind, overlapping dates and the same involved countries."""
    countries = set(event.country_links.values_list("country_id", flat=True))
    candidates = (
        Event.objects.filter(kind=event.kind)
        .between(event.start_date, event.end_date)
        .exclude(pk=event.pk)
        .prefetch_related("country_links")[:50]
    )
    same = [other for other in candidates if {link.country_id for link in other.country_links.all()} == countries]
    return same[:limit]


@dataclass(frozen=True)
class DeletedEvent:
    history_id: int
    title: str
    when: str
    deleted_at: datetime
    deleted_by: str


def deleted_events() -> list[DeletedEvent]:
    """Events whose latest history entry is a deletion and that have not been restored since."""
    existing = set(Event.objects.values_list("pk", flat=True))
    rows = Event.history.filter(history_type="-").select_related("history_user").order_by("-history_date")
    seen, result = set(), []
    for record in rows:
        if record.id in existing or record.id in seen:
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
