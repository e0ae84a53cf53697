"""Keep derived rows in step with what researchers edit."""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from tracker.derived import fill_participation_defaults, refresh_event_countries
from tracker.models import Event, Participation


@receiver(pre_save, sender=Participation)
def default_office_and_country(sender, instance: Participation, raw: bool = False, **kwargs) -> None:
    if not raw:
        fill_participation_defaults(instance)


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
def participation_changed(sender, instance: Participation, raw: bool = False, origin=None, **kwargs) -> None:
    if raw or _deleting_events(origin):
        return
    event = Event.objects.filter(pk=instance.event_id).first()
    if event is not None:
        refresh_event_countries(event)


def _deleting_events(origin) -> bool:
    """True while events themselves are being deleted: their participations go with them, and
    rebuilding EventCountry rows for a doomed event would leave rows pointing at nothing."""
    if isinstance(origin, Event):
        return True
    return isinstance(origin, QuerySet) and issubclass(origin.model, Event)


@receiver(post_save, sender=Event)
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_event_countries(instance)


@receiver(m2m_changed, sender=Event.party_countries.through)
def party_countries_changed(sender, instance, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Event):
        refresh_event_countries(instance)
