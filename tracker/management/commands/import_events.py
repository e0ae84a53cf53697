"""manage.py import_events FILE [--dry-run] [--create-people] [--format csv|json]
[--skip-invalid [--rejected-file PATH]]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.exports.lines import fill_export_lines
from tracker.imports import ImportFileError, import_events


class Command(BaseCommand):
    help = (
        "Import events from a CSV or JSON file in the export format (docs/data-format.md). "
        "All-or-nothing: one bad row and nothing is written; every error names the row and column. "
        "With --skip-invalid, the valid rows are written and the others go to a file to fix and import again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV or JSON file; '-' reads standard input")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--create-people", action="store_true", help="create people the file names but we lack")
        parser.add_argument("--format", choices=["csv", "json"], help="when the file name does not say")
        parser.add_argument("--verbose-rows", action="store_true", help="list every created and updated row")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the valid rows; write the rejected ones, with an errors column, to --rejected-file",
        )
        parser.add_argument(
            "--rejected-file",
            metavar="PATH",
            help="where --skip-invalid writes the rejected rows (default: beside FILE, as FILE.rejected.csv or .json)",
        )

    def handle(self, *args, **options) -> None:
        source = sys.stdin.buffer if options["file"] == "-" else options["file"]
        if options["rejected_file"] and not options["skip_invalid"]:
            raise CommandError("--rejected-file goes with --skip-invalid")
        if options["skip_invalid"] and source is sys.stdin.buffer and not options["rejected_file"]:
            raise CommandError("reading standard input, give --rejected-file PATH for the rejected rows")
        try:
            report = import_events(
                source,
                dry_run=options["dry_run"],
                create_people=options["create_people"],
                file_format=options["format"],
                skip_invalid=options["skip_invalid"],
            )
        except (ImportFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if options["verbose_rows"] or options["dry_run"]:
            for outcome in report.created:
                self.stdout.write(f"create  row {outcome.row}: {outcome.title} ({outcome.uid})")
            for outcome in report.updated:
                changes = ", ".join(outcome.changes)
                self.stdout.write(f"update  row {outcome.row}: {outcome.title} ({outcome.uid}): {changes}")
        for slug in report.people_created:
            self.stdout.write(f"new person: {slug}")
        prefix = "Dry run: " if report.dry_run else ""
        if not report.ok:
            raise CommandError(prefix + report.summary())
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
        if not report.dry_run:
            # The import wrote past the signals that fill lines after a write (tracker.exports.lines).
            self.stdout.write(f"{fill_export_lines()} export lines written")
        if report.rejected:
            self._hand_back_rejected(report, options)

    def _hand_back_rejected(self, report, options) -> None:
        """Say why each row was left out and, unless this is a dry run, write them to fix and import again."""
        for row, problems in report.rejected.items():
            self.stderr.write(f"rejected row {row}: " + "; ".join(problems))
        if report.dry_run:
            self.stdout.write(f"Dry run: {len(report.rejected)} row(s) would be rejected; no file was written.")
            return
        path = Path(options["rejected_file"] or _beside(Path(options["file"]), report.rejected_format))
        path.write_text(report.rejected_file, encoding="utf-8", newline="")
        self.stdout.write(
            f"{len(report.rejected)} rejected row(s), with an errors column, written to {path}; "
            "fix them and import that file."
        )


def _beside(path: Path, file_format: str) -> Path:
    """data/visits.csv → data/visits.rejected.csv"""
    return path.with_name(f"{path.stem}.rejected.{file_format}")
