"""Resident memory and CPU time of a server process and of its children, read from /proc.

``VmRSS`` of ``/proc/PID/status``, as ``ps`` shows it: what the process holds in RAM now
(``benchmarks/memory.py`` gives a process's own peak instead), and its two parts:
``RssAnon``, the process's own memory (the Python heap, native libraries' allocations,
SQLite's page caches), and ``RssFile`` + ``RssShmem``, pages of files it maps (the
SQLite database through ``mmap_size``, its WAL index, the models' weights), which the
kernel can drop and read again. Children are found through
the parent ids in ``/proc/*/stat``; for ``tidings run`` they are its ingest and story
processes, which name themselves ``tidings-ingest`` and ``tidings-stories`` (their
``/proc/PID/comm``), and multiprocessing's resource tracker. Linux only.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.memory import status_mb

__all__ = [
    "MemorySample",
    "MemorySamples",
    "cpu_seconds",
    "descendants",
    "process_name",
    "rss_mb",
    "rss_parts_mb",
    "sample_memory",
]

_PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (0.0 once it has gone)."""
    return status_mb(pid, "VmRSS")


def rss_parts_mb(pid: int) -> tuple[float, float]:
    """``pid``'s resident memory in MB as (its own, mapped files'); zeros once it has gone."""
    try:
        status = (_PROC / str(pid) / "status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0, 0.0
    parts = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("RssAnon", "RssFile", "RssShmem"):
            parts[name] = int(value.split()[0]) / 1024
    return parts.get("RssAnon", 0.0), parts.get("RssFile", 0.0) + parts.get("RssShmem", 0.0)


def process_name(pid: int) -> str:
    """The name ``pid`` shows in ``top`` (``/proc/PID/comm``); "" once it has gone."""
    try:
        return (_PROC / str(pid) / "comm").read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def _stat(pid_dir: Path) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command name (state first); [] if gone."""
    try:
        stat = (pid_dir / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    # The command name is in parentheses and may hold spaces: the fields follow it.
    return stat.rpartition(")")[2].split()


def cpu_seconds(pid: int) -> float:
    """CPU time ``pid`` has used so far, user and system (0.0 once it has gone)."""
    fields = _stat(_PROC / str(pid))
    return (int(fields[11]) + int(fields[12])) / _TICKS if fields else 0.0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: children, their children, and so on."""
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit() and (fields := _stat(entry)):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


@dataclass(frozen=True, slots=True)
class MemorySample:
    """One reading: when (monotonic seconds), the server's RSS, its children's summed, the
    server's RSS in its two parts (own memory, mapped files), and the own memory of each
    child that names itself (``tidings-ingest``, ``tidings-stories``)."""

    at: float
    server_mb: float
    children_mb: float
    server_anon_mb: float = 0.0
    server_file_mb: float = 0.0
    named_anon_mb: tuple[tuple[str, float], ...] = ()

    def anon_of(self, name: str) -> float:
        """The own memory of the child called ``name`` (0.0 when none was running)."""
        return sum(mb for child, mb in self.named_anon_mb if child == name)


@dataclass
class MemorySamples:
    """The readings of one server, and named moments among them."""

    pid: int
    samples: list[MemorySample] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)

    def take(self) -> MemorySample:
        """Read the server and its children now."""
        below = descendants(self.pid)
        children = sum(rss_mb(child) for child in below)
        named = tuple(
            (name, rss_parts_mb(child)[0])
            for child in below
            if (name := process_name(child)).startswith("tidings-")
        )
        anon, files = rss_parts_mb(self.pid)
        sample = MemorySample(time.monotonic(), rss_mb(self.pid), children, anon, files, named)
        self.samples.append(sample)
        return sample

    def mark(self, name: str) -> None:
        """Name this moment, with a reading taken at it."""
        self.marks[name] = self.take().at

    def at(self, moment: float) -> MemorySample:
        """The first reading at or after ``moment`` (the last one if none is)."""
        return next((s for s in self.samples if s.at >= moment), self.samples[-1])

    def between(self, start: float, end: float) -> list[MemorySample]:
        """The readings from ``start`` to ``end``."""
        return [s for s in self.samples if start <= s.at <= end]


async def sample_memory(samples: MemorySamples, every: float) -> None:
    """Read memory every ``every`` seconds until cancelled."""
    while True:
        samples.take()
        await asyncio.sleep(every)
