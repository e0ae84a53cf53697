"""The database raises the data version itself on every write to a table a reader's counts draw on.

The app's own writes raise it through tracker.domain.signals; these triggers catch the rest (psql,
another tool, raw SQL), so cached counts never outlive a change, whoever made it. PostgreSQL runs
the trigger once per statement; SQLite has only row triggers, so there it runs once per row.
"""

from django.db import migrations

from tracker.infra.triggers import OPERATIONS, RowTrigger, VendorSQL, statement_trigger_postgresql

BUMP = "UPDATE tracker_dataversion SET number = number + 1 WHERE id = 1"

READER_TABLES = (
    "tracker_event",
    "tracker_participation",
    "tracker_eventcountry",
    "tracker_event_topics",
    "tracker_event_party_countries",
    "tracker_event_party_organizations",
    "tracker_country",
    "tracker_organization",
    "tracker_person",
    "tracker_office",
    "tracker_position",
    "tracker_topic",
    "tracker_series",
    "tracker_statement",
    "tracker_source",
    "tracker_citation",
)

SQLITE_TRIGGERS = [
    RowTrigger(f"data_version_{table.removeprefix('tracker_')}_{operation.lower()}", table, operation, (BUMP,))
    for table in READER_TABLES
    for operation in OPERATIONS
]
POSTGRESQL_CREATE, POSTGRESQL_DROP = statement_trigger_postgresql("tracker_data_changed", READER_TABLES, BUMP)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0015_export_lines"),
    ]

    operations = [
        VendorSQL(
            "sqlite",
            [trigger.sqlite()[0] for trigger in SQLITE_TRIGGERS],
            [trigger.sqlite()[1] for trigger in SQLITE_TRIGGERS],
        ),
        VendorSQL("postgresql", POSTGRESQL_CREATE, POSTGRESQL_DROP),
    ]
