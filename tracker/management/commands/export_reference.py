"""manage.py export_reference KIND [--format csv|json] [--output FILE] [--include-drafts]"""

import sys
from pathlib import Path

import orjson
from django.core.management.base import BaseCommand

from tracker.exports.reference import REFERENCE_KINDS, reference_csv, reference_rows
from tracker.management.commands.export_dataset import _Staff


class Command(BaseCommand):
    help = (
        "Write one kind of reference record (or the statements) as CSV or JSON (docs/data-format.md); "
        "import_reference reads it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=REFERENCE_KINDS)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", "-o", help="file to write; standard output without it")
        parser.add_argument("--include-drafts", action="store_true", help="what only drafts name, too")

    def handle(self, *args, **options) -> None:
        kind = options["kind"]
        rows = reference_rows(kind, _Staff() if options["include_drafts"] else None)
        if options["format"] == "csv":
            data = reference_csv(kind, rows).encode("utf-8")
        else:
            data = orjson.dumps({"rows": rows}, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
        if options["output"]:
            Path(options["output"]).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
