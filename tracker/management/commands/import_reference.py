"""manage.py import_reference FILE [--kind KIND] [--dry-run] [--format csv|json] [--create-people]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from tracker.exports.reference import REFERENCE_KINDS
from tracker.imports.reference import ImportFileError, import_reference


class Command(BaseCommand):
    help = (
        "Import reference data (countries, organizations, people, offices, positions, topics, series, sources) "
        "or statements from CSV or JSON, or a whole dataset (JSON), as docs/data-format.md describes. "
        "All-or-nothing: one bad row and nothing is written; every error names the row and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV or JSON file; '-' reads standard input")
        parser.add_argument("--kind", choices=REFERENCE_KINDS, help="what the file holds, when its name does not say")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--format", choices=["csv", "json"], help="when the file name does not say")
        parser.add_argument(
            "--create-people", action="store_true", help="a dataset's events may create people it lacks"
        )

    def handle(self, *args, **options) -> None:
        source = sys.stdin.buffer if options["file"] == "-" else options["file"]
        try:
            report = import_reference(
                source,
                kind=options.get("kind"),
                dry_run=options["dry_run"],
                file_format=options["format"],
                create_people=options["create_people"],
            )
        except (ImportFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        prefix = "Dry run: " if report.dry_run else ""
        if not report.ok:
            raise CommandError(prefix + report.summary())
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
