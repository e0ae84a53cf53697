"""A synthetic but realistic corpus for the benchmark, written straight into a scratch SQLite file.

Sixty countries with skewed activity, three offices each (head of state, head of government,
foreign minister) held by successive people over 1990–2026, events of every kind with partial
dates (mostly days, some months, a few whole years, each stored as its full period), participants
holding the office of the day, topics, series, citations, statements, and the EventCountry rows
that tracker.domain.derived.refresh_event_countries would derive (host, party countries and every
represented country).

The schema comes from running the project's migrations on the file; the rows go in through raw
`executemany` inside one transaction, because a million ORM saves (and their signals) would take
hours and measure nothing we serve. Files are cached under bench/data/ by size and CORPUS_VERSION:
bump the version whenever the generator changes so stale corpora are rebuilt.
"""

import bisect
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CORPUS_VERSION = 2
SEED = 20260113
DATA_DIR = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent

UID_PREFIX = 0x5EED << 112
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2026, 12, 31)

# Existing ISO codes, roughly most active first: activity follows a Zipf-like curve over this order.
COUNTRY_CODES = [
    "US",
    "CN",
    "JP",
    "KR",
    "RU",
    "DE",
    "FR",
    "GB",
    "IN",
    "BR",
    "IT",
    "CA",
    "AU",
    "ID",
    "TR",
    "SA",
    "MX",
    "ZA",
    "KP",
    "VN",
    "UA",
    "PL",
    "ES",
    "NL",
    "SE",
    "IR",
    "IL",
    "EG",
    "NG",
    "AR",
    "PK",
    "TH",
    "MY",
    "SG",
    "PH",
    "NZ",
    "QA",
    "AE",
    "KZ",
    "MN",
    "BE",
    "CH",
    "AT",
    "NO",
    "DK",
    "FI",
    "IE",
    "PT",
    "GR",
    "CZ",
    "HU",
    "RO",
    "CL",
    "CO",
    "PE",
    "KE",
    "ET",
    "MA",
    "DZ",
    "UZ",
]
ORGANIZATIONS = [
    ("United Nations", "UN"),
    ("European Union", "EU"),
    ("Association of Southeast Asian Nations", "ASEAN"),
    ("Asia-Pacific Economic Cooperation", "APEC"),
    ("Group of Seven", "G7"),
    ("Group of Twenty", "G20"),
    ("North Atlantic Treaty Organization", "NATO"),
    ("African Union", "AU"),
]
TOPIC_NAMES = [
    "North Korea",
    "Abductions",
    "Semiconductors",
    "Artificial intelligence",
    "Seafood import ban",
    "CPTPP",
    "History",
    "Climate",
    "Energy security",
    "Trade",
    "Investment",
    "Tourism",
    "Maritime security",
    "Cyber security",
    "Nuclear power",
    "Supply chains",
    "Critical minerals",
    "Public health",
    "Food security",
    "Migration",
    "Space",
    "Defence industry",
    "Sanctions",
    "Human rights",
    "Development aid",
    "Fisheries",
    "Arctic",
    "Rare earths",
    "Shipbuilding",
    "Batteries",
    "Pandemic preparedness",
    "Education",
    "Culture",
    "Sport",
    "Visa waiver",
    "Business travel",
    "Aviation",
    "Railways",
    "Ukraine",
    "Middle East",
]
PUBLISHERS = ["Reuters", "AP", "AFP", "Yonhap", "NHK", "Kyodo", "Xinhua", "BBC", "Le Monde", "Al Jazeera"]
CITIES = ["capital", "second city", "resort", "port city", "old capital", "border town"]
FIRST_NAMES = [
    "Ana",
    "Bo",
    "Chen",
    "Dara",
    "Eli",
    "Farid",
    "Grace",
    "Hana",
    "Ivan",
    "Jae",
    "Kenji",
    "Lena",
    "Mira",
    "Nadia",
    "Omar",
    "Pavel",
    "Rosa",
    "Sanae",
    "Tomas",
    "Yuki",
]
LAST_NAMES = [
    "Abe",
    "Bauer",
    "Costa",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Huang",
    "Ito",
    "Jung",
    "Kim",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Rossi",
    "Sato",
]

# Kinds with their weight in the corpus and how many countries take part (host included).
KIND_SHAPES = {
    "bilateral_summit": (10, 2, 2),
    "bilateral_meeting_sidelines": (8, 2, 2),
    "multilateral_summit": (3, 5, 20),
    "state_visit": (4, 2, 2),
    "official_visit": (5, 2, 2),
    "working_visit": (5, 2, 2),
    "phone_call": (20, 2, 2),
    "video_call": (6, 2, 3),
    "ministerial_meeting": (10, 2, 4),
    "statement": (10, 1, 1),
    "interview": (5, 1, 1),
    "press_conference": (6, 1, 2),
    "joint_statement": (4, 2, 3),
    "agreement_signing": (3, 2, 3),
    "sanction": (1, 2, 2),
}
SUMMARY_WORDS = [
    "leaders",
    "discussed",
    "cooperation",
    "trade",
    "security",
    "investment",
    "climate",
    "energy",
    "talks",
    "agreed",
    "expand",
    "dialogue",
    "partnership",
    "visit",
    "bilateral",
    "regional",
    "stability",
    "economic",
    "exchange",
    "joint",
    "framework",
]


BULK_TABLES = (
    "tracker_event",
    "tracker_eventcountry",
    "tracker_event_party_countries",
    "tracker_participation",
    "tracker_event_topics",
    "tracker_statement",
    "tracker_citation",
)


@dataclass
class Tenure:
    start: date
    end: date | None
    person_id: int
    position_id: int


def schema_fingerprint() -> str:
    """A short hash of the migrations: a corpus built on an older schema is rebuilt, not reused."""
    digest = hashlib.sha256()
    for migration in sorted((ROOT / "tracker" / "migrations").glob("*.py")):
        digest.update(migration.name.encode())
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:8]


def corpus_path(size: int) -> Path:
    return DATA_DIR / f"corpus-{size}-v{CORPUS_VERSION}-{schema_fingerprint()}.sqlite3"


def ensure_empty_database() -> Path:
    """A migrated database with no events (countries only), for the import measurement to copy."""
    path = DATA_DIR / f"empty-{schema_fingerprint()}.sqlite3"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for stale in DATA_DIR.glob("empty-*.sqlite3*"):
            stale.unlink()
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        migrate(partial)
        partial.rename(path)
    return path


def ensure_corpus(size: int, *, log=print) -> tuple[Path, float | None]:
    """The cached corpus file for `size` events, built first when missing; returns (path, build seconds or None)."""
    path = corpus_path(size)
    if path.exists():
        return path, None
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    for stale in [*DATA_DIR.glob(f"corpus-{size}-*.sqlite3*"), *DATA_DIR.glob(f"floor-corpus-{size}-*.sqlite3*")]:
        stale.unlink()
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    migrate(partial)
    log(f"  building corpus of {size:,} events in {path.name} …")
    build(partial, size)
    fill_export_lines(partial, log=log)
    partial.rename(path)
    return path, time.perf_counter() - started


def fill_export_lines(path: Path, *, log=print) -> None:
    """Write every event's export line (tracker.exports.lines), as `manage.py fill_export_lines` does on a site."""
    env = {**os.environ, "SQLITE_PATH": str(path), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "manage.py", "fill_export_lines"]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    log(f"  {done.stdout.strip()}")


def migrate(path: Path) -> None:
    """Create the schema with the project's own migrations, in a child process pointed at `path`."""
    env = {**os.environ, "SQLITE_PATH": str(path), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def build(path: Path, size: int) -> dict[str, int]:
    """Write `size` events and everything around them into the migrated SQLite file at `path`."""
    rng = random.Random(SEED)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    db.execute("BEGIN")
    # Secondary indexes are dropped while the rows go in and rebuilt afterwards: one sort per index
    # instead of a million random B-tree inserts. Unique constraints stay (they live in the tables).
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
        f"({', '.join('?' * len(BULK_TABLES))})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    counts: dict[str, int] = {}
    now = "2026-11-01 00:00:00"

    countries = [code for (code,) in db.execute("SELECT code FROM tracker_country") if code in COUNTRY_CODES]
    countries.sort(key=COUNTRY_CODES.index)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(countries))]

    db.executemany(
        "INSERT INTO tracker_organization (id, name, acronym, slug, description, wikidata_qid) "
        "VALUES (?, ?, ?, ?, '', '')",
        [(i, name, acronym, acronym.lower()) for i, (name, acronym) in enumerate(ORGANIZATIONS, 1)],
    )
    db.executemany(
        "INSERT INTO tracker_topic (id, name, slug, description) VALUES (?, ?, ?, '')",
        [(i, name, name.lower().replace(" ", "-")) for i, name in enumerate(TOPIC_NAMES, 1)],
    )
    pairs = [(a, b) for i, a in enumerate(countries[:20]) for b in countries[i + 1 : 20]][:100]
    series_of_pair = {pair: i for i, pair in enumerate(pairs, 1)}
    db.executemany(
        "INSERT INTO tracker_series (id, name, slug, description) VALUES (?, ?, ?, '')",
        [(i, f"{a}–{b} shuttle diplomacy", f"{a.lower()}-{b.lower()}-shuttle") for (a, b), i in series_of_pair.items()],
    )
    db.executemany(
        "INSERT INTO tracker_source (id, publisher, title, url, published_on, accessed_on) "
        "VALUES (?, ?, ?, ?, NULL, NULL)",
        [(i, PUBLISHERS[i % len(PUBLISHERS)], f"Report {i}", f"https://news.example/{i}") for i in range(1, 201)],
    )

    # Offices and their successive holders: a term of 2–8 years, the next holder taking over the same day.
    offices, people, positions = [], [], []
    leaders: dict[str, list[Tenure]] = {}
    ministers: dict[str, list[Tenure]] = {}
    for code in countries:
        for title, kind, table in (
            ("President", "head_of_state_and_government", leaders),
            ("Foreign Minister", "minister", ministers),
        ):
            office_id = len(offices) + 1
            offices.append((office_id, title, kind, f"{title.lower().replace(' ', '-')}-{code.lower()}", code))
            tenures = table.setdefault(code, [])
            start = FIRST_DAY - timedelta(days=rng.randrange(0, 2000))
            while start <= LAST_DAY:
                end = start + timedelta(days=rng.randrange(730, 2920))
                person_id = len(people) + 1
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                people.append((person_id, name, f"{name.lower().replace(' ', '-')}-{person_id}"))
                position_id = len(positions) + 1
                held_until = end if end <= LAST_DAY else None
                positions.append(
                    (position_id, start.isoformat(), held_until and held_until.isoformat(), office_id, person_id)
                )
                tenures.append(Tenure(start, held_until, person_id, position_id))
                start = end
    db.executemany(
        "INSERT INTO tracker_office (id, title, kind, slug, country_id, organization_id) VALUES (?, ?, ?, ?, ?, NULL)",
        offices,
    )
    db.executemany(
        "INSERT INTO tracker_person (id, name, native_name, slug, born, notes, wikidata_qid) "
        "VALUES (?, ?, '', ?, NULL, '', '')",
        people,
    )
    db.executemany(
        "INSERT INTO tracker_position (id, start_date, end_date, office_id, person_id) VALUES (?, ?, ?, ?, ?)",
        positions,
    )
    tenure_starts = {code: [t.start for t in tenures] for code, tenures in leaders.items()}
    minister_starts = {code: [t.start for t in tenures] for code, tenures in ministers.items()}

    def holder(table: dict[str, list[Tenure]], starts: dict[str, list[date]], code: str, day: date) -> Tenure:
        return table[code][max(bisect.bisect_right(starts[code], day) - 1, 0)]

    kinds = list(KIND_SHAPES)
    kind_weights = [KIND_SHAPES[kind][0] for kind in kinds]
    span = (LAST_DAY - FIRST_DAY).days
    event_rows, country_rows, party_rows, participation_rows = [], [], [], []
    topic_rows, citation_rows, statement_rows = [], [], []
    ids = {"event_country": 0, "participation": 0, "topic": 0, "citation": 0, "statement": 0, "party": 0}

    def flush() -> None:
        db.executemany(
            "INSERT INTO tracker_event (id, uid, title, slug, kind, start_date, end_date, date_precision, "
            "duration_days, place_name, latitude, longitude, summary, outcome, lifecycle, is_published, "
            "published_at, created_at, updated_at, created_by_id, host_country_id, place_country_id, "
            "updated_by_id, host_organization_id, series_id, parent_id, wikidata_qid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, NULL, ?, ?, NULL, ?, ?, NULL, ?, ?, NULL, '')",
            event_rows,
        )
        db.executemany(
            "INSERT INTO tracker_eventcountry (id, start_date, end_date, country_id, event_id) VALUES (?, ?, ?, ?, ?)",
            country_rows,
        )
        db.executemany(
            "INSERT INTO tracker_event_party_countries (id, event_id, country_id) VALUES (?, ?, ?)", party_rows
        )
        db.executemany(
            "INSERT INTO tracker_participation (id, role, event_id, represented_country_id, "
            "represented_organization_id, person_id, position_id) VALUES (?, ?, ?, ?, NULL, ?, ?)",
            participation_rows,
        )
        db.executemany("INSERT INTO tracker_event_topics (id, event_id, topic_id) VALUES (?, ?, ?)", topic_rows)
        db.executemany(
            "INSERT INTO tracker_statement (id, quote, language, said_at, speaker_description, said_on, "
            "said_on_precision, about_event_id, event_id, speaker_id) "
            "VALUES (?, ?, 'en', '', '', ?, 'day', NULL, ?, ?)",
            statement_rows,
        )
        db.executemany(
            "INSERT INTO tracker_citation (id, excerpt, locator, event_id, source_id, statement_id) "
            "VALUES (?, '', '', ?, ?, NULL)",
            citation_rows,
        )
        for rows in (
            event_rows,
            country_rows,
            party_rows,
            participation_rows,
            topic_rows,
            citation_rows,
            statement_rows,
        ):
            rows.clear()

    for event_id in range(1, size + 1):
        kind = rng.choices(kinds, kind_weights)[0]
        _, fewest, most = KIND_SHAPES[kind]
        involved = []
        while len(involved) < rng.randint(fewest, most):
            code = rng.choices(countries, weights)[0]
            if code not in involved:
                involved.append(code)
        host = involved[0]
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
        roll = rng.random()
        if roll < 0.9:
            precision = "day"
            start = day
            end = day + timedelta(days=rng.choice((0, 0, 0, 1, 2)) if kind.endswith(("summit", "visit")) else 0)
        elif roll < 0.98:
            precision = "month"
            start = day.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        else:
            precision = "year"
            start = date(day.year, 1, 1)
            end = date(day.year, 12, 31)
        if end > LAST_DAY:
            end = LAST_DAY
        start_text, end_text = start.isoformat(), end.isoformat()
        leader_names = []
        roles = ("host",) + ("guest",) * 3 if len(involved) > 1 else ("speaker",)
        for position, code in enumerate(involved[:4]):
            table, starts = (ministers, minister_starts) if kind == "ministerial_meeting" else (leaders, tenure_starts)
            tenure = holder(table, starts, code, start)
            leader_names.append(people[tenure.person_id - 1][1])
            ids["participation"] += 1
            participation_rows.append(
                (
                    ids["participation"],
                    roles[min(position, len(roles) - 1)],
                    event_id,
                    code,
                    tenure.person_id,
                    tenure.position_id,
                )
            )
        for code in involved[4:]:
            ids["party"] += 1
            party_rows.append((ids["party"], event_id, code))
        for code in sorted(involved):
            ids["event_country"] += 1
            country_rows.append((ids["event_country"], start_text, end_text, code, event_id))
        label = kind.replace("_", " ")
        title = f"{' – '.join(leader_names[:2])} {label}" if leader_names else f"{host} {label}"
        summary = " ".join(rng.choices(SUMMARY_WORDS, k=12))
        pair = tuple(sorted(involved[:2], key=COUNTRY_CODES.index))
        series_id = series_of_pair.get(pair) if kind == "bilateral_summit" else None
        event_rows.append(
            (
                event_id,
                # Ascending uid and slug keep the unique indexes growing at their right edge.
                uuid.UUID(int=UID_PREFIX | event_id, version=4).hex,
                title,
                f"e{event_id:07d}-{kind.replace('_', '-')}",
                kind,
                start_text,
                end_text,
                precision,
                (end - start).days,
                f"{host} {rng.choice(CITIES)}",
                None,
                None,
                summary,
                "held" if rng.random() < 0.97 else "cancelled",
                rng.random() < 0.95,
                now,
                now,
                host,
                host,
                None,
                series_id,
            )
        )
        for topic_id in rng.sample(range(1, len(TOPIC_NAMES) + 1), rng.choice((0, 1, 1, 2, 3))):
            ids["topic"] += 1
            topic_rows.append((ids["topic"], event_id, topic_id))
        for source_id in rng.sample(range(1, 201), rng.choice((1, 1, 2))):
            ids["citation"] += 1
            citation_rows.append((ids["citation"], event_id, source_id))
        if rng.random() < 0.1 and leader_names:
            ids["statement"] += 1
            speaker = participation_rows[-1][4]
            statement_rows.append(
                (
                    ids["statement"],
                    f"We agreed to {' '.join(rng.choices(SUMMARY_WORDS, k=8))}.",
                    start_text,
                    event_id,
                    speaker,
                )
            )
        if len(event_rows) >= 20_000:
            flush()
    flush()
    for _, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")

    db.close()
    counts.update(ids, events=size, people=len(people), positions=len(positions), countries=len(countries))
    return counts
