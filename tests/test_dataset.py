"""The whole dataset in one file: export, import into an empty database, export again."""

import json

import pytest
from django.core.management import call_command

from tests.builders_api import make_user
from tests.builders_export import clear_events
from tracker.exports.dataset import dataset_bytes
from tracker.imports.reference import import_dataset
from tracker.models import Event, Office, Organization, Person, Position, Series, Source, Statement, Topic


class _Staff:
    is_active = is_staff = True


STAFF = _Staff()


def clear_everything() -> None:
    """An empty database as migrations leave it: seeded countries and groups, no records."""
    clear_events()
    Position.objects.all().delete()
    Person.objects.all().delete()
    Office.objects.all().delete()
    for model in (Organization, Topic, Series, Source):
        model.objects.all().delete()


def test_the_demo_dataset_round_trips_byte_for_byte(demo):
    first = dataset_bytes(STAFF)
    clear_everything()
    report = import_dataset(first)
    assert report.ok, [str(error) for error in report.errors]
    assert dataset_bytes(STAFF) == first
    again = import_dataset(first)
    assert again.ok
    for kind, section in again.sections.items():
        assert not section.created and not section.updated, (kind, section.created, section.updated)


def test_readers_get_only_what_published_events_stand_on(demo):
    draft = Event.objects.filter(is_published=False).first()
    assert draft is not None
    document = json.loads(dataset_bytes(None))
    assert str(draft.uid) not in {row["uid"] for row in document["events"]}
    assert all(row["is_published"] for row in document["events"])
    editor = json.loads(dataset_bytes(STAFF))
    assert str(draft.uid) in {row["uid"] for row in editor["events"]}


def test_a_generated_corpus_round_trips_byte_for_byte_and_reimports_unchanged(db):
    from tests.builders_dataset import build_corpus

    build_corpus(200)
    first = dataset_bytes(STAFF)
    document = json.loads(first)
    assert len(document["events"]) == 200 and len(document["statements"]) == 60
    assert len(document["positions"]) == 24
    clear_everything()
    report = import_dataset(first)
    assert report.ok, [str(error) for error in report.errors][:10]
    assert dataset_bytes(STAFF) == first
    again = import_dataset(first)
    assert again.ok
    for kind, section in again.sections.items():
        assert not section.created and not section.updated, (kind, section.created[:3], section.updated[:3])
