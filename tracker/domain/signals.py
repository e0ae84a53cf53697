"""Keep derived rows in step with what researchers edit, and the data version with every change."""

from functools import cache

from django.db import models
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from tracker.domain import publishing
from tracker.domain.derived import fill_participation_defaults, refresh_event_countries
from tracker.domain.slugs import fill_blank_slug
from tracker.domain.text import normalise_text
from tracker.exports.lines import fill_after_this_write
from tracker.models import (
    Citation,
    Country,
    DataVersion,
    Event,
    Office,
    Organization,
    Participation,
    Person,
    Position,
    Series,
    Source,
    Statement,
    Topic,
)


@cache
def _text_fields(model) -> tuple[tuple[str, bool], ...]:
    """(attribute, multiline) for each text column of a model: TextFields keep their line breaks."""
    return tuple(
        (field.attname, isinstance(field, models.TextField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    )


@receiver(pre_save)
def normalise_typed_text(sender, instance, raw: bool = False, **kwargs) -> None:
    """Every text a tracker record stores passes tracker.domain.text.normalise_text on the way in."""
    if sender._meta.app_label != "tracker":
        return
    for attname, multiline in _text_fields(sender):
        value = getattr(instance, attname)
        if isinstance(value, str) and value:
            setattr(instance, attname, normalise_text(value, multiline=multiline))


def slug_when_blank(sender, instance, raw: bool = False, **kwargs) -> None:
    """A record saved without a slug (the admin left it blank, code forgot it) gets one from its name."""
    if not raw:
        fill_blank_slug(instance)


for model in (Event, Person, Topic, Series, Organization, Office):
    pre_save.connect(slug_when_blank, sender=model, dispatch_uid=f"slug-when-blank-{model._meta.label}")


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


# Every model a reader's page, chart or summary draws on. EventCountry is left out: it is rebuilt
# only from Event and Participation saves, which count already, and a receiver on it would stop
# Django from deleting its rows in one statement.
READER_MODELS = (
    Event,
    Participation,
    Country,
    Organization,
    Person,
    Office,
    Position,
    Topic,
    Series,
    Statement,
    Source,
    Citation,
)
READER_LINKS = (Event.topics.through, Event.party_countries.through, Event.party_organizations.through)


def data_changed(sender, **kwargs) -> None:
    DataVersion.bump()
    fill_after_this_write()


def links_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        DataVersion.bump()
        fill_after_this_write()


for model in READER_MODELS:
    post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model._meta.label}")
    post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-delete-{model._meta.label}")
for through in READER_LINKS:
    m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"data-version-links-{through._meta.label}")

# An event becomes published only through tracker.domain.publishing.approve().
pre_save.connect(publishing.guard_publication, sender=Event, dispatch_uid="publishing-guard")
