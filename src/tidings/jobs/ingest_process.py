"""Scheduled ingest in a child process of ``tidings run`` (see ``jobs.supervised``).

A web process that also ingests keeps what ingest leaves behind: the memory freed by
parsing feeds and pages stays with its malloc arenas, SQLite's caches grow with the
writes, and the resident size of a server that serves for weeks climbs. In the 10-minute
soak (``make bench``, docs/benchmarks.md) the server grew 14.7% with ingest on its own
event loop and 5.3% with ingest off. Ingest therefore runs in a process of its own, the
same rounds as ``tidings ingest``: the web processes only serve, ingest takes its own
core, and an ingest that dies (a hostile page, the kernel's OOM killer) is started again
without taking the site down. Nothing passes between them but the store: a new article
appears on the next page that reads it.

The child stops on SIGTERM (the round in progress is cancelled; what it stored is
committed, what it had not is fetched again next round) and by itself when its parent
is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
from datetime import UTC, datetime

from tidings.config import Settings, setup_logging
from tidings.jobs.runner import run_scheduler
from tidings.jobs.supervised import Supervised, name_this_process
from tidings.memory import limit_malloc_arenas, start_trimming
from tidings.store import open_repository

__all__ = ["IngestProcess"]

NAME = "tidings-ingest"


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def _ingest_until_stopped(settings: Settings, poll: float) -> None:
    """Ingest rounds until SIGTERM or until the parent is gone (looked for every ``poll``
    seconds)."""
    # No migration here: the parent migrated before it started this child.
    repository = open_repository(settings, run_migrations=False)
    rounds = asyncio.create_task(run_scheduler(repository, settings, clock=_utcnow))
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, rounds.cancel)
    parent = multiprocessing.parent_process()
    try:
        while not rounds.done():
            if parent is not None and not parent.is_alive():
                rounds.cancel()
            await asyncio.wait({rounds}, timeout=poll)
    finally:
        rounds.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await rounds
        repository.engine.dispose()


def _child(settings: Settings, poll: float) -> None:
    """The child's main."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    name_this_process(NAME)
    setup_logging(settings)
    limit_malloc_arenas(settings.malloc_arenas)  # before any thread starts
    start_trimming(settings.malloc_trim_seconds)
    asyncio.run(_ingest_until_stopped(settings, poll))


class IngestProcess(Supervised):
    """Scheduled ingest in a child process while the block runs; restarted if it dies.
    ``settings`` are those ingest runs with (``StoryProcess.ingest_settings`` when the
    story stage has a process of its own)."""

    def __init__(self, settings: Settings, *, poll: float = 1.0) -> None:
        super().__init__(settings, target=_child, name=NAME, label="ingest process", poll=poll)

    def __enter__(self) -> IngestProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
