"""Drive the app under gunicorn with concurrent clients and report throughput and latency.

    python -m bench.load [--seconds 20] [--clients 8] [--workers 2]

It serves the database the settings point at (SQLITE_PATH or DATABASE_URL, e.g. the scaled
100k-event corpus), starts gunicorn on a free loopback port, drives the timeline JSON (when that
endpoint exists), the event list page and /api/events/ for a bounded time, prints requests/s,
p50/p99 latency and error counts per URL, and stops gunicorn itself. Exit status 1 on any error.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATE_PATHS = [
    "/charts/timeline.json?country=KR&country=JP",
    "/events/?country=KR&start=2025",
    "/api/events/?country=KR&start=2025",
    "/api/events/",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def status_of(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def drive(port: int, path: str, until: float, latencies: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{response.status}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="how long to drive each URL")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args(argv)

    port = free_port()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "0"), "ALLOWED_HOSTS": "127.0.0.1"}
    env.setdefault("SECRET_KEY", "bench-only-secret-" + os.urandom(16).hex())
    # Plain HTTP on loopback: no redirect to https, no secure-only cookies needed for reads.
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tracker.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--worker-class=gthread",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(port, process)
        print(f"gunicorn on 127.0.0.1:{port}, {args.workers} workers × {args.threads} threads; {args.clients} clients")
        failures = 0
        for path in CANDIDATE_PATHS:
            first = status_of(port, path)
            if first == 404:
                print(f"{path:45} not served here, skipped")
                continue
            latencies: list[float] = []
            errors: list[str] = []
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=drive, args=(port, path, until, latencies, errors)) for _ in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            failures += len(errors)
            rate = len(latencies) / args.seconds
            median = statistics.median(latencies) * 1000 if latencies else float("nan")
            print(
                f"{path:45} {rate:8.1f} req/s  p50 {median:7.1f} ms  p99 {percentile(latencies, 0.99) * 1000:7.1f} ms"
                f"  errors {len(errors)}" + (f" ({sorted(set(errors))})" if errors else "")
            )
        return 1 if failures else 0
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
