"""manage.py fill_export_lines: write every event's missing export line (tracker.exports.lines).

Run after a bulk import or a change outside the app; exports are correct without it, only slower.
"""

import time

from django.core.management.base import BaseCommand

from tracker.exports.lines import fill_export_lines


class Command(BaseCommand):
    help = "Write the export line of every event that has none (after bulk imports or outside writes)."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = fill_export_lines()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{written} export lines written in {seconds:.1f} s"))
