"""--skip-invalid and the admin's "Skip invalid rows": the valid rows are written, the rejected ones come
back as a file with an `errors` column that imports again once fixed. Without it, all-or-nothing."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.builders_api import make_user
from tests.builders_export import clear_events, csv_rows
from tests.test_import import export_all, to_csv
from tracker.imports import import_events
from tracker.models import Event

IMPORT_PAGE = "/admin/tracker/event/import/"
REJECTED_PAGE = "/admin/tracker/event/import/rejected/"


def exported_rows_then_cleared() -> list[dict]:
    """The demo's rows as an export gives them, with the events gone, so importing creates them."""
    rows = csv_rows(export_all())
    clear_events()
    return rows


def rejected_csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_without_skip_invalid_one_bad_row_writes_nothing(demo):
    rows = exported_rows_then_cleared()
    rows[1]["kind"] = "tea_party"
    report = import_events(to_csv(rows))
    assert not report.ok and Event.objects.count() == 0
    assert report.rejected == {} and report.rejected_file == ""


def test_skip_invalid_writes_the_valid_rows_and_hands_back_the_others_with_their_errors(demo):
    rows = exported_rows_then_cleared()
    written_kind, written_start = rows[1]["kind"], rows[3]["start_date"]
    rows[1]["kind"] = "tea_party"
    rows[3]["start_date"], rows[3]["edtf"], rows[3]["date_precision"] = "31 Feb 2026", "", ""
    report = import_events(to_csv(rows), skip_invalid=True)
    assert report.ok, report.errors
    assert (len(report.created), Event.objects.count(), report.rows) == (8, 8, 11)
    # Spreadsheet rows (the header is row 1); row 4's parent is row 3, so it waits for it.
    assert sorted(report.rejected) == [3, 4, 5]
    assert report.rejected[4] == ["parent: its parent event (row 3) was rejected; fix that row and import both again"]
    assert "rejected" in report.summary()
    handed_back = rejected_csv_rows(report.rejected_file)
    assert list(handed_back[0]) == ["errors", *rows[0]]
    assert handed_back[0]["errors"].startswith("row 3: kind: 'tea_party' is not a known kind")
    assert handed_back[2]["errors"].startswith("row 5: start_date: '31 Feb 2026'")
    # Every cell comes back as it was written, so only the mistake needs fixing.
    assert {key: value for key, value in handed_back[0].items() if key != "errors"} == rows[1]
    handed_back[0]["kind"] = written_kind
    handed_back[2]["start_date"] = written_start
    again = import_events(to_csv(handed_back), skip_invalid=True)
    assert again.ok and again.rejected == {}, again.rejected
    assert (len(again.created), Event.objects.count()) == (3, 11)


@pytest.mark.django_db
def test_a_row_whose_parent_was_rejected_is_rejected_too():
    parent = {"uid": "6a3e1d43-3f1f-4a63-9d0b-2b1b8e6a0a01", "title": "Summit", "kind": "no_such_kind"}
    parent["start_date"] = "2026-01-13"
    child = {"title": "Side talks", "kind": "phone_call", "start_date": "2026-01-13", "parent": parent["uid"]}
    alone = {"title": "Call", "kind": "phone_call", "start_date": "2026-01-14"}
    report = import_events([parent, child, alone], skip_invalid=True)
    assert report.ok
    assert [outcome.title for outcome in report.created] == ["Call"]
    assert sorted(report.rejected) == [1, 2]
    assert report.rejected[2] == ["parent: its parent event (row 1) was rejected; fix that row and import both again"]
    document = json.loads(report.rejected_file)
    assert [row["title"] for row in document["rows"]] == ["Summit", "Side talks"]
    document["rows"][0]["kind"] = "bilateral_summit"
    fixed = import_events(json.dumps(document), file_format="json", skip_invalid=True)
    assert fixed.ok and fixed.rejected == {} and len(fixed.created) == 2


def test_a_problem_of_the_whole_file_still_writes_nothing(demo):
    rows = exported_rows_then_cleared()
    text = to_csv(rows).replace("title,", "headline,", 1)
    report = import_events(text, skip_invalid=True)
    assert not report.ok and Event.objects.count() == 0
    assert [str(error) for error in report.errors][0].startswith("row 1, headline: unknown column")


@pytest.mark.django_db
def test_dry_run_with_skip_invalid_writes_nothing_but_says_what_would_be_rejected():
    rows = [{"title": "Call", "kind": "phone_call", "start_date": "2026-01-14"}, {"title": "", "kind": "phone_call"}]
    report = import_events(rows, skip_invalid=True, dry_run=True)
    assert report.ok and len(report.created) == 1 and list(report.rejected) == [2]
    assert Event.objects.count() == 0


def test_command_writes_the_rejected_rows_beside_the_file(demo, tmp_path, capsys):
    rows = exported_rows_then_cleared()
    rows[2]["host_country"] = "ZZ"
    path = tmp_path / "visits.csv"
    path.write_text(to_csv(rows), encoding="utf-8", newline="")
    with pytest.raises(CommandError):
        call_command("import_events", str(path))
    assert Event.objects.count() == 0 and not (tmp_path / "visits.rejected.csv").exists()
    call_command("import_events", str(path), "--skip-invalid")
    out = capsys.readouterr()
    assert Event.objects.count() == 10
    assert "1 rejected row(s)" in out.out and "rejected row 4: host_country: 'ZZ'" in out.err
    rejected = rejected_csv_rows((tmp_path / "visits.rejected.csv").read_text(encoding="utf-8"))
    assert [row["title"] for row in rejected] == [rows[2]["title"]]


def test_command_writes_the_rejected_rows_where_asked_and_not_on_a_dry_run(demo, tmp_path):
    rows = exported_rows_then_cleared()
    rows[0]["kind"] = "tea_party"
    path, elsewhere = tmp_path / "in.csv", tmp_path / "fix-me.csv"
    path.write_text(to_csv(rows), encoding="utf-8", newline="")
    call_command("import_events", str(path), "--skip-invalid", "--dry-run", "--rejected-file", str(elsewhere))
    assert not elsewhere.exists() and Event.objects.count() == 0
    call_command("import_events", str(path), "--skip-invalid", "--rejected-file", str(elsewhere))
    assert len(rejected_csv_rows(elsewhere.read_text(encoding="utf-8"))) == 1
    with pytest.raises(CommandError, match="--rejected-file goes with --skip-invalid"):
        call_command("import_events", str(path), "--rejected-file", str(elsewhere))


def published_rows(count: int) -> list[dict]:
    citation = [{"publisher": "Yonhap", "title": "Report"}]
    return [
        {"title": f"Call {n}", "kind": "phone_call", "start_date": "2026-01-14", "is_published": True}
        | {"citations": citation}
        for n in range(count)
    ]


@pytest.mark.django_db
def test_a_researcher_importing_published_rows_is_told_once_not_once_per_row():
    researcher = make_user("researcher", group="Researcher")
    report = import_events(published_rows(12), user=researcher)
    messages = [str(error) for error in report.errors]
    assert messages == [
        "rows 1, 2, 3, 4, 5 and 7 more (12 rows), is_published: you may not publish events; import them as drafts"
    ]
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_with_skip_invalid_a_researcher_imports_the_drafts_and_gets_the_published_rows_back():
    researcher = make_user("researcher", group="Researcher")
    rows = published_rows(3) + [{"title": "Draft call", "kind": "phone_call", "start_date": "2026-01-15"}]
    report = import_events(rows, user=researcher, skip_invalid=True)
    assert [outcome.title for outcome in report.created] == ["Draft call"]
    refusal = "is_published: you may not publish events; import them as drafts"
    assert report.rejected == {row: [refusal] for row in (1, 2, 3)}


@pytest.mark.django_db
def test_an_editor_imports_the_same_published_rows():
    editor = make_user("editor", group="Editor")
    report = import_events(published_rows(3), user=editor, skip_invalid=True)
    assert report.ok and report.rejected == {} and Event.objects.filter(is_published=True).count() == 3


@pytest.mark.parametrize("group", ["Researcher", "Editor"])
def test_admin_page_skips_invalid_rows_and_offers_them_for_download(client, demo, group):
    rows = exported_rows_then_cleared()
    for row in rows:
        row["is_published"] = "false"  # drafts, which a Researcher may import too
    rows[4]["kind"] = "tea_party"
    client.force_login(make_user("staff", group=group))
    upload = SimpleUploadedFile("visits.csv", to_csv(rows).encode(), content_type="text/csv")
    preview = client.post(IMPORT_PAGE, {"action": "preview", "file": upload, "skip_invalid": "on"})
    assert preview.status_code == 200
    assert list(preview.context["report"].rejected) == [6]
    assert REJECTED_PAGE.encode() in preview.content and b"Confirm import" in preview.content
    done = client.post(IMPORT_PAGE, {"action": "confirm", "token": preview.context["token"]}, follow=True)
    assert Event.objects.count() == 10
    assert "1 row(s) were not imported" in done.content.decode()
    download = client.get(REJECTED_PAGE)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="visits.rejected.csv"'
    rejected = rejected_csv_rows(download.content.decode())
    assert [row["title"] for row in rejected] == [rows[4]["title"]]
    assert "kind: 'tea_party'" in rejected[0]["errors"]


@pytest.mark.parametrize("group", ["Researcher", "Editor"])
def test_admin_page_without_the_box_stays_all_or_nothing(client, demo, group):
    rows = exported_rows_then_cleared()
    rows[4]["kind"] = "tea_party"
    client.force_login(make_user("staff", group=group))
    upload = SimpleUploadedFile("visits.csv", to_csv(rows).encode(), content_type="text/csv")
    preview = client.post(IMPORT_PAGE, {"action": "preview", "file": upload})
    assert b"Confirm import" not in preview.content and not preview.context["report"].ok
    assert client.get(REJECTED_PAGE).status_code == 404


@pytest.mark.django_db
def test_the_rejected_rows_download_is_for_importers_only(client):
    client.force_login(make_user("reader", staff=True))
    assert client.get(REJECTED_PAGE).status_code == 403
