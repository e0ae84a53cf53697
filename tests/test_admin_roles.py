"""Every admin page and every picker, as a Researcher and as an Editor (never as a superuser).

The pages and pickers are read from the admin site itself (`admin.site._registry`, each admin's
`autocomplete_fields` and its inlines'), so a model, inline or picker added later is tried too.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.urls import reverse

from tests.conftest import restore_migrated_rows
from tracker.models import Event

ROLES = ["Researcher", "Editor"]
TRACKER_ADMINS = {
    model: model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label == "tracker"
}
# Countries are seeded; only an editor adds one the lists lack (a former state, a user-assigned code).
NOT_ADDED_IN_THE_ADMIN = {"Researcher": {"country"}, "Editor": set()}


def _pickers() -> list[tuple[type, str]]:
    """(model holding the field, field name) for every autocomplete on every admin page and inline."""
    found = []
    for model, model_admin in TRACKER_ADMINS.items():
        found += [(model, name) for name in model_admin.autocomplete_fields]
        for inline in model_admin.inlines:
            found += [(inline.model, name) for name in inline.autocomplete_fields]
    return sorted(set(found), key=lambda pair: (pair[0]._meta.model_name, pair[1]))


PICKERS = _pickers()


@pytest.fixture(scope="module")
def demo_and_staff(django_db_setup, django_db_blocker):
    """The demo records and one staff member per role, stored once for the module (each test rolls
    back to them) and rolled back when the module ends."""
    from tracker.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        restore_migrated_rows()
        load_demo()
        for role in ROLES:
            user = User.objects.create(username=role.lower(), is_staff=True)
            user.groups.add(Group.objects.get(name=role))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_and_staff, db):
    """The module's demo records, inside this test's transaction."""


def _signed_in(client, role: str) -> User:
    user = User.objects.get(username=role.lower())
    client.force_login(user)
    return user


def _search_term(model) -> str:
    """A few letters of the first row's first search field, which the picker must find again."""
    model_admin = admin.site._registry[model]
    value = model.objects.order_by("pk").first()
    for part in model_admin.search_fields[0].split("__"):
        value = getattr(value, part)
    return str(value)[:3]


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_registers_every_page_a_researcher_needs(role):
    names = {model._meta.model_name for model in TRACKER_ADMINS}
    assert {"event", "country", "person", "office", "position", "organization", "source"} <= names
    assert len(PICKERS) >= 20  # the test below really walks the pickers


@pytest.mark.parametrize("role", ROLES)
def test_the_country_picker_on_the_event_page_answers(client, demo, role):
    """The report: "The results could not be loaded" under every country box (403 for both groups)."""
    _signed_in(client, role)
    query = urlencode({"app_label": "tracker", "model_name": "event", "field_name": "place_country", "term": "Jap"})
    response = client.get(f"/admin/autocomplete/?{query}")
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Japan"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_ADMINS, ids=lambda model: model._meta.model_name)
def test_every_admin_page_opens_for_each_role(client, demo, role, model):
    user = _signed_in(client, role)
    opts = model._meta
    assert model.objects.exists(), f"the demo has no {opts.verbose_name} to open"
    changelist = client.get(reverse(f"admin:tracker_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    change = client.get(reverse(f"admin:tracker_{opts.model_name}_change", args=[model.objects.first().pk]))
    assert change.status_code == 200
    add = client.get(reverse(f"admin:tracker_{opts.model_name}_add"))
    if opts.model_name in NOT_ADDED_IN_THE_ADMIN[role]:
        assert add.status_code == 403
    else:
        assert user.has_perm(f"tracker.add_{opts.model_name}")
        assert add.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("model", "field_name"), PICKERS, ids=[f"{model._meta.model_name}.{name}" for model, name in PICKERS]
)
def test_every_picker_answers_with_results_for_each_role(client, demo, role, model, field_name):
    _signed_in(client, role)
    remote = model._meta.get_field(field_name).remote_field.model
    query = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field_name,
        "term": _search_term(remote),
    }
    response = client.get(f"/admin/autocomplete/?{urlencode(query)}")
    assert response.status_code == 200, f"{model._meta.model_name}.{field_name} → {remote._meta.model_name}"
    assert response.json()["results"], f"nothing found for {query['term']!r}"


@pytest.mark.parametrize("role", ROLES)
def test_a_picker_shows_drafts_to_staff_for_a_parent_event(client, demo, role):
    """Researchers record the parent summit and its sideline meeting as drafts, in either order."""
    from tests.factories import make_event

    make_event("Draft APEC leaders' meeting", is_published=False, kind=Event.Kind.MULTILATERAL_SUMMIT)
    _signed_in(client, role)
    query = urlencode({"app_label": "tracker", "model_name": "event", "field_name": "parent", "term": "Draft APEC"})
    results = client.get(f"/admin/autocomplete/?{query}").json()["results"]
    assert [row["text"].split(" (")[0] for row in results] == ["Draft APEC leaders' meeting"]
