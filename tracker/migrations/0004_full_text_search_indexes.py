"""GIN indexes for the text filter `q` on PostgreSQL.

They index the very expressions of tracker.models.EVENT_SEARCH_VECTOR and STATEMENT_SEARCH_VECTOR
(repeated here so this migration never changes with the models), so the planner uses them for `q`. SQLite has no GIN index and keeps its substring
fallback, so there the migration does nothing. The indexes stay out of Meta.indexes on purpose: a
GinIndex in the model state would be recreated by SQLite's table rebuilds, which cannot run it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    # `q`: words in event titles and summaries (EventQuerySet.matching_text).
    ("Event", GinIndex(SearchVector("title", "summary", config="simple"), name="event_search")),
    # `q`: words in quotes said at or about an event (EventQuerySet.matching_text).
    ("Statement", GinIndex(SearchVector("quote", config="simple"), name="statement_search")),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("tracker", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.remove_index(apps.get_model("tracker", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0003_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes),
    ]
