"""Jobs: the embedded runner (one process) today; workers on many machines later."""

from __future__ import annotations

from tidings.jobs.runner import run_scheduler

__all__ = ["run_scheduler"]
