import json

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.management import CommandError, call_command

from tests.builders_export import clear_events, csv_rows, make_event, make_staff, streamed
from tracker import exports
from tracker.domain.derived import involved_country_codes
from tracker.imports import import_events
from tracker.models import Citation, Event, EventCountry, Participation, Person, Source


def export_all(fmt: str = "csv") -> str | bytes:
    """Every event, drafts included, as staff download it."""
    export = exports.export_request({}, STAFF)
    if fmt == "csv":
        return "".join(exports.iter_csv_chunks(export.events))
    return b"".join(exports.iter_json_chunks(export))


class _Staff:
    """Enough of a staff user for visibility checks, without a database row."""

    is_active = is_staff = True


STAFF = _Staff()


def history_count() -> int:
    return sum(model.history.count() for model in (Event, Participation, Citation))


def csv_with(text: str, **changes) -> str:
    """The CSV `text` with cells of its first data row replaced."""
    rows = csv_rows(text)
    rows[0].update(changes)
    return to_csv(rows)


def to_csv(rows: list[dict]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_reimporting_an_export_changes_nothing_and_writes_no_history(demo, fmt):
    data = export_all(fmt)
    before = (history_count(), Event.objects.count(), Participation.objects.count(), Citation.objects.count())
    report = import_events(data, file_format=fmt)
    assert report.ok, report.errors
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 11)
    after = (history_count(), Event.objects.count(), Participation.objects.count(), Citation.objects.count())
    assert after == before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_into_a_database_without_events_gives_identical_rows(demo, fmt):
    first = export_all(fmt)
    first_csv = export_all("csv")
    clear_events()
    assert Event.objects.count() == 0
    report = import_events(first, file_format=fmt)
    assert report.ok, report.errors
    assert len(report.created) == 11
    assert export_all("csv") == first_csv
    if fmt == "json":
        assert json.loads(export_all("json"))["rows"] == json.loads(first)["rows"]


def test_imported_events_get_their_derived_countries(demo):
    data = export_all()
    clear_events()
    import_events(data)
    for event in Event.objects.all():
        stored = set(EventCountry.objects.filter(event=event).values_list("country_id", flat=True))
        assert stored == involved_country_codes(event)
        assert set(EventCountry.objects.filter(event=event).values_list("start_date", flat=True)) <= {event.start_date}


def test_a_row_with_an_existing_uid_updates_that_event_and_records_history(demo):
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    text = to_csv([row for row in csv_rows(export_all()) if row["uid"] == str(nara.uid)])
    changed = csv_with(text, title="Lee–Takaichi summit in Nara, Japan", topics="north-korea;cptpp")
    history_before = nara.history.count()
    report = import_events(changed)
    assert report.ok, report.errors
    assert [outcome.changes for outcome in report.updated] == [["title", "topics"]]
    nara.refresh_from_db()
    assert nara.title == "Lee–Takaichi summit in Nara, Japan"
    assert sorted(nara.topics.values_list("slug", flat=True)) == ["cptpp", "north-korea"]
    assert Event.objects.count() == 11
    assert nara.history.count() == history_before + 1
    latest = nara.history.first()
    assert (latest.history_type, latest.title, latest.history_change_reason) == (
        "~",
        "Lee–Takaichi summit in Nara, Japan",
        "Imported from file",
    )
    # Importing the changed file again changes nothing more.
    assert len(import_events(changed).unchanged) == 1
    assert nara.history.count() == history_before + 1


def test_participants_and_citations_of_an_existing_event_are_brought_in_line(demo):
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    row = next(row for row in csv_rows(export_all()) if row["uid"] == str(nara.uid))
    row["participants"] = "sanae-takaichi|Sanae Takaichi|host|JP||prime-minister-jp"
    row["citations"] = (
        "Reuters|Report on the Nara summit and the Japan–China chill|||||;AP|Nara talks|https://apnews.com/x||||"
    )
    report = import_events(to_csv([row]))
    assert report.ok, report.errors
    assert list(nara.participations.values_list("person__slug", flat=True)) == ["sanae-takaichi"]
    assert sorted(nara.citations.values_list("source__publisher", flat=True)) == ["AP", "Reuters"]
    assert report.sources_created == 1
    assert set(nara.country_links.values_list("country_id", flat=True)) == {"JP"}


def test_row_errors_name_the_row_the_column_and_the_reason(demo):
    rows = csv_rows(export_all())
    rows[0]["start_date"] = "31 Feb 2026"
    rows[0]["date_precision"] = ""
    rows[0]["edtf"] = ""
    rows[1]["kind"] = "bilateral_sumit"
    rows[2]["latitude"] = "north"
    rows[3]["uid"] = "not-a-uuid"
    report = import_events(to_csv(rows))
    messages = [str(error) for error in report.errors]
    assert "row 2, start_date: '31 Feb 2026' is not a date (that day does not exist in that month)" in messages
    assert any(
        m.startswith("row 3, kind: 'bilateral_sumit' is not a known kind; did you mean bilateral_summit,")
        for m in messages
    )
    assert "row 4, latitude: 'north' is not a number" in messages
    assert "row 5, uid: 'not-a-uuid' is not a UUID" in messages


def test_unknown_country_codes_are_rejected_with_the_closest_codes_suggested(demo):
    text = csv_with(to_csv(csv_rows(export_all())[:1]), host_country="KO", party_countries="Japan")
    messages = [str(error) for error in import_events(text).errors]
    assert any(
        m.startswith("row 2, host_country: 'KO' is not a known ISO 3166-1 alpha-2 country code") for m in messages
    )
    assert any("KR (South Korea)" in m for m in messages if "host_country" in m)
    assert any("party_countries: 'Japan'" in m and "JP (Japan)" in m for m in messages)


def test_one_bad_row_and_nothing_is_written(demo):
    rows = csv_rows(export_all())
    clear_events()
    rows[-1]["end_date"] = "1999-01-01"
    rows[-1]["edtf"] = ""
    history_before = history_count()
    report = import_events(to_csv(rows))
    assert not report.ok
    assert [str(error) for error in report.errors] == [
        f"row {len(rows) + 1}, end_date: '1999-01-01' is before the start '{rows[-1]['start_date']}'"
    ]
    assert Event.objects.count() == 0 and Participation.objects.count() == 0
    assert history_count() == history_before


def test_a_failure_while_writing_rolls_everything_back(demo, monkeypatch):
    data = export_all()
    clear_events()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("tracker.imports.write.refresh_countries", explode)
    monkeypatch.setattr("tracker.imports.write._involved_countries", explode)
    with pytest.raises(RuntimeError):
        import_events(data)
    assert Event.objects.count() == 0 and Participation.objects.count() == 0 and Citation.objects.count() == 0


def test_unknown_people_are_an_error_unless_the_import_creates_them(demo):
    row = csv_rows(export_all())[0]
    row.update(uid="", slug="new-talks", participants="ada-lovelace|Ada Lovelace|guest|GB||;lee-jae-myung||host|||")
    row.update(start_date="2026-01-20", end_date="", date_precision="", edtf="")
    row.update(citations="", is_published="false")  # a draft: a published event would need a citation
    text = to_csv([row])
    report = import_events(text)
    assert [str(error) for error in report.errors] == [
        "row 2, participants: 'ada-lovelace' is not a known person (import with --create-people to add them)"
    ]
    assert not Person.objects.filter(slug="ada-lovelace").exists()
    report = import_events(text, create_people=True)
    assert report.ok, report.errors
    assert report.people_created == ["ada-lovelace"]
    event = Event.objects.get(slug="new-talks")
    assert Person.objects.get(slug="ada-lovelace").name == "Ada Lovelace"
    lee = event.participations.get(person__slug="lee-jae-myung")
    # Like the admin: the office held that day and the country it serves are filled in.
    assert lee.position.office.slug == "president-kr" and lee.represented_country_id == "KR"
    assert set(event.country_links.values_list("country_id", flat=True)) >= {"GB", "KR"}


def test_people_are_matched_by_name_and_suggested_when_misspelt(demo):
    row = csv_rows(export_all())[0]
    row.update(uid="", slug="by-name", participants="|Sanae Takaichi|host|||;|Lee Jae Myeong|guest|||", citations="")
    messages = [str(error) for error in import_events(to_csv([row])).errors]
    assert len(messages) == 1
    assert "'Lee Jae Myeong' is not a known person; did you mean lee-jae-myung (Lee Jae Myung)" in messages[0]


def test_dry_run_reports_the_plan_and_writes_nothing(demo):
    rows = csv_rows(export_all())
    rows[0]["title"] = "Changed title"
    new = dict(rows[1], uid="", slug="brand-new", citations="Kyodo|New report|||||")
    report = import_events(to_csv([*rows, new]), dry_run=True)
    assert report.ok and report.dry_run
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (1, 1, 10)
    assert report.updated[0].changes == ["title"]
    assert report.sources_created == 1
    assert "would be created" in report.summary()
    assert not Event.objects.filter(title="Changed title").exists()
    assert not Event.objects.filter(slug="brand-new").exists()
    assert not Source.objects.filter(publisher="Kyodo").exists()


def test_hand_written_rows_infer_precision_and_derive_slugs(db):
    text = "title,kind,start_date,countries\r\nTalks in Seoul,bilateral_summit,Oct 2025,KR;JP\r\n"
    text += "Trade deal,agreement_signing,13–14 Jan 2026,\r\n"
    report = import_events(text, file_format="csv")
    assert report.ok, report.errors
    talks = Event.objects.get(title="Talks in Seoul")
    assert (talks.start_date.isoformat(), talks.end_date.isoformat(), talks.date_precision) == (
        "2025-10-01",
        "2025-10-31",
        "month",
    )
    assert talks.slug == "talks-in-seoul" and not talks.is_published
    assert set(talks.party_countries.values_list("code", flat=True)) == {"KR", "JP"}
    deal = Event.objects.get(title="Trade deal")
    assert (deal.edtf, deal.date_precision) == ("2026-01-13/2026-01-14", "day")


def test_edtf_alone_gives_the_dates_and_must_agree_with_them(db):
    report = import_events([{"title": "Year", "kind": "statement", "edtf": "2013"}])
    assert report.ok, report.errors
    assert Event.objects.get(title="Year").date_precision == "year"
    report = import_events([{"title": "X", "kind": "statement", "start_date": "2025-10-01", "edtf": "2025-11"}])
    assert [str(e) for e in report.errors] == [
        "row 1, edtf: '2025-11' disagrees with start_date/end_date (which give 2025-10-01)"
    ]


def test_formula_neutralisation_is_undone_on_import(db):
    event = make_event("=1+1", slug="formula", summary="'Tis true", place_name="-Somewhere", published=False)
    text = "".join(exports.iter_csv_chunks(Event.objects.all()))
    assert "'=1+1" in text and "''Tis true" in text
    event.delete()
    import_events(text)
    event = Event.objects.get(slug="formula")
    assert (event.title, event.summary, event.place_name) == ("=1+1", "'Tis true", "-Somewhere")


def test_slug_and_uid_clashes_are_errors(demo):
    rows = csv_rows(export_all())
    duplicate = dict(rows[0])
    other = dict(rows[1], uid="", slug=rows[2]["slug"])
    messages = [str(e) for e in import_events(to_csv([rows[0], duplicate, other])).errors]
    assert f"row 3, uid: '{rows[0]['uid']}' is also on row 2" in messages
    assert f"row 4, slug: '{rows[2]['slug']}' is already used by another event in the database" in messages


def test_a_parent_must_exist_and_may_come_later_in_the_file(demo):
    rows = csv_rows(export_all())
    clear_events()
    child = next(row for row in rows if row["parent"])
    parent = next(row for row in rows if row["uid"] == child["parent"])
    report = import_events(to_csv([child, parent]))
    assert report.ok, report.errors
    assert str(Event.objects.get(uid=child["uid"]).parent.uid) == parent["uid"]
    orphan = dict(child, uid="", slug="orphan", parent="00000000-0000-0000-0000-000000000001")
    messages = [str(e) for e in import_events(to_csv([orphan])).errors]
    assert messages == ["row 2, parent: no event has the uid '00000000-0000-0000-0000-000000000001'"]


def test_editors_alone_may_import_published_events(demo):
    researcher = make_staff("researcher", superuser=False)
    researcher.user_permissions.add(*Permission.objects.filter(codename__in=["add_event", "change_event"]))
    row = dict(csv_rows(export_all())[0], uid="", slug="published-by-researcher")
    report = import_events(to_csv([row]), user=researcher)
    assert [str(e) for e in report.errors] == ["row 2, is_published: you may not publish events; import them as drafts"]
    row["is_published"] = "false"
    assert import_events(to_csv([row]), user=researcher).ok
    created = Event.objects.get(slug="published-by-researcher")
    assert created.created_by == researcher and created.history.first().history_user == researcher


def test_unknown_columns_and_broken_json_are_reported(db):
    report = import_events("title,kind,start_date,colour\r\nTalks,statement,2025,red\r\n", file_format="csv")
    assert str(report.errors[0]).startswith("row 1, colour: unknown column")
    from tracker.imports import ImportFileError

    with pytest.raises(ImportFileError):
        import_events(b'{"rows": [', file_format="json")


def test_import_command_dry_run_then_import(demo, tmp_path, capsys):
    path = tmp_path / "events.csv"
    rows = csv_rows(export_all())
    clear_events()
    path.write_text(to_csv(rows), encoding="utf-8")
    call_command("import_events", str(path), "--dry-run")
    assert "Dry run: 11 row(s): 11 would be created" in capsys.readouterr().out
    assert Event.objects.count() == 0
    call_command("import_events", str(path))
    assert Event.objects.count() == 11
    bad = tmp_path / "bad.csv"
    rows[0]["host_country"] = "ZZ"
    bad.write_text(to_csv(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_events", str(bad))
    assert "row 2, host_country: 'ZZ'" in capsys.readouterr().err


def test_admin_import_page_previews_then_imports(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = csv_rows(export_all())
    clear_events()
    client.force_login(make_staff())
    assert client.get("/admin/tracker/event/import/").status_code == 200
    upload = SimpleUploadedFile("events.csv", to_csv(rows).encode(), content_type="text/csv")
    preview = client.post("/admin/tracker/event/import/", {"action": "preview", "file": upload})
    assert preview.status_code == 200
    assert preview.context["report"].dry_run and len(preview.context["report"].created) == 11
    assert b"Confirm import" in preview.content
    assert Event.objects.count() == 0
    token = preview.context["token"]
    done = client.post("/admin/tracker/event/import/", {"action": "confirm", "token": token})
    assert done.status_code == 302 and Event.objects.count() == 11
    # The token is spent: confirming twice imports nothing more.
    again = client.post("/admin/tracker/event/import/", {"action": "confirm", "token": token})
    assert again.status_code == 302 and Event.objects.count() == 11


def test_admin_import_page_shows_row_errors_and_is_for_staff_only(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = csv_rows(export_all())
    rows[0]["start_date"] = "31 Feb 2026"
    rows[0]["date_precision"] = rows[0]["edtf"] = ""
    assert client.get("/admin/tracker/event/import/").status_code == 302  # to the login page
    client.force_login(make_staff())
    upload = SimpleUploadedFile("events.csv", to_csv(rows).encode(), content_type="text/csv")
    response = client.post("/admin/tracker/event/import/", {"action": "preview", "file": upload})
    assert "row 2, start_date: &#x27;31 Feb 2026&#x27; is not a date" in response.content.decode()
    assert b"Confirm import" not in response.content


def test_anonymous_export_then_import_keeps_drafts_out(client, demo):
    make_event("Draft talks", published=False)
    body = streamed(client.get("/events/export.csv"))
    assert "Draft talks" not in body.decode()
    assert exports.export_request({}, AnonymousUser()).events.count() == 11


@pytest.mark.parametrize("code", ["XK", "AN", "SU", "YU", "DD", "CS", "XS"])
def test_former_and_user_assigned_country_codes_import(db, code):
    row = {"title": "Talks", "kind": "phone_call", "start_date": "1990-01-13", "host_country": code}
    report = import_events([{**row, "is_published": False}])
    assert report.ok, report.errors
    assert Event.objects.get().host_country_id == code


def test_an_unknown_code_says_how_to_add_it_and_suggests_by_name_not_by_letters(db):
    messages = [
        str(e)
        for e in import_events(
            [{"title": "T", "kind": "phone_call", "start_date": "2026", "host_country": "QQ"}]
        ).errors
    ]
    assert len(messages) == 1
    assert "an editor can add a missing country under Countries in the admin" in messages[0]
    assert "did you mean" not in messages[0]
    messages = [
        str(e)
        for e in import_events(
            [{"title": "T", "kind": "phone_call", "start_date": "2026", "host_country": "Kosovo"}]
        ).errors
    ]
    assert "XK (Kosovo)" in messages[0]


@pytest.mark.parametrize(
    ("spelling", "published"),
    [("TRUE", True), ("True", True), ("yes", True), ("1", True), ("FALSE", False), ("No", False), ("0", False)],
)
def test_booleans_in_any_common_spelling_survive_a_spreadsheet(demo, spelling, published):
    rows = csv_rows(export_all())
    rows[0]["is_published"] = spelling
    report = import_events(to_csv(rows[:1]))
    assert report.ok, report.errors
    event = Event.objects.get(uid=rows[0]["uid"])
    assert event.is_published is published
    assert report.unchanged if published else report.updated


def test_a_boolean_nobody_writes_is_a_row_error_not_a_silent_draft(demo):
    rows = csv_rows(export_all())
    rows[0]["is_published"] = "maybe"
    messages = [str(error) for error in import_events(to_csv(rows[:1])).errors]
    assert messages == ["row 2, is_published: 'maybe' is not true or false"]
