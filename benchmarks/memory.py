"""Peak memory of this process, as the benchmarks report it."""

from __future__ import annotations

import resource
from pathlib import Path


def status_mb(pid: int | str, field: str) -> float:
    """A ``/proc/PID/status`` memory field (``VmRSS``, ``VmHWM``…) of ``pid`` in MB; 0.0
    once the process has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux keeps ``ru_maxrss`` across ``execve``, so a child started by a big parent would
    report the parent's peak; ``VmHWM`` belongs to the address space and starts afresh.
    """
    if Path("/proc/self/status").exists():
        return status_mb("self", "VmHWM")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
