"""A CSV export opened and saved by a spreadsheet imports back with every row unchanged.

LibreOffice Calc, run headless, reads the export with "detect special numbers" on (as a researcher's
spreadsheet does): `true` becomes TRUE, CAMEO 040 the number 40, 042/043 stays text. The stored file
tests/fixtures/spreadsheet-libreoffice.csv is what it made of the export of
tests/spreadsheet_records.py; to make it again (after a change to the export's columns):

    soffice --headless --infilter="CSV:44,34,76,1,,1033,false,true" --convert-to csv --outdir OUT export.csv

The live test runs the same conversion where `soffice` is installed (`make test` installs it).
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.builders_export import csv_rows
from tests.spreadsheet_records import make_spreadsheet_records
from tests.test_import import export_all, to_csv
from tracker.imports import import_events

FIXTURE = Path(__file__).parent / "fixtures" / "spreadsheet-libreoffice.csv"
# Comma, double quote, UTF-8 (76), from line 1, default column types, US English, quoted cells not
# forced to text, detect special numbers (booleans, dates, exponents).
LIBREOFFICE_CSV = "CSV:44,34,76,1,,1033,false,true"
NO_SOFFICE = "LibreOffice (soffice) is not installed; `make spreadsheet` (part of `make test`) installs it"


def convert_with_libreoffice(source: Path, out: Path) -> Path:
    """Open `source` in headless LibreOffice Calc and save it as CSV in `out`; its own profile, so
    two runs at once do not share one."""
    profile = (out / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", f"--infilter={LIBREOFFICE_CSV}"]
    command += ["--convert-to", "csv", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return out / source.name


def assert_every_row_unchanged(text: str) -> None:
    report = import_events(text, file_format="csv")
    assert report.ok, [str(error) for error in report.errors]
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 3), report.updated


@pytest.mark.django_db
def test_the_stored_libreoffice_file_imports_back_with_every_row_unchanged():
    make_spreadsheet_records()
    saved = FIXTURE.read_text(encoding="utf-8")
    # What LibreOffice changed, so the test keeps meaning something.
    rows = {row["slug"]: row for row in csv_rows(saved)}
    assert rows["nara-summit"]["is_published"] == "TRUE" and rows["october-call"]["is_published"] == "FALSE"
    assert (rows["nara-summit"]["cameo"], rows["october-call"]["cameo"]) == ("40", "41")
    assert_every_row_unchanged(saved)


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_SOFFICE)
def test_a_fresh_libreoffice_save_imports_back_with_every_row_unchanged(tmp_path):
    make_spreadsheet_records()
    export = tmp_path / "events.csv"
    export.write_text(export_all(), encoding="utf-8", newline="")
    saved = convert_with_libreoffice(export, tmp_path / "out").read_text(encoding="utf-8")
    assert "TRUE" in saved
    assert_every_row_unchanged(saved)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "slug", "value"),
    [
        ("cameo", "nara-summit", "40"),
        ("cameo", "state-visit-2013", "42/43"),
        ("plover_type", "nara-summit", "consult"),
        ("cameo", "nara-summit", "43"),
        ("latitude", "state-visit-2013", "-5.00E-05"),
    ],
)
def test_what_a_spreadsheet_does_to_a_derived_cell_is_tolerated(column, slug, value):
    """Derived cells (the kind's codes) are derived again on import, never compared: a kind edited
    in a spreadsheet leaves its old codes beside it, and that row must import too."""
    make_spreadsheet_records()
    rows = csv_rows(export_all())
    next(row for row in rows if row["slug"] == slug)[column] = value
    assert_every_row_unchanged(to_csv(rows))
