"""Reference data and statements in and out: CSV and JSON, row errors, dry run, idempotence, history."""

import json

import pytest
from django.core.management import call_command

from tests.builders_export import clear_events
from tests.test_dataset import STAFF, clear_everything
from tracker.exports.dataset import dataset_bytes
from tracker.exports.reference import reference_csv, reference_rows
from tracker.imports.reference import import_reference
from tracker.models import Country, Office, Participation, Person, Position, Statement

PEOPLE = (
    "slug,name,native_name,aliases,born,notes,wikidata_qid\r\n"
    "kim-dae-jung,Kim Dae-jung,김대중,Kim Dae Jung;Kim Dae-Jung,6 Jan 1924,,Q19835\r\n"
)


@pytest.mark.parametrize(
    "kind",
    ["countries", "organizations", "people", "offices", "positions", "topics", "series", "sources", "statements"],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_kind_exports_and_imports_back_unchanged(demo, kind, fmt):
    rows = reference_rows(kind, STAFF)
    assert rows, kind
    data = reference_csv(kind, rows) if fmt == "csv" else json.dumps({"rows": rows})
    report = import_reference(data, kind=kind, file_format=fmt)
    assert report.ok, [str(error) for error in report.errors]
    section = report.sections[kind]
    assert not section.created and not section.updated and len(section.unchanged) == len(rows)


def test_people_with_aliases_and_a_qid_are_created_then_unchanged_with_history(db):
    report = import_reference(PEOPLE, kind="people", file_format="csv")
    assert report.ok, report.errors
    kim = Person.objects.get(slug="kim-dae-jung")
    assert sorted(kim.aliases.values_list("name", flat=True)) == ["Kim Dae Jung", "Kim Dae-Jung"]
    assert kim.wikidata_qid == "Q19835" and kim.born.isoformat() == "1924-01-06"
    assert kim.history.get().history_change_reason == "Imported from file"
    again = import_reference(PEOPLE, kind="people", file_format="csv")
    assert len(again.sections["people"].unchanged) == 1 and kim.history.count() == 1
    changed = import_reference(PEOPLE.replace("Kim Dae Jung;", ""), kind="people", file_format="csv")
    assert changed.sections["people"].updated[0].changes == ["aliases"]
    assert list(kim.aliases.values_list("name", flat=True)) == ["Kim Dae-Jung"]


def test_row_errors_name_the_row_the_column_and_what_to_do_and_nothing_is_written(db):
    text = (
        "slug,title,kind,country,organization\r\n"
        "president-xk,President,head_of_state,XK,\r\n"
        "nobody,Chair,chair,,\r\n"
        "king-zz,King,head_of_state,ZZ,\r\n"
    )
    report = import_reference(text, kind="offices", file_format="csv")
    messages = [str(error) for error in report.errors]
    assert messages[0].startswith("row 3, kind: 'chair' is not one of ")
    assert "row 3, country: an office belongs to exactly one country or one organisation" in messages[1]
    assert messages[2].startswith("row 4, country: 'ZZ' is not a known country code")
    assert "Countries in the admin" in messages[2]
    assert not Office.objects.exists()


def test_a_dry_run_reports_and_writes_nothing(db):
    report = import_reference(PEOPLE, kind="people", file_format="csv", dry_run=True)
    assert report.ok and report.summary().startswith("people: 1 row(s), 1 would be created")
    assert not Person.objects.exists()


def test_positions_take_partial_dates_and_name_people_by_slug_or_name(db):
    import_reference(PEOPLE, kind="people", file_format="csv")
    import_reference(
        "slug,title,kind,country\r\npresident-kr,President,head_of_state,KR\r\n", kind="offices", file_format="csv"
    )
    text = "person,office,start_date,end_date\r\nKim Dae Jung,president-kr,1998,Feb 2003\r\n"
    report = import_reference(text, kind="positions", file_format="csv")
    assert report.ok, report.errors
    position = Position.objects.get()
    assert (position.start_date.isoformat(), position.end_date.isoformat()) == ("1998-01-01", "2003-02-28")
    again = import_reference(text, kind="positions", file_format="csv")
    assert len(again.sections["positions"].unchanged) == 1


def test_a_position_naming_a_person_by_a_hyphen_likeness_is_linked_with_a_warning(db):
    import_reference(PEOPLE.replace("Kim Dae Jung;", ""), kind="people", file_format="csv")
    import_reference(
        "slug,title,kind,country\r\npresident-kr,President,head_of_state,KR\r\n", kind="offices", file_format="csv"
    )
    text = "person,office,start_date,end_date\r\nKim Dae Jung,president-kr,1998,Feb 2003\r\n"
    report = import_reference(text, kind="positions", file_format="csv")
    assert report.ok, report.errors
    assert Position.objects.get().person.slug == "kim-dae-jung"
    assert any(
        "'Kim Dae Jung' is read as kim-dae-jung" in warning and "as an alias of kim-dae-jung" in warning
        for warning in report.warnings
    )


def test_a_country_file_adds_a_former_state_and_the_kind_comes_from_the_file_name(db, tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text("code,name,is_former,valid_from,valid_until\r\nVD,North Vietnam,TRUE,2 Sep 1945,2 Jul 1976\r\n")
    call_command("import_reference", str(path))
    vietnam = Country.objects.get(code="VD")
    assert vietnam.is_former and vietnam.valid_until.isoformat() == "1976-07-02"


@pytest.mark.parametrize("events_first", [True, False])
def test_a_dataset_with_events_before_or_after_positions_resolves_offices(demo, events_first):
    document = json.loads(dataset_bytes(STAFF))
    clear_everything()
    keys = list(document)
    events_last = [key for key in keys if key != "events"] + ["events"]
    ordered = ["format", "format_version", "events"] + [
        k for k in keys if k not in ("format", "format_version", "events")
    ]
    document = {key: document[key] for key in (ordered if events_first else events_last)}
    report = import_reference(json.dumps(document))
    assert report.ok, [str(error) for error in report.errors]
    lee = Participation.objects.filter(person__slug="lee-jae-myung")
    assert lee.exists() and not lee.filter(position__isnull=True).exists()
    assert lee.first().position.office.slug == "president-kr"


def test_statements_import_with_citations_and_unattributed_speakers(demo):
    rows = reference_rows("statements", STAFF)
    clear_everything_but_events = Statement.objects.all().delete
    clear_everything_but_events()
    report = import_reference(json.dumps(rows), kind="statements", file_format="json")
    assert report.ok, report.errors
    assert reference_rows("statements", STAFF) == rows
    assert Statement.objects.filter(citations__isnull=False).exists() or not any(row["citations"] for row in rows)


def test_a_statement_naming_an_unknown_event_says_to_import_the_events_first(db):
    text = json.dumps(
        [{"speaker_description": "an aide", "quote": "Soon", "about_event": "00000000-0000-4000-8000-000000000001"}]
    )
    report = import_reference(text, kind="statements", file_format="json")
    assert "import the events first" in str(report.errors[0])
    clear_events()


@pytest.mark.parametrize("group", ["Researcher", "Editor"])
def test_staff_import_people_through_the_admin_page(client, db, group):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.builders_api import make_user

    client.force_login(make_user("staff", group=group))
    upload = SimpleUploadedFile("people.csv", PEOPLE.encode(), content_type="text/csv")
    preview = client.post("/admin/tracker/event/import/", {"action": "preview", "records": "people", "file": upload})
    assert preview.status_code == 200 and b"Confirm import" in preview.content
    assert not Person.objects.exists()
    done = client.post("/admin/tracker/event/import/", {"action": "confirm", "token": preview.context["token"]})
    assert done.status_code == 302
    assert Person.objects.get().aliases.count() == 2


def test_only_editors_import_countries_through_the_admin_page(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.builders_api import make_user

    text = b"code,name\r\nVD,North Vietnam\r\n"
    client.force_login(make_user("researcher", group="Researcher"))
    upload = SimpleUploadedFile("countries.csv", text, content_type="text/csv")
    refused = client.post("/admin/tracker/event/import/", {"action": "preview", "records": "countries", "file": upload})
    assert refused.status_code == 403 and b"an editor can import them" in refused.content
    client.force_login(make_user("editor", group="Editor"))
    upload = SimpleUploadedFile("countries.csv", text, content_type="text/csv")
    preview = client.post("/admin/tracker/event/import/", {"action": "preview", "records": "countries", "file": upload})
    client.post("/admin/tracker/event/import/", {"action": "confirm", "token": preview.context["token"]})
    assert Country.objects.get(code="VD").name == "North Vietnam"


def test_two_rows_with_one_key_are_a_row_error(db):
    text = "code,name\r\nVD,North Vietnam\r\nvd,Vietnam (North)\r\n"
    report = import_reference(text, kind="countries", file_format="csv")
    assert [str(error) for error in report.errors] == ["row 3: the same country as row 2"]


def test_a_row_without_its_required_cells_is_a_row_error_not_a_crash(db):
    # Found by tests/test_reference_hostile.py: an empty row once raised KeyError: 'name'.
    report = import_reference("[{}]", kind="organizations", file_format="json")
    assert [str(error) for error in report.errors] == ["row 1, name: is required"]


def test_aliases_spelt_alike_and_one_wikidata_item_on_two_rows_are_row_errors(db):
    text = json.dumps(
        [
            {"slug": "a", "name": "A", "aliases": ["Kim Dae Jung", "KIM DAE JUNG"]},
            {"slug": "b", "name": "B", "wikidata_qid": "Q42"},
            {"slug": "c", "name": "C", "wikidata_qid": "Q42"},
        ]
    )
    report = import_reference(text, kind="people", file_format="json")
    assert str(report.errors[0]) == "row 1, aliases: 'KIM DAE JUNG' and 'Kim Dae Jung' are the same alias; keep one"
    report = import_reference(json.dumps(json.loads(text)[1:]), kind="people", file_format="json")
    assert [error.row for error in report.errors] == [2] and "refused" in report.errors[0].message
    assert not Person.objects.exists()
