"""Small builders for the readers' site tests: make_event(...) with just the fields a test cares about."""

from itertools import count

from django.utils.text import slugify

from tests.factories import create_event
from tracker.domain.dates import parse_partial_date
from tracker.models import Event, Participation, Person, Series, Topic

_numbers = count(1)


def make_person(name: str) -> Person:
    person, _ = Person.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return person


def make_topic(name: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return topic


def make_series(name: str) -> Series:
    series, _ = Series.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return series


def make_event(
    title: str = "A meeting",
    *,
    when: str = "1 Mar 2025",
    kind: str = Event.Kind.BILATERAL_SUMMIT,
    host: str | None = None,
    parties: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    series: str | None = None,
    place: tuple[str, float, float] | None = None,
    published: bool = True,
    lifecycle: str = Event.Lifecycle.HELD,
) -> Event:
    """An event with the given countries (host, parties), participants (by name), topics and series."""
    period = parse_partial_date(when)
    place_name, latitude, longitude = place or ("", None, None)
    event = create_event(
        title=title,
        slug=f"{slugify(title)[:150]}-{next(_numbers)}",
        kind=kind,
        start_date=period.start,
        end_date=period.end,
        date_precision=period.precision,
        host_country_id=host,
        place_name=place_name,
        latitude=latitude,
        longitude=longitude,
        series=make_series(series) if series else None,
        is_published=published,
        lifecycle=lifecycle,
    )
    if parties:
        event.party_countries.set(parties)
    for name in people:
        Participation.objects.create(event=event, person=make_person(name))
    if topics:
        event.topics.set([make_topic(name) for name in topics])
    return event
