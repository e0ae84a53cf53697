"""The whole dataset in one file: export, import into an empty database, export again."""

import json
from datetime import date

from django.core.management import call_command

from tests.builders_api import make_user
from tests.builders_export import clear_events
from tracker.exports.dataset import dataset_bytes
from tracker.imports.reference import import_dataset
from tracker.models import (
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


def test_readers_get_only_what_published_events_stand_on(client, demo):
    from tests.factories import create_event, make_person

    hidden = make_person("Hidden Envoy", slug="hidden-envoy")
    draft = create_event(
        title="Secret talks",
        slug="secret-talks",
        kind="phone_call",
        start_date=date(2026, 2, 1),
        end_date=date(2026, 2, 1),
    )
    Participation.objects.create(event=draft, person=hidden)
    Statement.objects.create(speaker=hidden, quote="Nothing to say", about_event=draft)
    anonymous = client.get("/export/dataset.json")
    assert anonymous.status_code == 200 and anonymous["Content-Type"] == "application/json"
    document = json.loads(b"".join(anonymous.streaming_content))
    assert str(draft.uid) not in {row["uid"] for row in document["events"]}
    assert all(row["is_published"] for row in document["events"])
    assert "hidden-envoy" not in {row["slug"] for row in document["people"]}
    assert "Nothing to say" not in {row["quote"] for row in document["statements"]}
    assert {row["slug"] for row in document["people"]} >= {"lee-jae-myung", "sanae-takaichi"}
    client.force_login(make_user("editor", group="Editor"))
    staff = client.get("/export/dataset.json")
    assert staff["Cache-Control"] == "private, no-store"
    document = json.loads(b"".join(staff.streaming_content))
    assert str(draft.uid) in {row["uid"] for row in document["events"]}
    assert "hidden-envoy" in {row["slug"] for row in document["people"]}


def test_the_readers_dataset_imports_into_an_empty_database_with_no_errors(demo):
    public = dataset_bytes(None)
    clear_everything()
    report = import_dataset(public)
    assert report.ok, [str(error) for error in report.errors]
    assert dataset_bytes(None) == public


def test_the_commands_write_and_read_the_dataset(demo, tmp_path, capsys):
    path = tmp_path / "dataset.json"
    call_command("export_dataset", "--output", str(path), "--include-drafts")
    first = path.read_bytes()
    clear_everything()
    call_command("import_dataset", str(path))
    assert "events: 11 row(s), 11 were created" in capsys.readouterr().out
    call_command("export_dataset", "--output", str(path), "--include-drafts")
    assert path.read_bytes() == first
    call_command("import_dataset", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert (
        "Dry run" in out
        and "would be created" in out
        and " 0 would be created, 0 would be updated, 11 unchanged" in out
    )


def test_a_generated_corpus_round_trips_byte_for_byte_and_reimports_unchanged(db):
    from tests.builders_dataset import build_corpus

    build_corpus(200)
    first = dataset_bytes(STAFF)
    document = json.loads(first)
    assert len(document["events"]) == 200 and len(document["statements"]) == 60
    assert len(document["positions"]) == 24
    # Into the database it came from: every row of every kind unchanged.
    same = import_dataset(first)
    assert same.ok, [str(error) for error in same.errors][:10]
    for kind, section in same.sections.items():
        assert not section.created and not section.updated, (kind, section.created[:3], section.updated[:3])
    clear_everything()
    report = import_dataset(first)
    assert report.ok, [str(error) for error in report.errors][:10]
    assert dataset_bytes(STAFF) == first
    again = import_dataset(first)
    assert again.ok
    for kind, section in again.sections.items():
        assert not section.created and not section.updated, (kind, section.created[:3], section.updated[:3])
