"""The story stage under ``tidings worker``: one owner at a time, whichever worker that is.

The clusterer's open stories live in the memory of the process that places articles, so
two placing at once would each miss the other's stories. Every worker runs this loop in
its story process (``jobs.story_process``, a child of the worker); it waits for a
session-level PostgreSQL advisory lock, and the one that holds it places what waits in
the store, as ``tidings stories work`` does. The lock belongs to a connection the owner
keeps open: when the owner dies (SIGKILL, a lost machine), its connection closes, the
server drops the lock and another worker's loop takes it, rebuilding the open stories and
its vector index from the store. Before each batch the owner checks that its connection
is still there; when it is not (the server restarted, and another worker may own the
stage now), it stops placing and waits for the lock again, with a fresh stage.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from tidings.config import Settings, setup_logging
from tidings.errors import StoreError
from tidings.jobs.supervised import name_this_process
from tidings.pipeline.story_stage import BATCH, StoryStage
from tidings.store import open_repository

__all__ = ["STORIES_LOCK", "StoryLock", "own_stories"]

log = logging.getLogger(__name__)

STORIES_LOCK = 0x7469_6469_6E67_0002  # "tiding" + 2: the advisory lock key of the stage


class StoryLock:
    """The story stage's advisory lock, on a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None

    def take(self) -> bool:
        """Try to take the lock now; whether this process holds it."""
        if self._conn is None:
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            return bool(
                self._conn.execute(select(func.pg_try_advisory_lock(STORIES_LOCK))).scalar()
            )
        except SQLAlchemyError:
            self.release()
            raise

    def held(self) -> bool:
        """Whether the connection holding the lock is still there."""
        if self._conn is None:
            return False
        try:
            self._conn.exec_driver_sql("SELECT 1")
        except SQLAlchemyError:
            self.release()
            return False
        return True

    def release(self) -> None:
        """Close the connection: the server drops the lock with it."""
        if self._conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._conn.close()
            self._conn = None


def place_as_owner(
    stage: StoryStage, lock: StoryLock, keep_going: Callable[[], bool], *, poll: float
) -> int:
    """Place batches while this process holds the lock and ``keep_going()``; how many."""
    total = 0
    while keep_going() and lock.held():
        batch = stage.repository.stories.articles_to_cluster(limit=BATCH)
        if batch and lock.held():
            stage.place(batch)
            total += len(batch)
            log.info("stories: placed %d articles", len(batch))
            stage.save_index(force=False)
            continue
        deadline = time.monotonic() + poll
        while keep_going() and time.monotonic() < deadline:
            time.sleep(min(0.5, poll))
    return total


def own_stories(
    settings: Settings, lock: StoryLock, keep_going: Callable[[], bool], poll: float
) -> None:
    """Wait for the lock, place while holding it, and wait again when it is lost."""
    repository = open_repository(settings, run_migrations=False)
    waiting_said = False
    while keep_going():
        try:
            if not lock.take():
                if not waiting_said:
                    log.info("stories: another worker places articles; waiting for its lock")
                    waiting_said = True
                _wait(keep_going, poll)
                continue
            log.info("stories: this worker places articles now (it holds the story lock)")
            waiting_said = False
            # A fresh stage each time: another owner may have placed articles meanwhile.
            stage = StoryStage(repository, settings)
            try:
                place_as_owner(stage, lock, keep_going, poll=poll)
            finally:
                stage.save_index()
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("stories: the store failed; trying again in %.0f s: %s", poll, exc)
            lock.release()
            _wait(keep_going, poll)
    lock.release()


def _wait(keep_going: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while keep_going() and time.monotonic() < deadline:
        time.sleep(min(0.5, seconds))


class _Stop(BaseException):
    """Raised by SIGTERM. A BaseException, as KeyboardInterrupt is: it arrives at any line,
    and a step's ``except Exception`` must not take it for that step's error."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def owner_child(settings: Settings, poll: float) -> None:
    """The main of a worker's story process (see ``jobs.story_process``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    name_this_process("tidings-stories")
    setup_logging(settings)
    parent = multiprocessing.parent_process()
    stopping = threading.Event()
    # A SIGTERM while the child still imports and connects only asks it to stop: raising
    # there would break an import half way (a traceback and nothing else).
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    repository = open_repository(settings, run_migrations=False)
    lock = StoryLock(repository.engine)
    if stopping.is_set():
        return
    signal.signal(signal.SIGTERM, _stop)
    try:
        own_stories(settings, lock, lambda: parent is None or parent.is_alive(), poll)
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        lock.release()
