"""Merging two records of one event: an Editor's page and action, everything moved to the survivor with
its history, the old slug and uid redirecting, and the ordinals counting the meeting once again."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.builders_api import make_user
from tests.factories import cite, make_event, make_person, make_source, make_statement, make_topic
from tracker.domain import editorial
from tracker.domain.merging import merge_events
from tracker.domain.publishing import PublishingRefused
from tracker.models import (
    Citation,
    Event,
    EventRedirect,
    Organization,
    Participation,
    Person,
    Series,
    Statement,
)

NARA = "lee-takaichi-nara-2026"
DUPLICATE = "lee-takaichi-summit-nara"


def signed_in(group: str) -> tuple[Client, object]:
    client = Client()
    user = make_user(group.lower(), group=group)
    client.force_login(user)
    return client, user


def merge_url(event: Event) -> str:
    return f"/admin/tracker/event/{event.pk}/merge/"


@pytest.fixture
def duplicate(demo) -> Event:
    """The Nara summit recorded a second time and published, with records of its own."""
    lee, takaichi = Person.objects.get(slug="lee-jae-myung"), Person.objects.get(slug="sanae-takaichi")
    minister = make_person("Cho Hyun")
    event = make_event(
        "Lee Takaichi summit Nara",
        when="13–14 Jan 2026",
        slug=DUPLICATE,
        participants=[takaichi, lee, minister],
        topics=[make_topic("Fisheries")],
        series=Series.objects.create(name="Another series", slug="another-series"),
    )
    event.party_organizations.add(Organization.objects.create(name="Nara prefecture", slug="nara-prefecture"))
    Citation.objects.create(event=event, source=make_source("Kyodo", "Fifth summit"), excerpt="the fifth summit")
    make_statement(lee, event, quote="We agreed to meet often.")
    interview = Event.objects.get(slug="lee-nhk-interview-2026")
    Statement.objects.create(speaker=lee, event=interview, about_event=event, quote="I look forward to Nara.")
    make_event("Dinner in Nara", when="13 Jan 2026", slug="dinner", parent=event, kind="working_visit")
    return event


def test_editor_merges_the_duplicate_into_the_nara_summit(duplicate):
    client, editor = signed_in("Editor")
    nara = Event.objects.get(slug=NARA)
    old_uid, before = duplicate.uid, set(nara.participations.values_list("person__name", flat=True))

    response = client.post(merge_url(duplicate), {"into": nara.pk})

    assert response.status_code == 302 and response.url == f"/admin/tracker/event/{nara.pk}/change/"
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    nara.refresh_from_db()
    # Everything moved, once: Lee and Takaichi were on both, only the minister is new.
    assert set(nara.participations.values_list("person__name", flat=True)) == before | {"Cho Hyun"}
    assert nara.citations.filter(source__publisher="Kyodo", excerpt="the fifth summit").exists()
    assert nara.statements.filter(quote="We agreed to meet often.").exists()
    assert nara.statements_about.filter(quote="I look forward to Nara.").exists()
    assert nara.topics.filter(name="Fisheries").exists()
    assert nara.party_organizations.filter(slug="nara-prefecture").exists()
    assert Event.objects.get(slug="dinner").parent == nara
    assert nara.series.slug == "korea-japan-shuttle-diplomacy", "the survivor keeps its own series"
    assert set(nara.country_links.values_list("country_id", flat=True)) == {"JP", "KR"}
    assert nara.is_published

    # History: each move, and the deletion, recorded with who and why.
    reason = f"merged into {nara.uid}"
    moved = Participation.history.filter(person__name="Cho Hyun").latest("history_date")
    assert (moved.event_id, moved.history_change_reason, moved.history_user) == (nara.pk, reason, editor)
    gone = Event.history.get(id=duplicate.pk, history_type="-")
    assert (gone.slug, gone.history_change_reason, gone.history_user) == (DUPLICATE, reason, editor)
    assert nara.history.latest().history_change_reason == reason
    assert Event.history.filter(id=Event.objects.get(slug="dinner").pk).latest().history_change_reason == reason
    assert "/events/lee-takaichi-summit-nara/ and the old uid now lead here" in " ".join(
        str(message) for message in get_messages(response.wsgi_request)
    )

    # The old addresses lead to the survivor, for good.
    page = Client().get(f"/events/{DUPLICATE}/")
    assert (page.status_code, page["Location"]) == (301, f"/events/{NARA}/")
    api = Client().get(f"/api/events/{old_uid}/")
    assert (api.status_code, api["Location"]) == (301, f"/api/events/{nara.uid}/")
    assert Client().get(f"/api/events/{old_uid.hex}/")["Location"] == f"/api/events/{nara.uid}/"

    # And the meeting is counted once again.
    reader = Client().get(f"/events/{NARA}/").content.decode()
    assert "Lee Jae Myung&#x27;s 5th summit with a Prime Minister of Japan since taking office" in reader
    assert "2nd meeting between" in reader


def test_merging_the_new_record_away_after_it_said_sixth(duplicate):
    """The reported case end to end: while both records exist the later one says "6th summit"; merge
    the earlier into it and the survivor says "5th" (a deleted event is never counted)."""
    assert "6th summit with a Prime Minister of Japan" in Client().get(f"/events/{DUPLICATE}/").content.decode()
    client, _ = signed_in("Editor")
    nara = Event.objects.get(slug=NARA)
    client.post(merge_url(nara), {"into": duplicate.pk})
    page = Client().get(f"/events/{DUPLICATE}/").content.decode()
    assert "5th summit with a Prime Minister of Japan" in page
    assert Client().get(f"/events/{NARA}/")["Location"] == f"/events/{DUPLICATE}/"


def test_researcher_may_not_merge(duplicate):
    client, _ = signed_in("Researcher")
    nara = Event.objects.get(slug=NARA)
    assert client.get(merge_url(duplicate)).status_code == 403
    assert client.post(merge_url(duplicate), {"into": nara.pk}).status_code == 403
    assert Event.objects.filter(pk=duplicate.pk).exists()
    changelist = client.get("/admin/tracker/event/").content.decode()
    assert "merge_selected" not in changelist
    draft = make_event("A draft", is_published=False)
    assert "Merge into…" not in client.get(f"/admin/tracker/event/{draft.pk}/change/").content.decode()
    with pytest.raises(editorial.EditorialError):
        merge_events(merged=duplicate, survivor=nara, user=make_user("rita", group="Researcher"))


def test_editor_finds_the_merge_page_from_the_event_and_its_duplicates_on_it(duplicate):
    client, _ = signed_in("Editor")
    change = client.get(f"/admin/tracker/event/{duplicate.pk}/change/").content.decode()
    assert f'href="{merge_url(duplicate)}"' in change
    page = client.get(merge_url(duplicate)).content.decode()
    nara = Event.objects.get(slug=NARA)
    assert f'name="into" value="{nara.pk}"' in page
    assert f'{merge_url(nara)}?into={duplicate.pk}"' in page  # keep this one instead


def test_merge_action_takes_two_events_to_the_merge_page(duplicate):
    client, _ = signed_in("Editor")
    nara = Event.objects.get(slug=NARA)
    both = {"action": "merge_selected", "_selected_action": [nara.pk, duplicate.pk]}
    response = client.post("/admin/tracker/event/", both)
    assert response.status_code == 302 and response.url == f"{merge_url(duplicate)}?into={nara.pk}"
    one = client.post("/admin/tracker/event/", {**both, "_selected_action": [nara.pk]}, follow=True)
    assert "Select exactly two events to merge." in one.content.decode()


def test_a_published_event_merged_into_a_draft_publishes_the_draft(db):
    _, editor = signed_in("Editor")
    published = make_event("Talks in Busan", when="30 Sep 2025")
    cite(published)
    draft = make_event("Busan talks", when="30 Sep 2025", is_published=False, slug="busan-draft")
    merge_events(merged=published, survivor=draft, user=editor)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    assert draft.citations.count() == 1


def test_a_merge_that_would_publish_an_uncited_event_changes_nothing(db):
    client, editor = signed_in("Editor")
    published = make_event("Talks in Busan", when="30 Sep 2025")  # published without a citation (raw)
    speaker = make_person()
    Participation.objects.create(event=published, person=speaker)
    draft = make_event("Busan talks", when="30 Sep 2025", is_published=False, slug="busan-draft")
    with pytest.raises(PublishingRefused):
        merge_events(merged=published, survivor=draft, user=editor)
    assert Event.objects.filter(pk=published.pk).exists()
    assert published.participations.count() == 1 and not draft.participations.exists()
    assert not EventRedirect.objects.exists()
    response = client.post(merge_url(published), {"into": draft.pk}, follow=True)
    assert "Not merged: a published event needs at least one citation" in response.content.decode()


def test_an_event_is_not_merged_into_itself(db):
    _, editor = signed_in("Editor")
    event = make_event("Talks")
    with pytest.raises(editorial.EditorialError, match="into itself"):
        merge_events(merged=event, survivor=event, user=editor)


def test_old_addresses_follow_a_second_merge_and_yield_to_a_new_event(db):
    _, editor = signed_in("Editor")
    first, second, third = (make_event(f"Talks {n}", slug=f"talks-{n}") for n in (1, 2, 3))
    for event in (first, second, third):
        cite(event)
    merge_events(merged=first, survivor=second, user=editor)
    merge_events(merged=second, survivor=third, user=editor)
    assert Client().get("/events/talks-1/")["Location"] == "/events/talks-3/"
    assert Client().get(f"/api/events/{first.uid}/")["Location"] == f"/api/events/{third.uid}/"
    make_event("New talks", slug="talks-1")
    assert Client().get("/events/talks-1/").status_code == 200


def test_an_old_address_leading_to_a_draft_is_not_found_for_readers(db):
    _, editor = signed_in("Editor")
    merged = make_event("Talks", slug="talks", is_published=False)
    survivor = make_event("Talks again", slug="talks-again", is_published=False)
    merge_events(merged=merged, survivor=survivor, user=editor)
    assert Client().get("/events/talks/").status_code == 404
    assert Client().get(f"/api/events/{merged.uid}/").status_code == 404
    staff, _ = signed_in("Researcher")
    assert staff.get("/events/talks/")["Location"] == "/events/talks-again/"


def test_a_merged_event_is_not_offered_for_restoring(db):
    client, editor = signed_in("Editor")
    merged, survivor = make_event("Talks", slug="talks"), make_event("Talks again", slug="again")
    cite(survivor)
    merge_events(merged=merged, survivor=survivor, user=editor)
    assert editorial.deleted_events() == []
    record = Event.history.get(id=merged.pk, history_type="-")
    with pytest.raises(editorial.EditorialError, match="merged into “Talks again”"):
        editorial.restore_deleted_event(history_id=record.history_id, user=editor)
