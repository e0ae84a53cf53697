"""Each event's export line (tracker.models.exportlines), and the triggers that clear it when a cell changes.

The triggers are the database's own, so writes from psql or another tool clear lines too. Each
clears the line of every event whose export row shows what changed; a cleared line is exported
through the SELECT until it is filled again.
"""

from django.db import migrations, models

from tracker.infra.triggers import RowTrigger, install

LINES = "tracker_exportline"


def clear(events: str) -> str:
    """Forget the lines of the events `events` (an SQL list of event ids) selects."""
    # Unconditional, so the row is locked even when already empty: a filler (tracker.exports.lines)
    # that locked it first finishes before this writer commits, or waits for this writer.
    return f"UPDATE {LINES} SET line = NULL WHERE event_id IN ({events})"


# Tables that belong to one event: a row added, changed or removed changes that event's cells.
EVENT_LINKS = (
    "tracker_eventcountry",
    "tracker_event_party_countries",
    "tracker_event_party_organizations",
    "tracker_event_topics",
    "tracker_participation",
    "tracker_citation",
)

# Reference rows an export cell shows by name or slug: (table, columns shown, the events showing a row).
SHOWN_REFERENCES = (
    ("tracker_person", ("slug", "name"), "SELECT event_id FROM tracker_participation WHERE person_id = NEW.id"),
    (
        "tracker_organization",
        ("slug",),
        "SELECT event_id FROM tracker_participation WHERE represented_organization_id = NEW.id "
        "UNION SELECT event_id FROM tracker_event_party_organizations WHERE organization_id = NEW.id "
        "UNION SELECT id FROM tracker_event WHERE host_organization_id = NEW.id",
    ),
    (
        "tracker_office",
        ("slug",),
        "SELECT pa.event_id FROM tracker_participation pa JOIN tracker_position pos ON pos.id = pa.position_id "
        "WHERE pos.office_id = NEW.id",
    ),
    ("tracker_position", ("office_id",), "SELECT event_id FROM tracker_participation WHERE position_id = NEW.id"),
    ("tracker_topic", ("slug",), "SELECT event_id FROM tracker_event_topics WHERE topic_id = NEW.id"),
    ("tracker_series", ("slug",), "SELECT id FROM tracker_event WHERE series_id = NEW.id"),
    (
        "tracker_source",
        ("publisher", "title", "url", "published_on", "accessed_on"),
        "SELECT event_id FROM tracker_citation WHERE source_id = NEW.id",
    ),
)


def export_line_triggers() -> list[RowTrigger]:
    triggers = [
        RowTrigger(
            "export_line_event_added",
            "tracker_event",
            "INSERT",
            (f"INSERT INTO {LINES} (event_id, line) VALUES (NEW.id, NULL) ON CONFLICT DO NOTHING",),
        ),
        # A child's export row shows its parent's uid, and only while the parent is published.
        RowTrigger(
            "export_line_event_changed",
            "tracker_event",
            "UPDATE",
            (clear("SELECT NEW.id UNION SELECT OLD.id UNION SELECT id FROM tracker_event WHERE parent_id = NEW.id"),),
        ),
        RowTrigger(
            "export_line_event_removed", "tracker_event", "DELETE", (f"DELETE FROM {LINES} WHERE event_id = OLD.id",)
        ),
    ]
    for table in EVENT_LINKS:
        short = table.removeprefix("tracker_")
        triggers += [
            RowTrigger(f"export_line_{short}_added", table, "INSERT", (clear("SELECT NEW.event_id"),)),
            RowTrigger(
                f"export_line_{short}_changed",
                table,
                "UPDATE",
                (clear("SELECT NEW.event_id UNION SELECT OLD.event_id"),),
            ),
            RowTrigger(f"export_line_{short}_removed", table, "DELETE", (clear("SELECT OLD.event_id"),)),
        ]
    for table, columns, events in SHOWN_REFERENCES:
        short = table.removeprefix("tracker_")
        triggers.append(RowTrigger(f"export_line_{short}_renamed", table, "UPDATE", (clear(events),), columns))
    return triggers


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0014_event_date_qualifier"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportLineFormat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="ExportLine",
            fields=[
                ("event_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("line", models.TextField(null=True)),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("line__isnull", True)), fields=["event_id"], name="export_line_unfilled"
                    )
                ],
            },
        ),
        *install(
            export_line_triggers(),
            before=(f"INSERT INTO {LINES} (event_id, line) SELECT id, NULL FROM tracker_event",),
            undo_before=(),
        ),
    ]
