"""The filter form's multi-selects, written in Python for speed, still escape and keep choices."""

import pytest
from django.http import QueryDict

from tests.factories import make_person
from tracker.queries.filters import EventFilter


@pytest.mark.django_db
def test_multi_selects_keep_the_chosen_values_and_escape_names():
    make_person("<img src=x onerror=alert(1)>", slug="hostile")
    make_person("Lee Jae Myung", slug="lee")
    form = EventFilter(QueryDict("person=lee&country=jp&kind=state_visit")).form
    form.is_valid()
    people = str(form["person"])
    assert '<option value="lee" selected>Lee Jae Myung</option>' in people
    assert "&lt;img src=x onerror=alert(1)&gt;" in people and "<img" not in people
    assert '<option value="JP" selected>Japan</option>' in str(form["country"])
    assert '<option value="state_visit" selected>State visit</option>' in str(form["kind"])
    assert str(form["status"]).startswith('<select id="id_status" name="status" multiple>')
