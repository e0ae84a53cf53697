"""Small builders for tests: each makes one row with sensible defaults and takes overrides."""

import itertools
from datetime import date

from tracker.domain.dates import parse_partial_date
from tracker.models import Citation, Event, Office, Participation, Person, Position, Source, Statement, Topic

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_person(name: str | None = None, **fields) -> Person:
    number = _next()
    name = name or f"Person {number}"
    return Person.objects.create(name=name, slug=fields.pop("slug", f"person-{number}"), **fields)


def make_office(title: str = "Prime Minister", country: str = "JP", kind: str = Office.Kind.HEAD_OF_GOVERNMENT):
    return Office.objects.create(title=title, kind=kind, country_id=country, slug=f"office-{_next()}")


def make_position(person: Person, office: Office, start: date, end: date | None = None) -> Position:
    return Position.objects.create(person=person, office=office, start_date=start, end_date=end)


def create_event(**fields) -> Event:
    """Event.objects.create for tests. A published one is marked so in its row directly, as a raw
    data load would, outside tracker.domain.publishing: most tests need published events, not the
    citations the rules ask for; the rules themselves have their own tests."""
    published = fields.pop("is_published", False)
    event = Event.objects.create(**fields)
    if published:
        Event.objects.filter(pk=event.pk).update(is_published=True)
        event.is_published = True
    return event


def make_event(title: str | None = None, *, when: str = "13 Jan 2026", participants=(), **fields) -> Event:
    """An event dated by what a researcher would type; published unless told otherwise."""
    number = _next()
    period = parse_partial_date(when)
    fields.setdefault("kind", Event.Kind.BILATERAL_SUMMIT)
    fields.setdefault("is_published", True)
    topics = fields.pop("topics", [])
    event = create_event(
        title=title or f"Event {number}",
        slug=fields.pop("slug", f"event-{number}"),
        start_date=period.start,
        end_date=period.end,
        date_precision=period.precision,
        **fields,
    )
    for person in participants:
        Participation.objects.create(event=event, person=person)
    if topics:
        event.topics.set(topics)
    return event


def make_topic(name: str | None = None) -> Topic:
    number = _next()
    return Topic.objects.create(name=name or f"Topic {number}", slug=f"topic-{number}")


def make_source(publisher: str = "Reuters", title: str = "") -> Source:
    return Source.objects.create(publisher=publisher, title=title or f"Report {_next()}")


def cite(event: Event, publisher: str = "Reuters") -> Citation:
    return Citation.objects.create(event=event, source=make_source(publisher))


def make_statement(speaker: Person, event: Event, quote: str = "We talked.", **fields) -> Statement:
    return Statement.objects.create(speaker=speaker, event=event, quote=quote, **fields)
