"""Settings that belong to a whole process, set by the entry points that start one.

Importing ``tidings`` as a library changes nothing in the process. The command line
(``tidings``, ``python -m tidings``), the story process it starts and the benchmarks call
``set_process_env`` before anything loads the libraries that read these settings, which
read them once, when they load.
"""

from __future__ import annotations

import os

__all__ = ["set_process_env"]


def set_process_env() -> None:
    """Set the process-wide settings Tidings wants; values the operator set win."""
    # OpenMP (usearch loads it when imported, torch too) reads its wait policy when it loads:
    # threads that spin while they wait for work take the CPU from ingest's other threads
    # and processes. Sleeping ones cost nothing measurable alone (107.8 against 107.5
    # texts/s embedded) and lifted a two-process ingest on two cores from 42 to 52
    # articles/s.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
