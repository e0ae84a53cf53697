"""manage.py draft_event FILE --published YYYY-MM-DD [--url URL]"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.domain.dates import PartialDateError, parse_day
from tracker.drafting import draft_event


class Command(BaseCommand):
    help = (
        "Draft one event from a news article's plain text: prints a JSON import document (its row imports "
        "as a draft with `import_events`) with the evidence for each field and notes on those left empty."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the article as UTF-8 plain text; '-' reads standard input")
        parser.add_argument("--published", required=True, help="the day the article was published, e.g. 2026-01-12")
        parser.add_argument("--url", default="", help="where the article was published (names its publisher)")

    def handle(self, *args, **options) -> None:
        try:
            published = parse_day(options["published"])
        except PartialDateError as exc:
            raise CommandError(f"--published: {exc}") from None
        try:
            text = sys.stdin.read() if options["file"] == "-" else Path(options["file"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from None
        draft = draft_event(text, published=published, url=options["url"])
        self.stdout.write(json.dumps(draft.as_document(), ensure_ascii=False, indent=2))
