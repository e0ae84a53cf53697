"""Demo data: the facts around the Lee–Takaichi summit in Nara (January 2026), in our own words.

Dates the founding report only hints at come from the public record (see docs/data-model.md);
where a date is known only to the month or the year, it is stored at that precision.
"""

from decimal import Decimal

from django.db import transaction

from tracker.demo.records import EVENTS, OFFICES, ORGANIZATIONS, PEOPLE, POSITIONS, SERIES, SOURCES, STATEMENTS, TOPICS
from tracker.domain import publishing
from tracker.domain.dates import parse_partial_date
from tracker.domain.derived import refresh_event_countries
from tracker.models import (
    Citation,
    Country,
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


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update it only where a value differs, so reloading writes no history."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()
    return instance, False


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load (or bring up to date) the demo records; running it twice changes nothing."""
    created: dict[str, int] = {}

    def count(label: str, was_created: bool) -> None:
        created[label] = created.get(label, 0) + int(was_created)

    organizations = {}
    for name, acronym, slug in ORGANIZATIONS:
        organizations[slug], new = _upsert(Organization, {"slug": slug}, {"name": name, "acronym": acronym})
        count("organizations", new)
    people = {}
    for name, native, slug in PEOPLE:
        people[slug], new = _upsert(Person, {"slug": slug}, {"name": name, "native_name": native})
        count("people", new)
    offices = {}
    for slug, title, kind, country in OFFICES:
        offices[slug], new = _upsert(Office, {"slug": slug}, {"title": title, "kind": kind, "country_id": country})
        count("offices", new)
    for person, office, start, end in POSITIONS:
        _, new = _upsert(
            Position,
            {"person": people[person], "office": offices[office], "start_date": start},
            {"end_date": end},
        )
        count("positions", new)
    topics = {}
    for name, slug, description in TOPICS:
        topics[slug], new = _upsert(Topic, {"slug": slug}, {"name": name, "description": description})
        count("topics", new)
    series = {}
    for name, slug, description in SERIES:
        series[slug], new = _upsert(Series, {"slug": slug}, {"name": name, "description": description})
        count("series", new)
    sources = {}
    for key, publisher, title in SOURCES:
        sources[key], new = _upsert(Source, {"publisher": publisher, "title": title}, {})
        count("sources", new)

    events = {}
    for spec in EVENTS:
        period = parse_partial_date(spec["when"])
        place_name, place_country, latitude, longitude = spec.get("place", ("", None, None, None))
        values = {
            "title": spec["title"],
            "kind": spec["kind"],
            "start_date": period.start,
            "end_date": period.end,
            "date_precision": period.precision,
            "place_name": place_name,
            "place_country_id": place_country,
            "latitude": _decimal(latitude),
            "longitude": _decimal(longitude),
            "host_country_id": spec.get("host_country"),
            "host_organization": organizations.get(spec.get("host_organization")),
            "parent": events.get(spec.get("parent")),
            "series": series.get(spec.get("series")),
            "summary": spec.get("summary", ""),
            "outcome": spec.get("outcome", ""),
            "lifecycle": Event.Lifecycle.HELD,
        }
        event, new = _upsert(Event, {"slug": spec["slug"]}, values)
        count("events", new)
        events[spec["slug"]] = event
        wanted_topics = {topics[slug].pk for slug in spec.get("topics", [])}
        if set(event.topics.values_list("pk", flat=True)) != wanted_topics:
            event.topics.set(wanted_topics)
        wanted_parties = set(spec.get("party_countries", []))
        if set(event.party_countries.values_list("code", flat=True)) != wanted_parties:
            event.party_countries.set(Country.objects.filter(code__in=wanted_parties))
        for person_slug, role in spec.get("participants", []):
            _, new = _upsert(Participation, {"event": event, "person": people[person_slug]}, {"role": role})
            count("participations", new)
        for source_key in spec.get("sources", []):
            _, new = _upsert(Citation, {"event": event, "source": sources[source_key]}, {})
            count("citations", new)
        if not event.is_published:
            # Created as a draft with its citations, then published under the same rule as any event.
            event.is_published = True
            publishing.approve(event, user=None, was_published=False, citation_count=event.citations.count())
            event.save()
        refresh_event_countries(event)

    for spec in STATEMENTS:
        period = parse_partial_date(spec["said"]) if spec.get("said") else None
        speaker = people[spec["speaker"]] if spec.get("speaker") else None
        statement, new = _upsert(
            Statement,
            {"speaker": speaker, "speaker_description": spec.get("speaker_description", ""), "quote": spec["quote"]},
            {
                "said_at": spec.get("said_at", ""),
                "language": "en",
                "said_on": period.start if period else None,
                "said_on_precision": period.precision if period else "day",
                "event": events.get(spec.get("said_at_event")),
                "about_event": events.get(spec.get("about")),
            },
        )
        count("statements", new)
        _, new = _upsert(Citation, {"statement": statement, "source": sources[spec["source"]]}, {})
        count("citations", new)
    return created


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))
