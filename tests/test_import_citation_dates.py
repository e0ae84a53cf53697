"""A citation's published and accessed dates are kept to the day: the importer reads them with the
admin's one parser (tracker.domain.dates.parse_day), so a month is a row error, never a silent 1st."""

from datetime import date

import pytest

from tracker.imports import import_events
from tracker.models import Source


def row_citing(published_on: str, accessed_on: str = "") -> dict:
    citation = {"publisher": "Yonhap", "title": "Leaders meet in Nara", "url": "https://example.org/nara"}
    citation.update(published_on=published_on, accessed_on=accessed_on)
    return {"title": "Talks", "kind": "phone_call", "start_date": "2026-01-13", "citations": [citation]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field_name", "text", "kind"),
    [("published_on", "Jan 2026", "month"), ("accessed_on", "2026", "year"), ("published_on", "2026-01", "month")],
)
def test_a_citation_date_that_is_not_one_day_is_a_row_error(field_name, text, kind):
    cells = {"published_on": "13 Jan 2026", "accessed_on": "", field_name: text}
    report = import_events([row_citing(**cells)])
    messages = [str(error) for error in report.errors]
    assert len(messages) == 1
    assert messages[0].startswith(f"row 1, citations: {field_name}: '{text}' is a whole {kind}")
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_citation_date_given_to_the_day_is_stored_as_that_day():
    report = import_events([row_citing("13 Jan 2026", accessed_on="2026-01-14")])
    assert report.ok, report.errors
    source = Source.objects.get()
    assert (source.published_on, source.accessed_on) == (date(2026, 1, 13), date(2026, 1, 14))
