"""Every write path × {Researcher, Editor, anonymous} × {draft, published}: allowed or refused, as
docs/editorial.md documents. Each attempt is made the way its user makes it (an admin page, an
action, an upload), and judged by what reached the database, not by the status code alone."""

import io
import json
from datetime import date

import pytest
from django.test import Client

from tests.builders_api import make_person, make_user
from tests.factories import create_event
from tracker.domain import publishing
from tracker.models import Citation, Event, Participation, Source, Statement

ROLES = ["Researcher", "Editor", "anonymous"]
STATES = ["draft", "published"]


def _event(state: str) -> Event:
    """A cited event with a participant and a quote; published through the rules when asked."""
    day = date(2026, 1, 13)
    event = create_event(title="Talks in Busan", slug="talks", kind="bilateral_summit", start_date=day, end_date=day)
    person = make_person("Lee Jae Myung")
    Participation.objects.create(event=event, person=person, role="host")
    Citation.objects.create(event=event, source=Source.objects.create(publisher="Yonhap", title="Report"))
    Statement.objects.create(event=event, speaker=person, quote="We talked.")
    event.title = "Talks in Busan, revised"
    event.save()  # a second history entry, for revert
    if state == "published":
        publishing.publish_events(Event.objects.filter(pk=event.pk), user=None)
        event.refresh_from_db()
    return event


def _client(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(make_user(role.lower(), group=role))
    return client


def _form(event: Event, **fields) -> dict:
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "when": event.when,
        "lifecycle": event.lifecycle,
        "summary": "",
        "outcome": "",
        "place_name": "",
    }
    if event.is_published:
        data["is_published"] = "on"
    for prefix in ("participations", "statements"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    citation = event.citations.get()
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-INITIAL_FORMS": "1",
            "citations-0-id": citation.pk,
            "citations-0-event": event.pk,
            "citations-0-source": citation.source_id,
        }
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


# Each path: (attempt, did it change the database?). The attempt uses only what the user's client can send.
def change_form(client, event):
    client.post(f"/admin/tracker/event/{event.pk}/change/", _form(event, title="Rewritten"))
    return Event.objects.filter(pk=event.pk, title="Rewritten").exists()


def toggle_in_form(client, event):
    wanted = not event.is_published
    client.post(f"/admin/tracker/event/{event.pk}/change/", _form(event, is_published="on" if wanted else None))
    return Event.objects.get(pk=event.pk).is_published == wanted


def toggle_action(client, event):
    action = "unpublish_selected" if event.is_published else "publish_selected"
    client.post("/admin/tracker/event/", {"action": action, "_selected_action": [event.pk]})
    return Event.objects.get(pk=event.pk).is_published != event.is_published


def add_participation(client, event):
    person = make_person("Sanae Takaichi")
    client.post("/admin/tracker/participation/add/", {"event": event.pk, "person": person.pk, "role": "guest"})
    return event.participations.filter(person=person).exists()


def change_participation(client, event):
    participation = event.participations.get()
    data = {"event": event.pk, "person": participation.person_id, "role": "guest"}
    client.post(f"/admin/tracker/participation/{participation.pk}/change/", data)
    return event.participations.filter(role="guest").exists()


def change_citation(client, event):
    citation = event.citations.get()
    data = {"source": citation.source_id, "event": event.pk, "excerpt": "new excerpt", "locator": ""}
    client.post(f"/admin/tracker/citation/{citation.pk}/change/", data)
    return Citation.objects.filter(pk=citation.pk, excerpt="new excerpt").exists()


def change_statement(client, event):
    statement = event.statements.get()
    data = {"speaker": statement.speaker_id, "quote": "We did not talk.", "language": "en", "event": event.pk}
    data.update({"citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"})
    client.post(f"/admin/tracker/statement/{statement.pk}/change/", data)
    return Statement.objects.filter(pk=statement.pk, quote="We did not talk.").exists()


def revert_history(client, event):
    first = Event.history.filter(id=event.pk).earliest("history_date")
    data = _form(event, title=first.title, is_published="on" if event.is_published else None)
    data = {
        key: value for key, value in data.items() if not key.startswith(("citations", "participations", "statements"))
    }
    client.post(f"/admin/tracker/event/{event.pk}/history/{first.history_id}/", data)
    return Event.objects.filter(pk=event.pk, title=first.title).exists()


def restore_deleted(client, event):
    pk = event.pk
    event.delete()
    record = Event.history.filter(id=pk, history_type="-").get()
    client.post("/admin/tracker/event/deleted/", {"history_id": record.history_id})
    assert not Event.objects.filter(pk=pk, is_published=True).exists()  # never back on the public site
    return Event.objects.filter(pk=pk).exists()


def import_update(client, event):
    row = {
        "uid": str(event.uid),
        "title": "Rewritten by import",
        "slug": event.slug,
        "kind": event.kind,
        "start_date": event.start_date.isoformat(),
        "is_published": event.is_published,
        "citations": [{"publisher": "Yonhap", "title": "Report"}],
    }
    upload = io.BytesIO(json.dumps({"rows": [row]}).encode())
    upload.name = "events.json"
    preview = client.post("/admin/tracker/event/import/", {"action": "preview", "file": upload})
    token = preview.context.get("token") if preview.context else None
    if token:
        client.post("/admin/tracker/event/import/", {"action": "confirm", "token": token})
    return Event.objects.filter(pk=event.pk, title="Rewritten by import").exists()


PATHS = {
    "event form: change": change_form,
    "event form: publish or unpublish": toggle_in_form,
    "publish / unpublish action": toggle_action,
    "participation: add": add_participation,
    "participation: change": change_participation,
    "citation: change": change_citation,
    "statement: change": change_statement,
    "history: revert": revert_history,
    "deleted events: restore": restore_deleted,
    "import page: update by uid": import_update,
}

# The documented matrix (docs/editorial.md): what each role may do to a draft and to a published event.
ALLOWED = {
    ("Researcher", "draft"): set(PATHS) - {"event form: publish or unpublish", "publish / unpublish action"},
    ("Researcher", "published"): {"deleted events: restore"},  # it comes back as a draft
    ("Editor", "draft"): set(PATHS),
    ("Editor", "published"): set(PATHS),
    ("anonymous", "draft"): set(),
    ("anonymous", "published"): set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PATHS))
def test_write_path_respects_the_role(path, role, state):
    event = _event(state)
    changed = PATHS[path](_client(role), event)
    assert changed == (path in ALLOWED[(role, state)])


@pytest.mark.django_db
def test_no_path_leaves_a_published_event_uncited():
    event = _event("published")
    client = _client("Editor")
    citation = event.citations.get()
    data = _form(event)
    data["citations-0-DELETE"] = "on"
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert publishing.NEEDS_CITATION_MESSAGE in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()
