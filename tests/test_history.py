"""Who changed what and when, and bringing back a deleted event."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import cite, make_event, make_person, make_statement, make_topic
from tracker.models import Citation, Event, Participation, Statement


def test_edits_through_the_admin_are_recorded_with_their_author(client, editor):
    event = make_event("Phone call", kind="phone_call", when="3 Feb 2026")
    data = {
        "title": "Phone call between leaders",
        "slug": event.slug,
        "kind": "phone_call",
        "when": "3 Feb 2026",
        "lifecycle": "held",
        "is_published": "on",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": str(cite(event).source_id),
    }
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", data)
    assert response.status_code == 302
    latest = event.history.latest()
    assert latest.history_user == editor
    assert latest.title == "Phone call between leaders"
    assert event.history.earliest().title == "Phone call"
    page = client.get(f"/admin/tracker/event/{event.pk}/history/").content.decode()
    assert "editor" in page


@pytest.mark.django_db
def test_participations_statements_and_citations_keep_history():
    speaker = make_person()
    event = make_event(participants=[speaker])
    statement = make_statement(speaker, event, quote="First words.")
    statement.quote = "Corrected words."
    statement.save()
    citation = cite(event)
    assert Participation.history.filter(event_id=event.pk).count() == 1
    assert [row.quote for row in statement.history.order_by("history_date")] == ["First words.", "Corrected words."]
    assert Citation.history.filter(id=citation.pk).count() == 1


@pytest.mark.django_db
def test_a_deleted_event_is_restored_with_its_children(client, editor):
    speaker = make_person("Lee Jae Myung")
    topic = make_topic("North Korea")
    event = make_event("Nara summit", participants=[speaker], topics=[topic], slug="nara")
    statement = make_statement(speaker, event, quote="Dialogue matters.")
    Citation.objects.create(statement=statement, source=cite(event).source)
    pk = event.pk

    client.post(f"/admin/tracker/event/{pk}/delete/", {"post": "yes"})
    assert not Event.objects.filter(pk=pk).exists()
    assert not Statement.objects.filter(pk=statement.pk).exists()

    listing = client.get("/admin/tracker/event/deleted/").content.decode()
    assert "Nara summit" in listing
    record = Event.history.filter(id=pk, history_type="-").get()
    response = client.post("/admin/tracker/event/deleted/", {"history_id": record.history_id})
    assert response.status_code == 302

    restored = Event.objects.get(pk=pk)
    assert restored.slug == "nara"
    assert list(restored.topics.values_list("name", flat=True)) == ["North Korea"]
    assert list(restored.participations.values_list("person__name", flat=True)) == ["Lee Jae Myung"]
    assert restored.statements.get().quote == "Dialogue matters."
    assert restored.citations.count() == 1
    assert Citation.objects.filter(statement__event=restored).count() == 1
    assert set(restored.country_links.values_list("country_id", flat=True)) == set()
    assert restored.history.latest().history_user == editor
    assert [row.title for row in client.get("/admin/tracker/event/deleted/").context["deleted"]] == []


def test_restoring_twice_is_refused_with_a_message(client, editor):
    event = make_event("Once")
    pk = event.pk
    event.delete()
    record = Event.history.filter(id=pk, history_type="-").get()
    client.post("/admin/tracker/event/deleted/", {"history_id": record.history_id})
    response = client.post("/admin/tracker/event/deleted/", {"history_id": record.history_id}, follow=True)
    assert "already been restored" in response.content.decode()
    assert Event.objects.filter(pk=pk).count() == 1


def test_researchers_cannot_delete_events(client, db):
    user = User.objects.create_user("researcher", password="a-long-test-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Researcher"))
    client.force_login(user)
    event = make_event()
    response = client.post(f"/admin/tracker/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
