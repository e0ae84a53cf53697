"""A process's own peak resident memory, for the bench's peak-MB column.

`getrusage(RUSAGE_SELF).ru_maxrss` is not a child's own figure on Linux: Python starts children
with vfork/posix_spawn, and exec records the address space it leaves (the parent's) as the
process's peak so far, so every measurement reported at least the parent's peak (the corpus build's
200–655 MB). `VmHWM` in /proc/self/status is the high-water mark of the address space this process
runs in now, which exec created fresh: the measurement's own peak.
"""

import resource
from pathlib import Path

_STATUS = Path("/proc/self/status")


def own_peak_mb() -> float:
    """This process's peak resident set since its exec, in MB (ru_maxrss where /proc is missing)."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # reported in kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
