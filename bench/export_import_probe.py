"""A quick probe of export and import speed on synthetic data (the full harness is `make bench`).

    .venv/bin/python bench/export_import_probe.py --events 200000 --import-rows 100000

Builds a scratch SQLite file under bench/data/ with N synthetic events (two participants, one or
two topics, one citation and the derived countries each), then times:
- the CSV export (tracker.exports.write_csv) against the sqlite3 shell running the same SELECT
  (tracker.exports.export_sql_for_shell) in CSV mode, both writing to /dev/null;
- the import (tracker.imports.import_events) of an exported CSV into a database without events.
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(db_path: Path, events: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tracker.demo import load_demo
    from tracker.models import KIND_CODES, Person, Source, Topic

    call_command("migrate", verbosity=0)
    load_demo()
    people = list(Person.objects.values_list("id", flat=True))
    topics = list(Topic.objects.values_list("id", flat=True))
    sources = list(Source.objects.values_list("id", flat=True))
    codes = ["KR", "JP", "CN", "US", "FR", "DE", "GB", "IN", "BR", "CA"]
    kinds = list(KIND_CODES)
    rng = random.Random(4)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tracker_event")
        first = cursor.fetchone()[0] + 1
        batch = 20000
        for offset in range(0, events, batch):
            event_rows, parts, topic_rows, citations, links = [], [], [], [], []
            for event_id in range(first + offset, first + min(offset + batch, events)):
                start = date(1990, 1, 1) + timedelta(days=rng.randrange(13000))
                length = rng.choice((0, 0, 0, 1, 2))
                end = start + timedelta(days=length)
                host, guest = rng.sample(codes, 2)
                event_rows.append(
                    (
                        uuid.uuid4().hex,
                        f"Synthetic meeting {event_id} in {host}",
                        f"synthetic-{event_id}",
                        rng.choice(kinds),
                        start.isoformat(),
                        end.isoformat(),
                        "day",
                        length,
                        "Somewhere",
                        host,
                        round(rng.uniform(-60, 60), 4),
                        round(rng.uniform(-170, 170), 4),
                        host,
                        "A synthetic summary; with a semicolon, and a comma.",
                        "",
                        "held",
                        1,
                    )
                )
                for person, role, country in zip(rng.sample(people, 2), ("host", "guest"), (host, guest), strict=True):
                    parts.append((event_id, person, role, country))
                for topic in rng.sample(topics, rng.choice((1, 2))):
                    topic_rows.append((event_id, topic))
                citations.append((event_id, rng.choice(sources), "p. 1", ""))
                for code in sorted({host, guest}):
                    links.append((event_id, code, start.isoformat(), end.isoformat()))
            cursor.executemany(
                "INSERT INTO tracker_event (uid, title, slug, kind, start_date, end_date, date_precision, "
                "duration_days, place_name, place_country_id, latitude, longitude, host_country_id, summary, "
                "outcome, lifecycle, is_published, created_at, updated_at, wikidata_qid) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '')",
                event_rows,
            )
            cursor.executemany(
                "INSERT INTO tracker_participation (event_id, person_id, role, represented_country_id) "
                "VALUES (%s, %s, %s, %s)",
                parts,
            )
            cursor.executemany("INSERT INTO tracker_event_topics (event_id, topic_id) VALUES (%s, %s)", topic_rows)
            cursor.executemany(
                "INSERT INTO tracker_citation (event_id, source_id, locator, excerpt) VALUES (%s, %s, %s, %s)",
                citations,
            )
            cursor.executemany(
                "INSERT INTO tracker_eventcountry (event_id, country_id, start_date, end_date) VALUES (%s, %s, %s, %s)",
                links,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_export(db_path: Path) -> None:
    from tracker.exports import export_sql_for_shell, write_csv
    from tracker.models import Event

    events = Event.objects.all()
    count = events.count()
    shell_sql = export_sql_for_shell(events)
    script = ".headers on\n.mode csv\n.output /dev/null\n" + shell_sql + ";\n"
    began = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["sqlite3", str(db_path)], input=script.encode(), check=True)
    shell = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shell_cpu = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
    print(f"export: sqlite3 shell CPU time {shell_cpu:.2f}s")
    before = peak_mb()
    began, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w", newline="") as sink:
        written = write_csv(sink, events)
    ours, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"export: write_csv CPU time {cpu:.2f}s")
    assert written == count, (written, count)
    print(f"export: {count} events; sqlite3 shell {shell:.2f}s ({count / shell:,.0f} rows/s)")
    print(
        f"export: write_csv {ours:.2f}s ({count / ours:,.0f} rows/s) = {shell / ours:.2f}x the shell's speed; "
        f"peak RSS {peak_mb():.0f} MB (before the export {before:.0f} MB)"
    )


def time_import(db_path: Path, rows: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tracker.exports import write_csv
    from tracker.imports import import_events
    from tracker.models import Event

    csv_path = DATA / f"import-{rows}.csv"
    with open(csv_path, "w", newline="") as handle:
        last = (
            Event.objects.filter(slug__startswith="synthetic-")
            .order_by("start_date", "id")
            .values_list("id", flat=True)[:rows]
        )
        write_csv(handle, Event.objects.filter(id__in=list(last)))
    connection.close()
    empty = DATA / "import-target.sqlite3"
    empty.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{empty}"
    from django.db import connections

    connections["default"].settings_dict["NAME"] = str(empty)
    connections["default"].close()
    call_command("migrate", verbosity=0)
    from tracker.demo import PEOPLE, SOURCES, TOPICS
    from tracker.models import Person, Source, Topic

    # Reference data only: the people, topics and sources the rows name, no events.
    Person.objects.bulk_create([Person(name=name, native_name=native, slug=slug) for name, native, slug in PEOPLE])
    Topic.objects.bulk_create([Topic(name=name, slug=slug, description=text) for name, slug, text in TOPICS])
    Source.objects.bulk_create([Source(publisher=publisher, title=title) for _, publisher, title in SOURCES])
    began, cpu = time.perf_counter(), time.process_time()
    report = import_events(csv_path)
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    assert report.ok, report.errors[:5]
    rows = len(report.created)
    print(f"import: {rows} rows in {took:.2f}s = {rows / took:,.0f} rows/s (CPU {cpu:.2f}s = {rows / cpu:,.0f} rows/s)")
    began = time.perf_counter()
    again = import_events(csv_path)
    took = time.perf_counter() - began
    print(f"import again (idempotent): {len(again.unchanged)} unchanged in {took:.2f}s")
    print(f"import: peak RSS {peak_mb():.0f} MB; rows in db {Event.objects.count()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("the sqlite3 shell is missing: apt-get install -y sqlite3")
    DATA.mkdir(parents=True, exist_ok=True)
    db_path = DATA / f"probe-{args.events}.sqlite3"
    if args.rebuild:
        db_path.unlink(missing_ok=True)
    fresh = not db_path.exists()
    setup_django(db_path)
    if fresh:
        began = time.perf_counter()
        build(db_path, args.events)
        print(f"built {args.events} events in {time.perf_counter() - began:.1f}s")
    time_export(db_path)
    if args.import_rows:
        time_import(db_path, args.import_rows)


if __name__ == "__main__":
    main()
