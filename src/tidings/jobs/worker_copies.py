"""One "is it a copy?" at a time across ``tidings worker`` processes.

Each process keeps its own window of recent originals (``pipeline.copy_tracker``). Two
workers that extract the two halves of a syndicated pair at once would each find no
original and store both as originals. So a worker checks and stores under a PostgreSQL
advisory lock that every worker shares, and tells the others (``NOTIFY``) which article
it is about to store; before its own check each worker reads the articles it was told of
(by primary key) and learns the originals among them. The lock is held for one check and
one short write: workers still fetch and extract side by side.

The others are told as soon as the lock is held, before the write, not after it: a worker
killed between its write's commit and a later ``NOTIFY`` would leave an original nobody
was told of, and the next worker would store its copy as a second original. Told early,
the next holder (who only gets the lock once this one released it or died) finds the
article stored, or not stored at all, and is right either way.

The lock and the ``LISTEN`` live on one connection per worker, kept open: PostgreSQL
delivers a notification to a listening session between its statements, so one committed
before this worker took the lock has reached it once the lock is held. When that
connection breaks (the server restarted), notifications may have been lost: the window
is loaded from the store again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from tidings.errors import StoreError
from tidings.pipeline.copy_tracker import CopyTracker
from tidings.store.schema import articles

__all__ = ["CHANNEL", "COPIES_LOCK", "SharedCopyLock"]

log = logging.getLogger(__name__)

COPIES_LOCK = 0x7469_6469_6E67_0001  # "tiding" + 1: the advisory lock key of copy checks
CHANNEL = "tidings_extracted"


class SharedCopyLock:
    """The Ingestor's ``copy_guard`` for workers: the advisory lock, then the originals
    the other workers stored meanwhile taught to ``tracker`` (set it to the Ingestor's)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        # Set by the caller: the Ingestor's own tracker, made with the Ingestor.
        self.tracker = CopyTracker(lambda since: [])
        self._clock = clock
        self._conn: Connection | None = None
        self._told: list[str] = []
        # One task of this process at a time waits for the database's lock, on one thread:
        # many waiting threads could take every thread the holder needs to write.
        self._local = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def hold(self, article_id: str) -> AsyncIterator[None]:
        """Hold the lock while ``article_id`` is checked and stored; tell the others."""
        async with self._local:
            rows = await asyncio.to_thread(self._acquire, article_id)
            try:
                self.tracker.learn(rows, self._clock())
                yield
            finally:
                await asyncio.to_thread(self._release)

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._conn.close()
            self._conn = None

    def _connection(self) -> Connection:
        if self._conn is None:
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            driver: Any = conn.connection.driver_connection
            own = driver.info.backend_pid  # this session hears its own NOTIFYs: left out
            driver.add_notify_handler(
                lambda note: self._told.append(note.payload) if note.pid != own else None
            )
            conn.exec_driver_sql(f"LISTEN {CHANNEL}")
            # Listening from now on: what was stored before is in the window loaded next.
            self.tracker.forget()
            self._told.clear()
            self._conn = conn
        return self._conn

    def _acquire(self, article_id: str) -> list[tuple[str, str | None, bytes]]:
        """Take the lock, tell the others ``article_id`` is checked now, and read the
        originals among the articles they told of."""
        try:
            conn = self._connection()
            conn.execute(select(func.pg_advisory_lock(COPIES_LOCK)))
            conn.exec_driver_sql("SELECT 1")  # what was notified before the lock, delivered
            told, self._told = sorted(set(self._told)), []
            # Before the write: see the module's docstring.
            conn.execute(select(func.pg_notify(CHANNEL, article_id)))
            found = (
                conn.execute(
                    select(articles.c.id, articles.c.content_hash, articles.c.fingerprint)
                    .where(articles.c.id.in_(told))
                    .where(articles.c.fingerprint.is_not(None))
                    .where(articles.c.duplicate_of.is_(None))
                ).all()
                if told
                else []
            )
        except SQLAlchemyError as exc:
            self.close()
            raise StoreError(f"database unavailable: {exc}") from exc
        return [(r.id, r.content_hash, bytes(r.fingerprint)) for r in found]

    def _release(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            conn.execute(select(func.pg_advisory_unlock(COPIES_LOCK)))
        except SQLAlchemyError as exc:  # the server went away, and the lock with it
            log.info("copy lock: %s", exc)
            self.close()
