"""Small builders for the performance and scale tests: events with everything a list row shows."""

from datetime import date

from tests.factories import create_event
from tracker.models import Citation, Event, Office, Participation, Person, Position, Source, Statement, Topic

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_leader(country: str, *, since: date = date(2000, 1, 1)) -> Person:
    """A person holding their country's top office since `since`."""
    n = _next()
    person = Person.objects.create(name=f"Leader {country} {n}", slug=f"leader-{country.lower()}-{n}")
    office, _ = Office.objects.get_or_create(
        slug=f"president-{country.lower()}",
        defaults={"title": "President", "kind": Office.Kind.HEAD_OF_STATE_AND_GOVERNMENT, "country_id": country},
    )
    Position.objects.create(person=person, office=office, start_date=since)
    return person


def make_event(
    *,
    title: str = "Summit",
    start: date = date(2025, 6, 1),
    end: date | None = None,
    precision: str = "day",
    host: str | None = "KR",
    guests: tuple[Person, ...] = (),
    topics: tuple[Topic, ...] = (),
    summary: str = "",
    quote: str | None = None,
    published: bool = True,
    cited: bool = False,
) -> Event:
    """A published event (by default) with participants, topics, a quote and a citation as asked."""
    n = _next()
    event = create_event(
        title=title,
        slug=f"event-{n}",
        kind=Event.Kind.BILATERAL_SUMMIT,
        start_date=start,
        end_date=end or start,
        date_precision=precision,
        host_country_id=host,
        summary=summary,
        is_published=published,
    )
    for person in guests:
        Participation.objects.create(event=event, person=person, role=Participation.Role.GUEST)
    if topics:
        event.topics.set(topics)
    if quote is not None:
        speaker = guests[0] if guests else make_leader(host or "KR")
        Statement.objects.create(speaker=speaker, quote=quote, event=event)
    if cited:
        source, _ = Source.objects.get_or_create(publisher="Reuters", title="Report")
        Citation.objects.create(source=source, event=event)
    return event


def make_topic(name: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})
    return topic
