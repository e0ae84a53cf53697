"""manage.py import_dataset FILE [--dry-run]: import_reference for a whole dataset."""

from tracker.management.commands.import_reference import Command as ImportReference


class Command(ImportReference):
    help = (
        "Import a whole dataset written by export_dataset or /export/dataset.json (docs/data-format.md): "
        "reference data, then events, then statements, in one transaction."
    )
