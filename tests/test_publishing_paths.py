"""Every path that can publish goes through tracker.domain.publishing: the model-level guard, the
admin form, its actions, history revert and restore. The importers' paths are in test_import.py."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from tests.builders_api import make_event, make_person, make_user
from tests.test_editorial import admin_form
from tracker.domain import editorial, publishing
from tracker.models import Citation, Event, Source


@pytest.fixture
def researcher(db) -> User:
    return make_user("rita", group="Researcher")


@pytest.fixture
def editor(db) -> User:
    return make_user("eddie", group="Editor")


def _draft(**fields) -> Event:
    return make_event(fields.pop("title", "Talks in Busan"), published=False, **fields)


def _published_by(editor: User) -> Event:
    """A cited event an editor published through the rules, so its history holds a published version."""
    event = _draft(cited=True)
    assert publishing.publish_events(Event.objects.filter(pk=event.pk), user=editor) == (1, [])
    event.refresh_from_db()
    return event


@pytest.mark.django_db
def test_a_new_path_cannot_create_a_published_event_without_the_rules():
    with pytest.raises(publishing.PublishingRefused, match="only through"):
        Event.objects.create(
            title="Sneaked",
            slug="sneaked",
            kind="phone_call",
            start_date=date(2026, 1, 13),
            end_date=date(2026, 1, 13),
            is_published=True,
        )
    assert not Event.objects.filter(slug="sneaked").exists()


@pytest.mark.django_db
def test_a_new_path_cannot_publish_a_draft_by_saving_it():
    event = _draft(cited=True)
    event.is_published = True
    with pytest.raises(publishing.PublishingRefused):
        event.save()
    event.refresh_from_db()
    assert not event.is_published


@pytest.mark.django_db
def test_approved_publication_saves_and_stamps_the_time():
    event = _draft(cited=True)
    event.is_published = True
    publishing.approve(event, user=None, was_published=False, citation_count=event.citations.count())
    event.save()
    event.refresh_from_db()
    assert event.is_published and event.published_at is not None


@pytest.mark.django_db
def test_approve_refuses_an_uncited_event_even_for_the_operator():
    event = _draft()
    event.is_published = True
    with pytest.raises(publishing.PublishingRefused, match="citation"):
        publishing.approve(event, user=None, was_published=False, citation_count=0)


@pytest.mark.django_db
def test_an_approval_is_spent_by_one_save():
    event = _draft(cited=True)
    event.is_published = True
    publishing.approve(event, user=None, was_published=False, citation_count=1)
    event.save()
    Event.objects.filter(pk=event.pk).update(is_published=False)
    event.refresh_from_db()
    event.is_published = True
    with pytest.raises(publishing.PublishingRefused):
        event.save()


@pytest.mark.parametrize(
    ("group", "was", "will", "citations", "refused"),
    [
        ("Researcher", None, False, 0, None),
        ("Researcher", False, False, 0, None),
        ("Researcher", None, True, 1, publishing.MAY_NOT_PUBLISH_MESSAGE),
        ("Researcher", False, True, 1, publishing.MAY_NOT_PUBLISH_MESSAGE),
        ("Researcher", True, True, 1, publishing.MAY_NOT_CHANGE_PUBLISHED_MESSAGE),
        ("Researcher", True, False, 1, publishing.MAY_NOT_CHANGE_PUBLISHED_MESSAGE),
        ("Editor", None, True, 0, publishing.NEEDS_CITATION_MESSAGE),
        ("Editor", False, True, 1, None),
        ("Editor", True, True, 0, publishing.NEEDS_CITATION_MESSAGE),
        ("Editor", True, False, 0, None),
    ],
)
@pytest.mark.django_db
def test_refusal_by_role_and_state(group, was, will, citations, refused):
    user = make_user(f"u-{group}", group=group)
    assert publishing.refusal(user=user, was_published=was, will_be_published=will, citation_count=citations) == refused


@pytest.mark.django_db
def test_researcher_cannot_revert_history_to_a_published_version(client, researcher, editor):
    event = _published_by(editor)
    publishing.unpublish_events(Event.objects.filter(pk=event.pk), user=editor)
    published_version = Event.history.filter(id=event.pk, is_published=True).latest("history_date")
    client.force_login(researcher)
    url = f"/admin/tracker/event/{event.pk}/history/{published_version.history_id}/"
    response = client.post(url, admin_form(event))
    assert response.status_code in {200, 403}
    event.refresh_from_db()
    assert not event.is_published


@pytest.mark.django_db
def test_editor_reverting_to_a_published_version_needs_a_citation(client, editor):
    event = _published_by(editor)
    publishing.unpublish_events(Event.objects.filter(pk=event.pk), user=editor)
    Citation.objects.filter(event=event).delete()
    published_version = Event.history.filter(id=event.pk, is_published=True).latest("history_date")
    client.force_login(editor)
    url = f"/admin/tracker/event/{event.pk}/history/{published_version.history_id}/"
    data = {key: value for key, value in admin_form(event, published=True).items() if not key.startswith("citations")}
    response = client.post(url, data)
    assert response.status_code == 200
    assert publishing.NEEDS_CITATION_MESSAGE[1:] in response.content.decode()
    event.refresh_from_db()
    assert not event.is_published

    Citation.objects.create(event=event, source=Source.objects.create(publisher="Yonhap", title="Report"))
    response = client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published


@pytest.mark.django_db
def test_restore_brings_a_deleted_published_event_back_as_a_draft(client, editor):
    event = make_event("Talks in Busan", cited=True)
    assert event.is_published
    event.delete()
    record = Event.history.filter(history_type="-").latest("history_date")
    restored = editorial.restore_deleted_event(history_id=record.history_id, user=editor)
    assert not restored.is_published
    assert restored.citations.count() == 1


@pytest.mark.django_db
def test_researcher_cannot_unpublish_through_the_domain_function(researcher):
    event = make_event("Talks in Busan", cited=True)
    with pytest.raises(publishing.PublishingRefused):
        publishing.unpublish_events(Event.objects.filter(pk=event.pk), user=researcher)
    event.refresh_from_db()
    assert event.is_published


@pytest.mark.django_db
def test_researcher_publish_through_the_domain_function_is_refused(researcher):
    event = _draft(cited=True)
    published, refused = publishing.publish_events(Event.objects.filter(pk=event.pk), user=researcher)
    assert published == 0
    assert refused == [(event, publishing.MAY_NOT_PUBLISH_MESSAGE)]


@pytest.mark.django_db
def test_researcher_cannot_change_a_published_events_participation_on_its_own_page(client, researcher):
    person = make_person("Lee Jae Myung")
    event = make_event("Talks in Busan", cited=True, people=[person])
    participation = event.participations.get()
    client.force_login(researcher)
    url = f"/admin/tracker/participation/{participation.pk}/change/"
    assert client.get(url).status_code == 200  # read only
    response = client.post(url, {"event": event.pk, "person": person.pk, "role": "host"})
    assert response.status_code == 403
    participation.refresh_from_db()
    assert participation.role != "host"


@pytest.mark.django_db
def test_researcher_cannot_add_a_participation_to_a_published_event(client, researcher):
    event = make_event("Talks in Busan", cited=True)
    person = make_person("Sanae Takaichi")
    client.force_login(researcher)
    response = client.post(
        "/admin/tracker/participation/add/", {"event": event.pk, "person": person.pk, "role": "guest"}
    )
    assert response.status_code == 200
    assert "only an editor may change it" in response.content.decode()
    assert not event.participations.exists()
    draft = _draft(title="Draft talks", slug="draft-talks")
    response = client.post(
        "/admin/tracker/participation/add/", {"event": draft.pk, "person": person.pk, "role": "guest"}
    )
    assert response.status_code == 302
    assert draft.participations.count() == 1


@pytest.mark.django_db
def test_researcher_cannot_change_or_delete_a_published_events_citation(client, researcher):
    event = make_event("Talks in Busan", cited=True)
    citation = event.citations.get()
    client.force_login(researcher)
    url = f"/admin/tracker/citation/{citation.pk}/change/"
    response = client.post(url, {"source": citation.source_id, "event": event.pk, "excerpt": "rewritten"})
    assert response.status_code == 403
    assert client.post(f"/admin/tracker/citation/{citation.pk}/delete/", {"post": "yes"}).status_code == 403
    citation.refresh_from_db()
    assert citation.excerpt == ""


@pytest.mark.django_db
def test_nobody_deletes_the_last_citation_of_a_published_event(client, editor):
    event = make_event("Talks in Busan", cited=True)
    citation = event.citations.get()
    client.force_login(editor)
    response = client.post(f"/admin/tracker/citation/{citation.pk}/delete/", {"post": "yes"}, follow=True)
    assert "needs at least one citation" in response.content.decode()
    response = client.post(
        "/admin/tracker/citation/",
        {"action": "delete_selected", "_selected_action": [citation.pk], "post": "yes"},
        follow=True,
    )
    assert "needs at least one citation" in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()
