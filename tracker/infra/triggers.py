"""Row triggers written once for SQLite and PostgreSQL, for migrations that install them.

`VendorSQL` is a RunSQL that runs only on its own database vendor, so one migration carries each
engine's statements (with their reverse) side by side. `row_trigger` writes the same trigger for both
engines from one body: SQLite takes the statements inline, PostgreSQL through a trigger function.
`expected_triggers` reads back from the migrations which triggers they leave installed, and
`installed_triggers` which the database holds (tests/test_triggers.py compares them).
"""

import re
from dataclasses import dataclass

from django.db import migrations

OPERATIONS = ("INSERT", "UPDATE", "DELETE")


class VendorSQL(migrations.RunSQL):
    """RunSQL for one database vendor ("sqlite" or "postgresql"); a no-op on the others."""

    def __init__(self, vendor: str, sql, reverse_sql=None, **kwargs) -> None:
        super().__init__(sql, reverse_sql, **kwargs)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


@dataclass(frozen=True)
class RowTrigger:
    """`body` runs after each row `operation` on `table`; it refers to the row as NEW or OLD."""

    name: str
    table: str
    operation: str
    body: tuple[str, ...]
    columns: tuple[str, ...] = ()

    @property
    def event(self) -> str:
        if self.columns:
            return f"{self.operation} OF {', '.join(self.columns)}"
        return self.operation

    def sqlite(self) -> tuple[str, str]:
        statements = " ".join(f"{statement};" for statement in self.body)
        create = f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table} FOR EACH ROW BEGIN {statements} END"
        return create, f"DROP TRIGGER IF EXISTS {self.name}"

    def postgresql(self) -> tuple[list[str], list[str]]:
        statements = " ".join(f"{statement};" for statement in self.body)
        function = (
            f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {statements} RETURN NULL; END $$"
        )
        trigger = (
            f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table} FOR EACH ROW EXECUTE FUNCTION {self.name}()"
        )
        drop = [f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}", f"DROP FUNCTION IF EXISTS {self.name}()"]
        return [function, trigger], drop


def install(triggers: list[RowTrigger], *, before: tuple[str, ...] = (), undo_before: tuple[str, ...] = ()) -> list:
    """Migration operations installing `triggers` on both engines (after the `before` statements)."""
    sqlite_create = [*before] + [trigger.sqlite()[0] for trigger in triggers]
    sqlite_drop = [trigger.sqlite()[1] for trigger in triggers] + [*undo_before]
    postgresql_create, postgresql_drop = [*before], []
    for trigger in triggers:
        create, drop = trigger.postgresql()
        postgresql_create += create
        postgresql_drop += drop
    postgresql_drop += [*undo_before]
    return [
        VendorSQL("sqlite", sqlite_create, sqlite_drop),
        VendorSQL("postgresql", postgresql_create, postgresql_drop),
    ]


def statement_trigger_postgresql(name: str, tables: tuple[str, ...], body: str) -> tuple[list[str], list[str]]:
    """One PostgreSQL function run once per statement that writes any of `tables` (TRUNCATE included)."""
    create = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"
    ]
    drop = []
    for table in tables:
        create.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    drop.append(f"DROP FUNCTION IF EXISTS {name}()")
    return create, drop


_CREATE_TRIGGER = re.compile(r"\bCREATE TRIGGER (?:IF NOT EXISTS )?(\w+)\b.*? ON (\w+)", re.IGNORECASE | re.DOTALL)
_DROP_TRIGGER = re.compile(r"\bDROP TRIGGER (?:IF EXISTS )?(\w+)(?: ON (\w+))?", re.IGNORECASE)


def _statements(sql) -> list[str]:
    if sql is migrations.RunSQL.noop:
        return []
    if isinstance(sql, str):
        return [sql]
    return [statement if isinstance(statement, str) else statement[0] for statement in sql]


def expected_triggers(vendor: str) -> set[tuple[str, str]]:
    """(trigger, table) for every trigger the app's migrations leave installed on `vendor`.

    Read from the migrations themselves, in the order they apply, so the list has one home: a
    trigger that a migration creates and no later one drops is expected in the database. A table
    rebuilt behind the migrations' back (SQLite rebuilds a table to alter a column, and its triggers
    go with the old table) then shows up as triggers missing from the database.
    """
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    expected: set[tuple[str, str]] = set()
    for key in graph.forwards_plan(graph.leaf_nodes("tracker")[0]):
        for operation in graph.nodes[key].operations if key[0] == "tracker" else ():
            if not isinstance(operation, migrations.RunSQL) or getattr(operation, "vendor", vendor) != vendor:
                continue
            for statement in _statements(operation.sql):
                for name, table in _DROP_TRIGGER.findall(statement):
                    expected -= {pair for pair in expected if pair[0] == name and table in ("", pair[1])}
                for name, table in _CREATE_TRIGGER.findall(statement):
                    expected.add((name, table))
    return expected


def installed_triggers(connection) -> set[tuple[str, str]]:
    """(trigger, table) for every trigger the database holds (PostgreSQL's own constraint triggers left out)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)"
        )
    else:
        sql = "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())
