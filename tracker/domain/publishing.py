"""The publishing rules, written once: who may publish, who may change a published record, and
what a published event needs.

Every write path asks `refusal()` before it writes: the admin form and its actions, restore,
history revert, both importers and any future path. Saves through the ORM are also guarded at the
model level (`guard_publication`, a pre_save receiver): an event becomes published only after
`approve()` has checked it, so a new path that forgets the rule fails loudly instead of
publishing quietly. Bulk SQL (the importer's fast path) bypasses model saves, so it calls
`refusal()` row by row itself; tests hold each path to it.

`user=None` means the operator at the command line or a data migration: the role rules do not
apply to them, the citation rule does.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tracker.models import Event

PUBLISH_PERMISSION = "tracker.publish_event"
NEEDS_CITATION_MESSAGE = "a published event needs at least one citation; add a source first."
MAY_NOT_PUBLISH_MESSAGE = "only an editor may publish or unpublish an event; save it as a draft."
MAY_NOT_CHANGE_PUBLISHED_MESSAGE = "this event is published; only an editor may change it."
MAY_NOT_MERGE_MESSAGE = "only an editor may merge events."
UNGUARDED_MESSAGE = "an event is published only through tracker.domain.publishing.approve()"


class PublishingRefused(ValueError):
    """A write the publishing rules refuse; the message says why in the researcher's words."""


def may_publish(user) -> bool:
    """Editors (and superusers) publish; the operator (`None`) may too."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def may_merge(user) -> bool:
    """Merging deletes one event and may change a published one: the same role as publishing."""
    return may_publish(user)


def may_change(user, *, is_published: bool) -> bool:
    """Researchers edit drafts; once an event is published, only editors change it."""
    return not is_published or may_publish(user)


def role_refusal(*, user, was_published: bool | None, will_be_published: bool) -> str | None:
    """Why `user` may not make this change of one event's state, or None.

    `was_published` is None for a new event. Unpublishing needs the same role as publishing, and
    so does any change to an event that is published.
    """
    if was_published and not may_change(user, is_published=True):
        return MAY_NOT_CHANGE_PUBLISHED_MESSAGE
    if bool(was_published) != will_be_published and not may_publish(user):
        return MAY_NOT_PUBLISH_MESSAGE
    return None


def citation_refusal(*, will_be_published: bool, citation_count: int) -> str | None:
    """A published event cites at least one source."""
    if will_be_published and citation_count < 1:
        return NEEDS_CITATION_MESSAGE
    return None


def refusal(*, user, was_published: bool | None, will_be_published: bool, citation_count: int) -> str | None:
    """Why this write to one event may not happen, or None when it may: the question every path asks."""
    return role_refusal(user=user, was_published=was_published, will_be_published=will_be_published) or (
        citation_refusal(will_be_published=will_be_published, citation_count=citation_count)
    )


def publication_time(*, is_published: bool, previous: datetime | None, now: datetime) -> datetime | None:
    """When an event was first published: kept while it stays published; a draft carries none."""
    if not is_published:
        return None
    return previous or now


def stamp_publication(event: Event) -> None:
    event.published_at = publication_time(
        is_published=event.is_published, previous=event.published_at, now=timezone.now()
    )


def approve(event: Event, *, user, was_published: bool | None, citation_count: int) -> None:
    """Check one event against the rules and mark it fit to save as it stands; raises PublishingRefused."""
    problem = refusal(
        user=user, was_published=was_published, will_be_published=event.is_published, citation_count=citation_count
    )
    if problem:
        raise PublishingRefused(problem)
    stamp_publication(event)
    event._publication_approved = True


def stored_publication(event: Event) -> bool | None:
    """Whether the stored row is published; None for an event not saved yet."""
    if event.pk is None:
        return None
    return Event.objects.filter(pk=event.pk).values_list("is_published", flat=True).first()


def guard_publication(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    """pre_save: a save that makes an event published must have been approved."""
    approved = getattr(instance, "_publication_approved", False)
    instance._publication_approved = False
    if raw or approved or not instance.is_published:
        return
    if stored_publication(instance):
        return
    raise PublishingRefused(UNGUARDED_MESSAGE)


@transaction.atomic
def publish_events(events: QuerySet, *, user) -> tuple[int, list[tuple[Event, str]]]:
    """Publish every draft among `events` the rules allow; return how many, and the refused ones with why."""
    published, refused = 0, []
    for event in events.filter(is_published=False).prefetch_related("citations"):
        event.is_published = True
        try:
            approve(event, user=user, was_published=False, citation_count=len(event.citations.all()))
        except PublishingRefused as exc:
            refused.append((event, str(exc)))
            continue
        _save_as(event, user)
        published += 1
    return published, refused


@transaction.atomic
def unpublish_events(events: QuerySet, *, user) -> int:
    if not may_publish(user):
        raise PublishingRefused(MAY_NOT_PUBLISH_MESSAGE)
    count = 0
    for event in events.filter(is_published=True):
        event.is_published = False
        approve(event, user=user, was_published=True, citation_count=0)
        _save_as(event, user)
        count += 1
    return count


def _save_as(event: Event, user) -> None:
    event.updated_by = user
    event._history_user = user
    event.save()


def part_refusal(*, user, events) -> str | None:
    """Participations, citations and statements are part of the events they name: once readers see
    them, only editors add, change or remove them. Readers see such a record only when every event it
    names is published (tracker.models.visibility), so a researcher's quote on a draft about a
    published event stays theirs until an editor publishes the draft."""
    named = [event for event in events if event is not None]
    if named and all(event.is_published for event in named) and not may_publish(user):
        return MAY_NOT_CHANGE_PUBLISHED_MESSAGE
    return None


def citation_removal_refusal(event: Event | None, *, removing: int = 1) -> str | None:
    """Removing citations may not leave a published event citing nothing."""
    if event is None or not event.is_published:
        return None
    return citation_refusal(will_be_published=True, citation_count=event.citations.count() - removing)
