"""Small builders for the API, editorial and security tests."""

import itertools
from datetime import date

from django.contrib.auth.models import Group, User

from tests.factories import create_event
from tracker.domain.derived import refresh_event_countries
from tracker.models import Citation, Event, Participation, Person, Source

_counter = itertools.count(1)


def make_person(name: str = "", **values) -> Person:
    number = next(_counter)
    return Person.objects.create(name=name or f"Person {number}", slug=values.pop("slug", f"person-{number}"), **values)


def make_event(title: str = "", *, published: bool = True, cited: bool = False, **values) -> Event:
    number = next(_counter)
    values.setdefault("kind", Event.Kind.BILATERAL_SUMMIT)
    values.setdefault("start_date", date(2025, 6, 1))
    values.setdefault("end_date", values["start_date"])
    countries = values.pop("countries", ["KR"])
    people = values.pop("people", [])
    event = create_event(
        title=title or f"Event {number}", slug=values.pop("slug", f"event-{number}"), is_published=published, **values
    )
    event.party_countries.set(countries)
    for person in people:
        Participation.objects.create(event=event, person=person, represented_country_id=countries[0])
    if cited:
        source = Source.objects.create(publisher="Reuters", title=f"Report {number}")
        Citation.objects.create(source=source, event=event)
    refresh_event_countries(event)
    return event


def make_user(
    username: str, *, group: str | None = None, staff: bool | None = None, password: str = "pw-long-enough-1"
) -> User:
    """A user; with a group (Researcher or Editor) a staff member of it."""
    user = User.objects.create_user(
        username=username, password=password, is_staff=bool(group) if staff is None else staff
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
