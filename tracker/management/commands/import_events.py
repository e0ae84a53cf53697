"""manage.py import_events FILE [--dry-run] [--create-people] [--format csv|json]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from tracker.exports.lines import fill_export_lines
from tracker.imports import ImportFileError, import_events


class Command(BaseCommand):
    help = (
        "Import events from a CSV or JSON file in the export format (docs/data-format.md). "
        "All-or-nothing: one bad row and nothing is written; every error names the row and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV or JSON file; '-' reads standard input")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--create-people", action="store_true", help="create people the file names but we lack")
        parser.add_argument("--format", choices=["csv", "json"], help="when the file name does not say")
        parser.add_argument("--verbose-rows", action="store_true", help="list every created and updated row")

    def handle(self, *args, **options) -> None:
        source = sys.stdin.buffer if options["file"] == "-" else options["file"]
        try:
            report = import_events(
                source,
                dry_run=options["dry_run"],
                create_people=options["create_people"],
                file_format=options["format"],
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
