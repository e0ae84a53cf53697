"""What a reader may see: the one rule every surface asks, as queryset methods.

Staff (active and is_staff) see every row. Everyone else, signed in or not, sees what published
events support:

- an event when it is published;
- a statement (a quote) when every event it names is published: the event where it was said
  (`event`) and the event it is about (`about_event`), whichever of the two are set. A quote said
  at a draft stays hidden though it is about a published event, and a quote about a draft stays
  hidden on the published event where it was said; a quote tied to no recorded event of its own
  shows on the published event it is about. Text search reads the same quotes (`q`), so no hidden
  quote can be probed word by word;
- a person who takes part in a published event or speaks a visible statement;
- a topic of a published event, a series with a published event, and an organisation that hosts,
  is party to or is represented at a published event.

What only drafts name answers 404 on its page and is left out of the API's lists, the sitemap and
the filter's choices, exactly like a slug that does not exist. Each model's manager is built from
the queryset here (`Person.objects.visible_to(user)`), and `EventQuerySet.visible_to` asks
`sees_drafts` too, so a change to the rule is made here once.
"""

from typing import Self

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q


def sees_drafts(user) -> bool:
    """Whether `user` sees drafts and everything only drafts name: active staff do, nobody else.

    `None` is an anonymous reader (the feed and the sitemap ask as one, whoever is signed in).
    """
    return bool(user is not None and user.is_active and user.is_staff)


def _model(name: str) -> type[models.Model]:
    # Read when a query is built: the models import this module while they are being defined.
    return apps.get_model("tracker", name)


def _published_events() -> models.QuerySet:
    return _model("Event").objects.filter(is_published=True)


class ReaderQuerySet(models.QuerySet):
    """A queryset whose rows are public only when published events support them (see above). Each
    subclass says which rows that is in its `public()`."""

    def visible_to(self, user) -> Self:
        """Every row for staff; the public ones for anyone else, signed in or not."""
        return self if sees_drafts(user) else self.public()


class StatementQuerySet(ReaderQuerySet):
    def public(self) -> Self:
        """Statements whose every named event is published: where it was said and what it is about."""
        return self.filter(
            Q(event__isnull=True) | Q(event__is_published=True),
            Q(about_event__isnull=True) | Q(about_event__is_published=True),
        )


class PersonQuerySet(ReaderQuerySet):
    def public(self) -> Self:
        """People who take part in a published event or speak a visible statement."""
        participations = _model("Participation").objects.filter(person=OuterRef("pk"), event__is_published=True)
        statements = _model("Statement").objects.public().filter(speaker=OuterRef("pk"))
        return self.filter(Exists(participations) | Exists(statements))


class TopicQuerySet(ReaderQuerySet):
    def public(self) -> Self:
        """Topics of at least one published event."""
        links = _model("Event").topics.through.objects.filter(topic=OuterRef("pk"), event__is_published=True)
        return self.filter(Exists(links))


class SeriesQuerySet(ReaderQuerySet):
    def public(self) -> Self:
        """Series with at least one published event."""
        return self.filter(Exists(_published_events().filter(series=OuterRef("pk"))))


class OrganizationQuerySet(ReaderQuerySet):
    def public(self) -> Self:
        """Organisations that host, are party to, or are represented at a published event."""
        hosted = _published_events().filter(host_organization=OuterRef("pk"))
        parties = _model("Event").party_organizations.through.objects.filter(
            organization=OuterRef("pk"), event__is_published=True
        )
        represented = _model("Participation").objects.filter(
            represented_organization=OuterRef("pk"), event__is_published=True
        )
        return self.filter(Exists(hosted) | Exists(parties) | Exists(represented))
