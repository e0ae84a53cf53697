"""Rules written once in Python and generated into the export SQL: what the SQL writes is what Python says."""

import pytest

from tests.builders_export import make_event
from tracker import exports
from tracker.domain.dates import DAY, EDTF_WIDTH, MONTH, YEAR
from tracker.models import KIND_CODES, Event


def sql_cells() -> dict[str, dict[str, str]]:
    """Every event's export row as the SELECT writes it (the CSV cells), by uid."""
    return {
        cells[0]: dict(zip(exports.COLUMNS, cells, strict=True))
        for chunk in exports.iter_records(Event.objects.all())
        for cells in chunk
    }


def choices(field: str) -> set[str]:
    return {value for value, _label in Event._meta.get_field(field).choices}


EDTF_CASES = [
    ("13 Jan 2026", DAY, "2026-01-13"),
    ("13–14 Jan 2026", DAY, "2026-01-13/2026-01-14"),
    ("31 Dec 2025 – 1 Jan 2026", DAY, "2025-12-31/2026-01-01"),
    ("Nov 2025", MONTH, "2025-11"),
    ("Nov–Dec 2025", MONTH, "2025-11/2025-12"),
    ("Oct 2025 – Jan 2026", MONTH, "2025-10/2026-01"),
    ("2013", YEAR, "2013"),
    ("2013 – 2015", YEAR, "2013/2015"),
]


def test_every_precision_has_an_edtf_width_and_a_case():
    assert set(EDTF_WIDTH) == choices("date_precision") == {precision for _, precision, _ in EDTF_CASES}


@pytest.mark.parametrize(("when", "precision", "edtf"), EDTF_CASES)
def test_sql_edtf_equals_the_python_edtf(db, when, precision, edtf):
    event = make_event("Talks", when=when)
    assert event.date_precision == precision
    assert sql_cells()[str(event.uid)]["edtf"] == event.edtf == edtf


def test_sql_kind_codes_equal_the_python_codes(db):
    assert set(KIND_CODES) == choices("kind")
    events = [make_event(f"Event {kind}", kind=kind) for kind in KIND_CODES]
    cells = sql_cells()
    for event in events:
        row = cells[str(event.uid)]
        assert (row["cameo"], row["plover_type"], row["plover_mode"]) == (
            event.cameo_code,
            event.plover_type,
            event.plover_mode,
        ), event.kind
