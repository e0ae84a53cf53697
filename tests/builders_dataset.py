"""A generated corpus for the dataset round trip: people with aliases and terms of office, events
with participants, topics, series, citations and partial dates, drafts among them, and statements."""

import random
from datetime import date, timedelta

from tests.factories import create_event
from tracker.models import (
    Citation,
    Event,
    Office,
    Organization,
    Participation,
    Person,
    PersonAlias,
    Position,
    Series,
    Source,
    Statement,
    Topic,
)

COUNTRIES = ["KR", "JP", "CN", "US", "XK", "SU"]


def build_corpus(events: int = 200, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    organizations = [
        Organization.objects.create(name=f"Forum {n}", acronym=f"F{n}", slug=f"forum-{n}", wikidata_qid=f"Q{900 + n}")
        for n in range(3)
    ]
    offices = [
        Office.objects.create(
            title="President", kind=Office.Kind.HEAD_OF_STATE, country_id=code, slug=f"president-{code.lower()}"
        )
        for code in COUNTRIES
    ]
    offices.append(
        Office.objects.create(
            title="Secretary-General", kind=Office.Kind.ORGANIZATION_LEADER, organization=organizations[0], slug="sg-f0"
        )
    )
    people = []
    for n in range(24):
        person = Person.objects.create(
            name=f"Leader {n} Kim-Park",
            native_name="김박" if n % 3 == 0 else "",
            slug=f"leader-{n}",
            wikidata_qid=f"Q{5000 + n}" if n % 2 else "",
        )
        if n % 4 == 0:
            PersonAlias.objects.create(person=person, name=f"Leader {n} Kim Park")
        office = offices[n % len(offices)]
        start = date(2000 + n % 20, 1 + n % 12, 1 + n % 27)
        end = None if n % 5 == 0 else start + timedelta(days=365 * (1 + n % 4))
        Position.objects.create(person=person, office=office, start_date=start, end_date=end)
        people.append(person)
    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(8)]
    series = [Series.objects.create(name=f"Series {n}", slug=f"series-{n}") for n in range(3)]
    sources = [
        Source.objects.create(
            publisher=f"Agency {n}",
            title=f"Report {n}",
            url=f"https://example.org/{n}",
            published_on=date(2020, 1, 1 + n),
        )
        for n in range(10)
    ]
    made = []
    kinds = [Event.Kind.BILATERAL_SUMMIT, Event.Kind.PHONE_CALL, Event.Kind.STATE_VISIT, Event.Kind.JOINT_STATEMENT]
    for n in range(events):
        precision = rng.choice(["day", "day", "month", "year"])
        start = date(2000 + rng.randrange(25), 1 + rng.randrange(12), 1 + rng.randrange(28))
        if precision == "month":
            start, end = (
                start.replace(day=1),
                (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1),
            )
        elif precision == "year":
            start, end = date(start.year, 1, 1), date(start.year, 12, 31)
        else:
            end = start + timedelta(days=rng.choice([0, 0, 1, 2]))
        event = create_event(
            title=f"Meeting {n}",
            slug=f"meeting-{n}",
            kind=rng.choice(kinds),
            start_date=start,
            end_date=end,
            date_precision=precision,
            host_country_id=rng.choice(COUNTRIES),
            series=rng.choice([None, *series]),
            summary=f"Summary {n}; with | bars and \\ backslashes",
            is_published=n % 7 != 0,
            latitude=None if n % 3 else 37.5,
            longitude=None if n % 3 else -0.00005 if n % 2 else 127.0,
            wikidata_qid=f"Q{7000 + n}" if n % 5 == 0 else "",
        )
        event.topics.set(rng.sample(topics, rng.randrange(3)))
        for person in rng.sample(people, 2 + rng.randrange(2)):
            Participation.objects.create(event=event, person=person, role=rng.choice(["host", "guest", "participant"]))
        Citation.objects.create(event=event, source=rng.choice(sources), locator=f"para {n}", excerpt=f"Excerpt {n}")
        made.append(event)
    for n in range(60):
        event = rng.choice(made)
        unattributed = n % 5 == 0
        # Stored as every path stores a partial date: the first day of its period.
        precision = rng.choice(["day", "month"])
        said_on = event.start_date.replace(day=1) if precision == "month" else event.start_date
        statement = Statement.objects.create(
            speaker=None if unattributed else rng.choice(people),
            speaker_description="a senior official" if unattributed else "",
            quote=f"Quote {n}: “we talked”",
            language=rng.choice(["en", "ko"]),
            said_at="to reporters" if n % 2 else "",
            said_on=said_on if n % 3 else None,
            said_on_precision=precision,
            event=event if n % 2 else None,
            about_event=rng.choice(made) if n % 2 == 0 or n % 3 == 0 else None,
        )
        if n % 4 == 0:
            Citation.objects.create(statement=statement, source=rng.choice(sources), locator=f"q{n}")
