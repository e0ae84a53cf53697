"""Merging two records of one event: everything the merged-away event holds moves to the survivor,
each move is recorded in history with the reason "merged into <uid>", the merged-away event is
deleted (its history keeps it) and its old slug and uid lead to the survivor (EventRedirect).

Only editors merge (tracker.domain.publishing.may_merge). If either event is published, the
survivor is published after the merge and, like any published event, must cite a source. Counts
and ordinals need nothing: the merged-away event no longer exists, so nothing counts it.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from tracker.domain import publishing
from tracker.domain.derived import refresh_event_countries
from tracker.domain.editorial import EditorialError
from tracker.models import Citation, Event, EventRedirect, Statement


@dataclass
class MergeReport:
    """What moved to the survivor, and what was left behind because the survivor already had it."""

    survivor: Event
    moved: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, moved: bool = True) -> None:
        tally = self.moved if moved else self.skipped
        tally[kind] = tally.get(kind, 0) + 1

    @property
    def summary(self) -> str:
        moved = ", ".join(f"{number} {kind}" for kind, number in self.moved.items()) or "nothing"
        text = f"moved {moved}"
        if self.skipped:
            text += "; left out as already on it: " + ", ".join(f"{n} {kind}" for kind, n in self.skipped.items())
        return text


def _save_with_reason(instance, *, user, reason: str) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def _move_participations(merged: Event, survivor: Event, report: MergeReport, *, user, reason: str) -> None:
    present = set(survivor.participations.values_list("person_id", flat=True))
    for participation in merged.participations.order_by("id"):
        if participation.person_id in present:
            # One participation per person per event (a database constraint): the survivor's stays.
            report.count("participations", moved=False)
            continue
        participation.event = survivor
        _save_with_reason(participation, user=user, reason=reason)
        present.add(participation.person_id)
        report.count("participations")


def _move_citations(merged: Event, survivor: Event, report: MergeReport, *, user, reason: str) -> None:
    present = set(survivor.citations.values_list("source_id", "excerpt", "locator"))
    for citation in merged.citations.order_by("id"):
        key = (citation.source_id, citation.excerpt, citation.locator)
        if key in present:
            report.count("citations", moved=False)
            continue
        citation.event = survivor
        _save_with_reason(citation, user=user, reason=reason)
        present.add(key)
        report.count("citations")


def _move_statements(merged: Event, survivor: Event, report: MergeReport, *, user, reason: str) -> None:
    for statement in Statement.objects.filter(Q(event=merged) | Q(about_event=merged)).order_by("id"):
        if statement.event_id == merged.pk:
            statement.event = survivor
        if statement.about_event_id == merged.pk:
            statement.about_event = survivor
        _save_with_reason(statement, user=user, reason=reason)
        report.count("statements")


def _move_links(merged: Event, survivor: Event, report: MergeReport) -> None:
    """Topics, party countries and party organisations: added to the survivor's (the survivor's
    history records each addition, with the reason set on it)."""
    for name in ("topics", "party_countries", "party_organizations"):
        present = set(getattr(survivor, name).values_list("pk", flat=True))
        new = [pk for pk in getattr(merged, name).values_list("pk", flat=True) if pk not in present]
        if new:
            getattr(survivor, name).add(*new)
            report.moved[name.replace("_", " ")] = len(new)


def _move_children(merged: Event, survivor: Event, report: MergeReport, *, user, reason: str) -> None:
    for child in Event.objects.filter(parent=merged).exclude(pk=survivor.pk).order_by("id"):
        child.parent = survivor
        child.updated_by = user
        _save_with_reason(child, user=user, reason=reason)
        report.count("events held on its sidelines")


def _point_addresses(merged: Event, survivor: Event) -> None:
    """The merged event's old addresses, and any it had inherited from earlier merges, lead to the survivor."""
    EventRedirect.objects.filter(event=merged).update(event=survivor)
    # An old address that is now the survivor's own leads nowhere else.
    EventRedirect.objects.filter(old_slug=survivor.slug).delete()
    EventRedirect.objects.update_or_create(old_slug=merged.slug, defaults={"old_uid": merged.uid, "event": survivor})


def merge_refusal(*, merged: Event, survivor: Event, user) -> str | None:
    """Why these two events may not be merged by `user`, or None."""
    if not publishing.may_merge(user):
        return publishing.MAY_NOT_MERGE_MESSAGE
    if merged.pk == survivor.pk:
        return "an event cannot be merged into itself."
    return None


@transaction.atomic
def merge_events(*, merged: Event, survivor: Event, user) -> MergeReport:
    """Merge `merged` into `survivor`: see the module docstring. Raises EditorialError or
    publishing.PublishingRefused (nothing is changed then)."""
    problem = merge_refusal(merged=merged, survivor=survivor, user=user)
    if problem:
        raise EditorialError(problem[0].upper() + problem[1:])
    # Read both afresh under the write lock, so a concurrent edit is not overwritten with stale values.
    rows = Event.objects.select_for_update().in_bulk([merged.pk, survivor.pk])
    if len(rows) != 2:
        raise EditorialError("One of the two events no longer exists.")
    merged, survivor = rows[merged.pk], rows[survivor.pk]
    reason = f"merged into {survivor.uid}"
    survivor._history_user, survivor._change_reason = user, reason
    was_published = survivor.is_published
    report = MergeReport(survivor=survivor)

    _move_participations(merged, survivor, report, user=user, reason=reason)
    _move_citations(merged, survivor, report, user=user, reason=reason)
    _move_statements(merged, survivor, report, user=user, reason=reason)
    _move_links(merged, survivor, report)
    _move_children(merged, survivor, report, user=user, reason=reason)
    if survivor.series_id is None and merged.series_id is not None:
        survivor.series_id = merged.series_id
        report.moved["series"] = 1
    if survivor.parent_id is None and merged.parent_id not in (None, survivor.pk):
        survivor.parent_id = merged.parent_id
        report.moved["parent event"] = 1
    if survivor.parent_id == merged.pk:
        survivor.parent_id = merged.parent_id

    # A published record stays published under the survivor's address, under the usual rules.
    survivor.is_published = was_published or merged.is_published
    publishing.approve(
        survivor, user=user, was_published=was_published, citation_count=Citation.objects.filter(event=survivor).count()
    )
    survivor.updated_by = user
    _save_with_reason(survivor, user=user, reason=reason)

    _point_addresses(merged, survivor)
    merged._history_user, merged._change_reason = user, reason
    merged.delete()
    refresh_event_countries(survivor)
    return report
