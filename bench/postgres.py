"""`make bench` on PostgreSQL: DATABASE_URL=postgres://…/<bench db> make bench.

The corpus is built once in SQLite (bench/corpus.py) and loaded into the bench database with COPY,
table by table, after the project's migrations have made the schema there (triggers off while
loading: session_replication_role = replica). The export lines are then filled by PostgreSQL's own
export SELECT (`manage.py fill_export_lines`), and the database is analysed. A marker table records
which corpus file is loaded, so a second run on the same size reuses it.

The measurements whose references are PostgreSQL's own run there: the home page and the timeline
endpoints (targets in milliseconds), and the exports against `psql \\copy`: the export's SELECT, and
the floor, a table already holding its rows (`CREATE UNLOGGED TABLE bench_flat AS …`).
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The measurements with PostgreSQL references of their own; the others compare with bare SQL on SQLite.
POSTGRESQL_MEASUREMENTS = ("home page", "timeline endpoint", "export")
MARKER = "bench_loaded_corpus"


def bench_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _manage(url: str, *command: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def loaded_corpus(url: str) -> str | None:
    with connect(url) as db:
        exists = db.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]
        if not exists:
            return None
        row = db.execute(f"SELECT name FROM {MARKER}").fetchone()
        return row[0] if row else None


def load_corpus(corpus: Path, url: str, *, log=print) -> float | None:
    """Make the bench database hold `corpus` (an SQLite corpus file); return the seconds spent, None if cached."""
    if loaded_corpus(url) == corpus.name:
        return None
    started = time.perf_counter()
    log(f"  loading {corpus.name} into PostgreSQL ({urlsplit(url).path.lstrip('/')}) with COPY …")
    with connect(url) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")
    _manage(url, "migrate", "--noinput", "-v0")
    source = sqlite3.connect(f"file:{corpus}?mode=ro", uri=True)
    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tracker\\_%' ESCAPE '\\'"
        )
    ]
    with connect(url) as db:
        db.execute("SET session_replication_role = replica")
        db.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " CASCADE")
        for table in tables:
            _copy_table(source, db, table)
        db.execute("SET session_replication_role = DEFAULT")
        _reset_sequences(db, tables)
    log(f"  {_manage(url, 'fill_export_lines')}")
    with connect(url) as db:
        db.execute("ANALYZE")
        db.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (name text)")
        db.execute(f"DELETE FROM {MARKER}")
        db.execute(f"INSERT INTO {MARKER} VALUES (%s)", [corpus.name])
        db.execute("DROP TABLE IF EXISTS bench_flat")
    return time.perf_counter() - started


def _copy_table(source: sqlite3.Connection, db, table: str) -> None:
    """COPY one table's rows from SQLite, in the columns both have (PostgreSQL's generated ones left out)."""
    wanted = [
        name
        for (name,) in db.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped AND attgenerated = ''",
            [table],
        )
    ]
    present = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
    columns = [name for name in wanted if name in present]
    names = ", ".join(f'"{name}"' for name in columns)
    with db.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in source.execute(f'SELECT {names} FROM "{table}"'):
            copy.write_row(row)


def _reset_sequences(db, tables: list[str]) -> None:
    with_id = {
        name
        for (name,) in db.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' AND table_schema = 'public'"
        )
    }
    for table in (table for table in tables if table in with_id):
        sequence = db.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{table}"']).fetchone()
        if sequence and sequence[0]:
            db.execute(f'SELECT setval(%s, COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)', [sequence[0]])


def psql_export(url: str, sql: str) -> tuple[float, float, int]:
    """`psql \\copy (sql) TO STDOUT` as CSV into a line count: (wall s, CPU s of psql, lines)."""
    started = time.perf_counter()
    shell = subprocess.Popen(["psql", "-X", "-q", url], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    one_line = " ".join(sql.split())
    shell.stdin.write(f"\\copy ({one_line}) TO STDOUT WITH (FORMAT csv)\n".encode())
    shell.stdin.close()
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: shell.stdout.read(1 << 20), b""))
    _, status, usage = os.wait4(shell.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"psql exited with {os.waitstatus_to_exitcode(status)}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, lines


def psql_floor(url: str, sql: str) -> tuple[float, float, int]:
    """The floor on PostgreSQL: psql copying out a table that already holds the export's rows."""
    with connect(url) as db:
        if not db.execute("SELECT to_regclass('bench_flat')").fetchone()[0]:
            db.execute(f"CREATE UNLOGGED TABLE bench_flat AS {sql}")
            db.execute("ANALYZE bench_flat")
    return psql_export(url, "SELECT * FROM bench_flat")
