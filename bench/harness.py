"""What every measurement of `make bench` is made of: its context, its result, and the timing helpers.

A measurement (bench/measurements.py lists them) is a function of a `Context` that returns a
`Result`: its own figure, a reference measured in the same run on the same rows (bare SQL, the
sqlite3 shell, plotly.express), and the ratio between them, because this machine is shared and
noisy and only ratios travel well. `Unavailable` is left for a missing reference tool (the sqlite3
shell, pandas); the table says so and the run goes on.
"""

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

WINDOW_YEAR = 2019
LIST_PAGE_SIZE = 50
REPEATS = 30


class Unavailable(Exception):
    """The code this measurement exercises is not part of this build; the reference may still be measured."""

    def __init__(self, reason: str, reference: str = "") -> None:
        super().__init__(reason)
        self.reference = reference


@dataclass
class Context:
    size: int
    corpus: Path
    empty_db: Path


@dataclass
class Result:
    figure: str
    reference: str = ""
    ratio: float | None = None
    ratio_means: str = ""
    rows: int | None = None
    notes: list[str] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Samples:
    """Wall-clock and CPU seconds of repeated runs. CPU time leaves out waiting for a core, so it
    is the steadier figure on a shared machine; wall time is what a reader waits."""

    wall: list[float]
    cpu: list[float]
    outcome: object = None


def timed(action: Callable[[], object], repeats: int = REPEATS, warmup: int = 3) -> Samples:
    """Run `action` warmup + repeats times; the timings of the timed runs and the last outcome."""
    outcome = None
    for _ in range(warmup):
        outcome = action()
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        outcome = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Samples(wall, cpu, outcome)


def alternated(
    first: Callable[[], object], second: Callable[[], object], rounds: int, warmup: int = 1
) -> tuple[Samples, Samples]:
    """`first` and `second` timed in turns, after `warmup` runs each, so a stretch of load from other
    jobs on the machine slows both rather than only the one that happened to run then."""
    for _ in range(warmup):
        first(), second()
    runs = (Samples([], []), Samples([], []))
    for _ in range(rounds):
        for samples, action in zip(runs, (first, second), strict=True):
            more = timed(action, repeats=1, warmup=0)
            samples.wall += more.wall
            samples.cpu += more.cpu
            samples.outcome = more.outcome
    return runs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bare_connection(ctx: Context) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{ctx.corpus}?mode=ro", uri=True)


def longest_duration(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COALESCE(MAX(duration_days), 0) FROM tracker_event").fetchone()[0]


def window_bounds(db: sqlite3.Connection) -> tuple[str, str, str]:
    """(lowest start_date, window start, window end) for WINDOW_YEAR, as the selector bounds it."""
    window_start = date(WINDOW_YEAR, 1, 1)
    lowest = window_start - timedelta(days=longest_duration(db))
    return lowest.isoformat(), window_start.isoformat(), f"{WINDOW_YEAR}-12-31"


def countries_by_activity(db: sqlite3.Connection) -> list[str]:
    return [
        code
        for (code,) in db.execute(
            "SELECT country_id FROM tracker_eventcountry GROUP BY country_id ORDER BY COUNT(*) DESC, country_id"
        )
    ]


def median_country(db: sqlite3.Connection) -> str:
    codes = countries_by_activity(db)
    return codes[len(codes) // 2]


def getter(path: str) -> Callable[[], bytes]:
    """A function that GETs `path` through a test client and returns the body, checking for a 200."""
    from django.test import Client

    client = Client()

    def get() -> bytes:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    return get


def after_each_change(path: str, repeats: int, *, in_background: bool = True, warmup: int = 1) -> Samples:
    """GET `path` as the first reader after a change (the data version raised before each request).

    With `in_background` (the site's default) the reader is served the previous counts, marked, while
    a thread recounts; each recount is waited for before the next change, outside the timing. Without
    it, the reader waits for the count. The outcome is every response's (status, previous counts served?).
    """
    from django.test import Client, override_settings

    from tracker.models import DataVersion
    from tracker.queries.summaries import wait_for_recounts

    client = Client()
    samples = Samples([], [], [])
    with override_settings(SUMMARY_RECOUNT_IN_BACKGROUND=in_background):
        for index in range(warmup + repeats):
            wait_for_recounts(timeout=600)
            DataVersion.bump()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            marked = response.has_header("Counted-At") or b"being recounted" in response.content
            if index >= warmup:
                samples.wall.append(wall)
                samples.cpu.append(cpu)
                samples.outcome.append((response.status_code, marked))
        wait_for_recounts(timeout=600)
    return samples


def statuses(samples: Samples) -> str:
    """How the responses went: "10 × 200 (previous counts, marked)", "3 × 503"…"""
    tally: dict[str, int] = {}
    for status, marked in samples.outcome:
        label = f"{status}{' (previous counts, marked)' if marked else ''}"
        tally[label] = tally.get(label, 0) + 1
    return ", ".join(f"{number} × {label}" for label, number in tally.items())


def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True
