"""Each event's CSV export line and JSON row, kept beside the event so a whole-archive export reads
text, not joins.

The export's one SELECT (tracker.exports.sql) spends almost all its time in the correlated
subqueries that gather participants, countries, topics and citations: 37 s for a million events,
where writing the same bytes from a flat table takes 3 s. So each event's finished line (as a
reader's CSV download writes it, neutralised, CRLF-terminated) is kept here and the export streams
these lines.

Database triggers (migration 0015) keep the table honest whoever writes: inserting an event adds
its row with no line, and any write that changes a cell (the event, its links, the participants,
citations, or the name or slug of a person, organisation, office, topic, series or source it
shows) clears the line of every event it touches. A row without a line is exported through the
SELECT, so a cleared or missing line costs speed, never correctness; tracker.exports.lines fills
lines after each write and `manage.py fill_export_lines` fills them all.

The JSON export's row of the event (`nested`) is written with its line and is read only while the
line is there: the triggers clear the line alone, and a cleared line makes the row stale too. Nesting
a row in Python cost the JSON export 49 of its 70 s at a million events.
"""

from django.db import models


class EventKey(models.BigIntegerField):
    """An event's id as the primary key of a table of its own rows: on SQLite declared `integer`, so it
    is the table's rowid and a row is found in one B-tree. Declared `bigint` (Django's type) the key
    had an index of its own beside the table, and every line and JSON row an export read cost two
    searches. PostgreSQL keeps `bigint`."""

    def db_type(self, connection) -> str | None:
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class ExportLine(models.Model):
    """One event's CSV line for readers (drafts' parents left out), or NULL until it is filled."""

    event_id = EventKey(primary_key=True)
    line = models.TextField(null=True)

    class Meta:
        indexes = [
            # The lines waiting to be filled, found without reading the table.
            models.Index(fields=["event_id"], name="export_line_unfilled", condition=models.Q(line__isnull=True)),
            # Whether an event's line is filled, asked by the JSON export of each row (SQLite) without
            # reading the line's page: one search of a small index.
            models.Index(fields=["event_id"], name="export_line_filled", condition=models.Q(line__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"export line of event {self.event_id}"


class ExportJsonRow(models.Model):
    """One event's row as a reader's JSON export writes it, valid only while its line is filled.

    Written by the fill with the line; a row whose event is gone is removed by the next whole fill.
    """

    event_id = EventKey(primary_key=True)
    row = models.TextField()

    def __str__(self) -> str:
        return f"JSON export row of event {self.event_id}"


class ExportLineFormat(models.Model):
    """The digest of the code that wrote the lines; lines written by other code are not used."""

    ONLY = 1

    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"export lines written by {self.digest[:12]}"
