"""manage.py export_dataset [--output FILE] [--include-drafts]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.exports.dataset import iter_dataset_chunks


class _Staff:
    """Who the command exports as with --include-drafts: sees drafts, as an editor does."""

    is_active = is_staff = True


class Command(BaseCommand):
    help = (
        "Write the whole dataset (reference data, events, statements) as one JSON document "
        "(docs/data-format.md). Published records only, unless --include-drafts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="file to write; standard output without it")
        parser.add_argument("--include-drafts", action="store_true", help="drafts too, as an editor sees them")

    def handle(self, *args, **options) -> None:
        user = _Staff() if options["include_drafts"] else None
        if options["output"]:
            with Path(options["output"]).open("wb") as handle:
                for chunk in iter_dataset_chunks(user):
                    handle.write(chunk)
            self.stderr.write(f"wrote {options['output']}")
            return
        for chunk in iter_dataset_chunks(user):
            sys.stdout.buffer.write(chunk)
