"""Hostile reference files: whatever the cells hold, an import answers with row errors or a report,
never an exception (and never a half-written database)."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.exports.reference import REFERENCE_COLUMNS
from tracker.imports.read import ImportFileError
from tracker.imports.reference import import_reference
from tracker.models import Person

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "10"))

cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.text(max_size=30),
    st.sampled_from(
        ["", "KR", "XK", "Q42", "q0", "2025", "Oct 2025", "31 Feb 2026", "00000000-0000-4000-8000-000000000001"]
    ),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.sampled_from(["publisher", "title", "url"]), st.text(max_size=10), max_size=3),
)


@pytest.mark.parametrize("kind", list(REFERENCE_COLUMNS))
@settings(
    max_examples=MAX_EXAMPLES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(rows=st.data())
def test_any_cells_give_row_errors_or_a_report_never_an_exception(kind, rows):
    columns = REFERENCE_COLUMNS[kind]
    data = rows.draw(st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(columns, cell)), min_size=1, max_size=3))
    people_before = Person.objects.count()
    try:
        report = import_reference(json.dumps(data), kind=kind, file_format="json")
    except ImportFileError:
        return
    assert report.ok or report.errors
    if not report.ok:
        assert Person.objects.count() == people_before
