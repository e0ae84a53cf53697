"""The importer's shortcuts give what the general path gives.

Large imports take shortcuts: CSV cells already in export order are used as they are, codes,
slugs, people, URLs and dates are resolved once per distinct value, history rows of new records
are copied by the database, and the cyclic garbage collector is paused. Each test here compares
a shortcut with the path it stands in for, or checks that errors still name every row.
"""

import gc
import json
import random

from tests.builders_export import clear_events, csv_rows
from tests.test_import import export_all, to_csv
from tracker.imports import import_events
from tracker.models import Citation, Event, EventCountry, Participation

EVENT_FIELDS = [
    "uid",
    "title",
    "slug",
    "kind",
    "start_date",
    "end_date",
    "date_precision",
    "place_name",
    "place_country_id",
    "latitude",
    "longitude",
    "host_country_id",
    "host_organization_id",
    "series_id",
    "lifecycle",
    "summary",
    "outcome",
    "is_published",
    "duration_days",
]


def stored_events() -> list[tuple]:
    """Everything an import writes, keyed by uid and slugs rather than by ids or timestamps."""
    rows = []
    for event in Event.objects.order_by("uid"):
        rows.append(
            (
                tuple(getattr(event, name) for name in EVENT_FIELDS),
                event.parent.uid if event.parent else None,
                sorted(event.topics.values_list("slug", flat=True)),
                sorted(event.party_countries.values_list("code", flat=True)),
                sorted(event.party_organizations.values_list("slug", flat=True)),
                sorted(
                    event.participations.values_list(
                        "person__slug", "role", "position_id", "represented_country_id", "represented_organization_id"
                    )
                ),
                sorted(event.citations.values_list("source__publisher", "source__url", "locator", "excerpt")),
                sorted(EventCountry.objects.filter(event=event).values_list("country_id", "start_date", "end_date")),
            )
        )
    return rows


def outcomes(report) -> list[tuple]:
    """What the report says of each row (without its number: CSV counts the header as row 1)."""
    return [(o.uid, o.title, o.changes) for o in report.created + report.updated + report.unchanged]


def test_the_same_rows_import_identically_from_csv_and_from_json(demo):
    as_csv, as_json = export_all("csv"), export_all("json")
    clear_events()
    from_csv = import_events(as_csv, file_format="csv")
    assert from_csv.ok, from_csv.errors
    imported_from_csv = stored_events()
    clear_events()
    from_json = import_events(as_json, file_format="json")
    assert from_json.ok, from_json.errors
    assert stored_events() == imported_from_csv
    assert outcomes(from_json) == outcomes(from_csv)
    assert export_all("csv") == as_csv


def test_columns_in_any_order_import_as_the_export_order_does(demo):
    """An export's own header takes the shortcut; shuffled or missing columns take the general path."""
    text = export_all("csv")
    rows = csv_rows(text)
    clear_events()
    in_order = import_events(text)
    assert in_order.ok, in_order.errors
    expected = stored_events()
    clear_events()
    columns = list(rows[0])
    random.Random(4).shuffle(columns)
    shuffled = to_csv([{name: row[name] for name in columns} for row in rows])
    assert shuffled.splitlines()[0] != text.splitlines()[0]
    reordered = import_events(shuffled)
    assert reordered.ok, reordered.errors
    assert stored_events() == expected
    assert outcomes(reordered) == outcomes(in_order)
    # Derived columns left out: the same events all the same.
    clear_events()
    derived = {"cameo", "plover_type", "plover_mode", "countries", "edtf"}
    fewer = import_events(to_csv([{k: v for k, v in row.items() if k not in derived} for row in rows]))
    assert fewer.ok, fewer.errors
    assert stored_events() == expected


def test_a_bad_value_repeated_on_many_rows_is_reported_on_each_row(demo):
    """Values are resolved once and remembered; their errors must still name every row and column."""
    rows = csv_rows(export_all())[:6]
    for row in rows[:3]:
        row["host_country"] = "ZZ"
        row["party_countries"] = "ZZ"
        row["topics"] = "no-such-topic"
        row["participants"] = "nobody-known|Nobody Known|participant|||"
        row["citations"] = "Reuters|Report|not a url||||"
    for row in rows[3:]:  # a bad date leaves the participants unchecked, so it goes on other rows
        row["end_date"] = "2026-02-30"
        row["edtf"] = ""
    messages = [str(error) for error in import_events(to_csv(rows)).errors]
    for number in (2, 3, 4):
        expected = [
            f"row {number}, host_country: 'ZZ' is not a known ISO 3166-1 alpha-2 country code",
            f"row {number}, party_countries: 'ZZ' is not a known ISO 3166-1 alpha-2 country code",
            f"row {number}, topics: 'no-such-topic' is not a known topic slug",
            f"row {number}, participants: 'nobody-known' is not a known person",
            f"row {number}, citations: 'not a url' is not a URL",
            f"row {number + 3}, end_date: '2026-02-30' is not a date (that day does not exist in that month)",
        ]
        for start in expected:
            assert sum(m.startswith(start) for m in messages) == 1, (start, messages)
    # The same value gives the same message on every row, suggestion included.
    host = [m.split(": ", 1)[1] for m in messages if ", host_country: " in m]
    assert len(set(host)) == 1
    assert Event.objects.count() == 11


def test_numbers_and_booleans_where_codes_belong_are_told_apart(demo):
    """JSON may give 1, 1.0 or true for a code; equal as dict keys, they must not share a message."""
    row = json.loads(export_all("json"))["rows"][0]
    rows = [dict(row, uid=None, slug=f"copy-{n}", host_country=value) for n, value in enumerate([1, True, 1.0])]
    data = json.dumps({"rows": rows}).encode()
    messages = [str(error) for error in import_events(data, file_format="json").errors]
    assert any(m.startswith("row 1, host_country: '1' is not a known") for m in messages), messages
    assert any(m.startswith("row 2, host_country: 'True' is not a known") for m in messages), messages
    assert any(m.startswith("row 3, host_country: '1.0' is not a known") for m in messages), messages


def test_history_of_imported_records_holds_what_was_stored(demo):
    """History rows of new records are copied by the database from the rows just inserted."""
    text = export_all("csv")
    clear_events()
    assert import_events(text).ok
    for model, fields in (
        (Event, [name for name in EVENT_FIELDS if name != "uid"] + ["uid", "parent_id", "published_at"]),
        (Participation, ["event_id", "person_id", "role", "position_id", "represented_country_id"]),
        (Citation, ["event_id", "source_id", "statement_id", "locator", "excerpt"]),
    ):
        stored = {values[0]: values[1:] for values in model.objects.values_list("id", *fields)}
        history = model.history.model.objects.filter(history_change_reason="Imported from file").values_list(
            "id", *fields, "history_type", "history_change_reason", "history_user_id"
        )
        assert len(history) == len(stored) > 0
        for values in history:
            assert values[1:-3] == stored[values[0]]
            assert values[-3:] == ("+", "Imported from file", None)


def test_the_garbage_collector_is_left_as_it_was(demo):
    text = export_all("csv")
    assert gc.isenabled()
    import_events(text)
    assert gc.isenabled()
    gc.disable()
    try:
        import_events(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_line_of_json_text_longer_than_a_file_name_is_read_as_text(demo):
    """A str source is tried as a path first; a long single line used to fail with "File name too long"."""
    row = json.loads(export_all("json"))["rows"][0]
    text = json.dumps({"rows": [dict(row, uid=None, slug="from-one-line", title="x" * 300)]})
    assert "\n" not in text and len(text) < 4096
    report = import_events(text, file_format="json")
    assert report.ok, report.errors
    assert Event.objects.get(slug="from-one-line").title == "x" * 300
