"""Records whose CSV export a spreadsheet is likely to reread: codes with leading zeros, a year-only
date, a formula-like title, small negative coordinates, non-Latin text, a draft and a published event.
Fixed uids and slugs, so a stored file (tests/fixtures/spreadsheet-*.csv) names the same events."""

import uuid
from datetime import date
from decimal import Decimal

from tests.factories import create_event
from tracker.models import Citation, Event, Participation, Person, Source

UIDS = (
    uuid.UUID("5f0c6f0e-9a55-4c43-8a9e-0d1f2a3b4c01"),
    uuid.UUID("5f0c6f0e-9a55-4c43-8a9e-0d1f2a3b4c02"),
    uuid.UUID("5f0c6f0e-9a55-4c43-8a9e-0d1f2a3b4c03"),
)


def make_spreadsheet_records() -> list[Event]:
    lee = Person.objects.create(name="Lee Jae Myung", native_name="이재명", slug="lee-jae-myung")
    visit = create_event(
        uid=UIDS[0],
        title="=1+1 is not a formula: state visit",
        slug="state-visit-2013",
        kind=Event.Kind.STATE_VISIT,
        start_date=date(2013, 1, 1),
        end_date=date(2013, 12, 31),
        date_precision="year",
        place_name="-Somewhere near the meridian",
        latitude=Decimal("-0.00005"),
        longitude=Decimal("0.00001"),
        host_country_id="KR",
    )
    visit.party_countries.set(["JP"])
    summit = create_event(
        uid=UIDS[1],
        title="Lee–Takaichi summit in Nara",
        slug="nara-summit",
        kind=Event.Kind.BILATERAL_SUMMIT,
        start_date=date(2026, 1, 13),
        end_date=date(2026, 1, 14),
        date_precision="day",
        place_name="Nara",
        latitude=Decimal("34.6851"),
        longitude=Decimal("135.8048"),
        host_country_id="JP",
        summary="Two days in Nara.\nSecurity and the economy (이재명 대통령).",
        is_published=True,
    )
    Participation.objects.create(event=summit, person=lee, role="guest", represented_country_id="KR")
    source = Source.objects.create(publisher="Yonhap", title="Summit report", published_on=date(2026, 1, 14))
    Citation.objects.create(event=summit, source=source, locator="p. 2")
    call = create_event(
        uid=UIDS[2],
        title="Phone call in October",
        slug="october-call",
        kind=Event.Kind.PHONE_CALL,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        date_precision="month",
        summary="'Tis a call",
        outcome="+ agreed to meet",
        parent=summit,
    )
    return [visit, summit, call]
