"""The bench's peak-MB column: each measurement's own peak, not the largest process before it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARENT_MB = 300


def test_a_child_reports_its_own_peak_not_its_parents():
    """The bench parent holds hundreds of MB after building a corpus; a small child must not report them."""
    held = b"x" * (PARENT_MB << 20)  # touched pages: resident in this process
    child = subprocess.run(
        [sys.executable, "-c", "import json; from bench.memory import own_peak_mb; print(json.dumps(own_peak_mb()))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(held) == PARENT_MB << 20
    assert json.loads(child.stdout) < PARENT_MB / 3


def test_a_child_counts_what_it_allocates():
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from bench.memory import own_peak_mb; held = b'x' * (200 << 20);"
            " print(json.dumps(own_peak_mb()))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(child.stdout) >= 200
