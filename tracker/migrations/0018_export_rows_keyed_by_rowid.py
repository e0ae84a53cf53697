"""The export's line and JSON row tables keyed by the event's id as SQLite's rowid
(tracker.models.exportlines.EventKey): one B-tree search a row instead of two. On PostgreSQL the
column stays `bigint` and nothing changes but the new index.

On SQLite the two tables are rebuilt under their own names: Django's way (a new table renamed to
the old name) is refused, because the triggers of migration 0015 name the line table and SQLite
checks them on a rename while no table has that name. The rows are copied, so no line is lost.
"""

from django.db import migrations, models

import tracker.models.exportlines

# Each table as SQLite is to hold it: the key declared `integer`, so it is the rowid.
REBUILT = {
    "ExportLine": '"event_id" integer NOT NULL PRIMARY KEY, "line" text NULL',
    "ExportJsonRow": '"event_id" integer NOT NULL PRIMARY KEY, "row" text NOT NULL',
}


def key_by_rowid(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, columns in REBUILT.items():
        model = apps.get_model("tracker", name)
        table = model._meta.db_table
        kept = f"{table}_kept"
        names = ", ".join(f'"{field.column}"' for field in model._meta.local_fields)
        schema_editor.execute(f'CREATE TABLE "{kept}" AS SELECT {names} FROM "{table}"')
        schema_editor.execute(f'DROP TABLE "{table}"')
        schema_editor.execute(f'CREATE TABLE "{table}" ({columns})')
        schema_editor.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{kept}" ORDER BY "event_id"')
        schema_editor.execute(f'DROP TABLE "{kept}"')
        for index in model._meta.indexes:  # the table's indexes as the models declared them
            schema_editor.add_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0017_export_json_rows"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="exportjsonrow",
                    name="event_id",
                    field=tracker.models.exportlines.EventKey(primary_key=True, serialize=False),
                ),
                migrations.AlterField(
                    model_name="exportline",
                    name="event_id",
                    field=tracker.models.exportlines.EventKey(primary_key=True, serialize=False),
                ),
            ],
            database_operations=[migrations.RunPython(key_by_rowid, migrations.RunPython.noop)],
        ),
        migrations.AddIndex(
            model_name="exportline",
            index=models.Index(
                condition=models.Q(("line__isnull", False)), fields=["event_id"], name="export_line_filled"
            ),
        ),
    ]
