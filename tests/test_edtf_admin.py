"""The date's qualifier on the Event page, as a Researcher and as an Editor."""

import pytest

from tests.builders_api import make_user
from tests.test_admin_dates import _event_form
from tracker.domain.edtf import APPROXIMATE, EXACT, UNCERTAIN
from tracker.models import Event

ROLES = ["Researcher", "Editor"]


@pytest.fixture(params=ROLES)
def staff(request, db, client):
    user = make_user(request.param.lower(), group=request.param)
    client.force_login(user)
    return user


def test_staff_mark_a_date_approximate_and_see_it_shown(client, staff):
    response = client.post("/admin/tracker/event/add/", _event_form(when="Oct 2025", date_qualifier=APPROXIMATE))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    event = Event.objects.get(slug="nara-summit")
    assert (event.date_qualifier, event.when, event.edtf) == (APPROXIMATE, "c. Oct 2025", "2025-10~")
    page = client.get(f"/admin/tracker/event/{event.pk}/change/").content.decode()
    assert '<option value="approximate" selected>' in page
    assert "c. Oct 2025" in client.get("/admin/tracker/event/").content.decode()


def test_staff_change_the_qualifier_of_a_draft(client, staff):
    client.post("/admin/tracker/event/add/", _event_form(when="Oct 2025"))
    event = Event.objects.get(slug="nara-summit")
    assert event.date_qualifier == EXACT
    response = client.post(
        f"/admin/tracker/event/{event.pk}/change/", _event_form(when="Oct 2025", date_qualifier=UNCERTAIN)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.date_qualifier, event.when) == (UNCERTAIN, "Oct 2025?")


def test_a_form_without_the_qualifier_keeps_the_stored_one(client, staff):
    client.post("/admin/tracker/event/add/", _event_form(when="Oct 2025", date_qualifier=APPROXIMATE))
    event = Event.objects.get(slug="nara-summit")
    response = client.post(f"/admin/tracker/event/{event.pk}/change/", _event_form(when="Oct 2025", title="Renamed"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.date_qualifier) == ("Renamed", APPROXIMATE)


def test_an_unknown_qualifier_is_a_field_error(client, staff):
    response = client.post("/admin/tracker/event/add/", _event_form(date_qualifier="roughly"))
    assert response.status_code == 200
    assert "date_qualifier" in response.context["adminform"].form.errors
    assert not Event.objects.exists()
