"""An event's Wikidata QID moves out and back in with the event: the export's wikidata_qid column."""

import json

import pytest

from tests.builders_export import clear_events, csv_rows, make_event, streamed
from tests.test_dataset import STAFF, clear_everything
from tests.test_import import export_all, to_csv
from tracker import exports
from tracker.domain.identities import WIKIDATA_QID_MESSAGE
from tracker.exports.dataset import dataset_bytes
from tracker.exports.lines import fill_export_lines
from tracker.imports import CHANGED_MESSAGE, import_events
from tracker.imports.reference import import_dataset
from tracker.models import Event

NARA = "lee-takaichi-nara-2026"


def give_qids() -> tuple[Event, Event]:
    """The demo's Nara summit and a new draft (the demo has none) with Wikidata items, saved as the
    admin saves them: twelve events in all."""
    published = Event.objects.get(slug=NARA)
    draft = make_event("Unannounced talks", when="Mar 2026", published=False, kind=Event.Kind.PHONE_CALL)
    for event, qid in ((published, "Q130000001"), (draft, "Q130000002")):
        event.wikidata_qid = qid
        event.save()
    return published, draft


def qids_by_slug() -> dict[str, str]:
    return dict(Event.objects.exclude(wikidata_qid="").values_list("slug", "wikidata_qid"))


def test_the_qid_is_the_last_export_column_in_csv_and_json(demo):
    published, draft = give_qids()
    assert exports.COLUMNS[-1] == "wikidata_qid"
    rows = {row["slug"]: row for row in csv_rows(export_all("csv"))}
    assert list(rows[NARA])[-1] == "wikidata_qid"
    assert rows[NARA]["wikidata_qid"] == "Q130000001" and rows[draft.slug]["wikidata_qid"] == "Q130000002"
    assert {row["wikidata_qid"] for slug, row in rows.items() if slug not in {NARA, draft.slug}} == {""}
    nested = {row["slug"]: row for row in json.loads(export_all("json"))["rows"]}
    assert nested[NARA]["wikidata_qid"] == "Q130000001" and nested[draft.slug]["wikidata_qid"] == "Q130000002"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_events_qid_survives_export_import_into_no_events_and_export(demo, fmt):
    give_qids()
    before, first = qids_by_slug(), export_all(fmt)
    first_csv = export_all("csv")
    clear_events()
    report = import_events(first, file_format=fmt)
    assert report.ok, report.errors
    assert len(report.created) == 12
    assert qids_by_slug() == before
    assert export_all("csv") == first_csv
    again = import_events(first, file_format=fmt)
    assert again.ok and (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 12)


def test_an_events_qid_survives_the_whole_dataset_round_trip_byte_for_byte(demo):
    give_qids()
    first = dataset_bytes(STAFF)
    assert b'"wikidata_qid":"Q130000001"' in first and b'"wikidata_qid":"Q130000002"' in first
    clear_everything()
    report = import_dataset(first)
    assert report.ok, [str(error) for error in report.errors]
    assert set(qids_by_slug().values()) == {"Q130000001", "Q130000002"}
    assert dataset_bytes(STAFF) == first
    again = import_dataset(first)
    assert again.ok
    for kind, section in again.sections.items():
        assert not section.created and not section.updated, (kind, section.created, section.updated)


@pytest.mark.parametrize(
    "qid", ["q42", "Q0", "42", "Q12a", "Q 42", "Q1234567890123", "https://www.wikidata.org/wiki/Q42"]
)
def test_a_malformed_qid_is_a_row_error_naming_the_column_and_the_form(demo, qid):
    rows = csv_rows(export_all("csv"))
    rows[1]["wikidata_qid"] = qid
    report = import_events(to_csv(rows))
    assert not report.ok
    assert [(error.row, error.column) for error in report.errors] == [(3, "wikidata_qid")]
    assert WIKIDATA_QID_MESSAGE in report.errors[0].message and qid in report.errors[0].message
    assert qids_by_slug() == {}


def test_a_qid_in_json_that_is_not_text_is_a_row_error(demo):
    rows = json.loads(export_all("json"))["rows"]
    rows[0]["wikidata_qid"] = 42
    report = import_events(json.dumps(rows).encode(), file_format="json")
    assert [(error.row, error.column) for error in report.errors] == [(1, "wikidata_qid")]
    assert report.errors[0].message == f"'42': {WIKIDATA_QID_MESSAGE}"


def test_a_changed_qid_is_an_update_with_history_and_a_blank_cell_clears_it(demo):
    nara = Event.objects.get(slug=NARA)
    history = nara.history.count()
    rows = csv_rows(export_all("csv"))
    for row in rows:
        if row["slug"] == NARA:
            row["wikidata_qid"] = "Q130000009"
    report = import_events(to_csv(rows))
    assert report.ok, report.errors
    assert [outcome.changes for outcome in report.updated] == [["wikidata_qid"]] and len(report.unchanged) == 10
    nara.refresh_from_db()
    assert nara.wikidata_qid == "Q130000009" and nara.history.count() == history + 1
    assert nara.history.first().wikidata_qid == "Q130000009"
    for row in rows:
        row["wikidata_qid"] = ""
    cleared = import_events(to_csv(rows))
    assert [outcome.changes for outcome in cleared.updated] == [["wikidata_qid"]]
    assert qids_by_slug() == {}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_file_without_the_column_imports_and_leaves_stored_qids_alone(demo, fmt):
    give_qids()
    before = qids_by_slug()
    if fmt == "csv":
        rows = csv_rows(export_all("csv"))
        data = to_csv([{name: value for name, value in row.items() if name != "wikidata_qid"} for row in rows])
    else:
        rows = json.loads(export_all("json"))["rows"]
        data = json.dumps([{name: value for name, value in row.items() if name != "wikidata_qid"} for row in rows])
    report = import_events(data, file_format=fmt)
    assert report.ok, report.errors
    assert len(report.unchanged) == 12
    assert qids_by_slug() == before


def test_one_wikidata_item_on_two_rows_or_held_by_another_event_is_a_row_error(demo):
    published, draft = give_qids()
    # The Nara summit's row is left out: its QID is then held by an event the file does not name.
    rows = [row for row in csv_rows(export_all("csv")) if row["slug"] != NARA]
    others = [row for row in rows if row["wikidata_qid"] == ""]
    others[0]["wikidata_qid"] = others[1]["wikidata_qid"] = "Q42"
    others[2]["wikidata_qid"] = "Q130000001"
    report = import_events(to_csv(rows))
    messages = {(error.row, error.column, error.message) for error in report.errors}
    number = {row["uid"]: index for index, row in enumerate(rows, start=2)}
    assert messages == {
        (number[others[1]["uid"]], "wikidata_qid", f"'Q42' is also on row {number[others[0]['uid']]}"),
        (
            number[others[2]["uid"]],
            "wikidata_qid",
            "'Q130000001' is the Wikidata item of another event in the database",
        ),
    }
    assert not any(CHANGED_MESSAGE in str(error) for error in report.errors)
    assert qids_by_slug() == {published.slug: "Q130000001", draft.slug: "Q130000002"}


def test_a_readers_export_from_stored_lines_carries_the_qid_given_after_they_were_filled(client, demo):
    fill_export_lines()
    give_qids()
    fill_export_lines()
    rows = {row["slug"]: row for row in csv_rows(streamed(client.get("/events/export.csv")))}
    assert rows[NARA]["wikidata_qid"] == "Q130000001"
    plover = [json.loads(line) for line in streamed(client.get("/events/export.plover.jsonl")).splitlines()]
    assert {record["url"].rsplit("/", 2)[-2]: record["wikidata"] for record in plover}[NARA] == "Q130000001"
