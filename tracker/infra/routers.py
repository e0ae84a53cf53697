"""Send reads to a PostgreSQL read replica when DATABASE_REPLICA_URL configures one.

Writes, migrations and anything read inside a transaction on the primary stay on "default", so a
request that saves and then reads sees its own write. Sessions and accounts are read from the
primary too: a replica a few milliseconds behind must not log a researcher out right after login.
Everything else a reader asks for (pages, charts, exports, the API) comes from the replica.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
# Apps whose rows are written on almost every sign-in and read on the very next request.
READ_FROM_PRIMARY_APPS = frozenset({"sessions", "auth", "contenttypes", "admin"})


class PrimaryReplicaRouter:
    """Reads to REPLICA, writes and migrations to PRIMARY; both hold the same rows."""

    def db_for_read(self, model, **hints) -> str:
        if model._meta.app_label in READ_FROM_PRIMARY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db == PRIMARY
