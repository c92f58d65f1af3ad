"""A web process's own vector index, read from the store and kept current.

A web process on a machine where no story stage runs (PostgreSQL, workers elsewhere) has
no index file beside it. It builds its index in memory from ``article_vectors`` instead,
on a thread of its own at start (search by meaning finds nothing until the index is
ready; no request waits for it), then every ``TIDINGS_VECTOR_REFRESH_SECONDS`` reads only
the rows stored since the newest it has seen (``article_vectors.stored_at``).

Transactions commit in another order than they began, so a row can appear with a stored
time a little older than one already read: each refresh reads again from
``LOOKBACK`` before the newest time seen and skips the rows it already holds. A vector
replaced (the same article embedded again) is stored anew and replaces the old one here.
Articles deleted or made copies keep their key until the process restarts; the search
filters them out when it reads the articles (``store.search_near``).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import numpy as np

__all__ = ["LOOKBACK", "PAGE", "StoredVectors", "VectorMirror"]

log = logging.getLogger(__name__)

PAGE = 2000  # rows read at once (2,000 multilingual vectors: about 4 MB)
# Longer than any transaction that writes vectors lasts (a story batch writes in one short
# transaction), and than the clocks of two story owners in turn differ.
LOOKBACK = timedelta(minutes=2)
_START = ""  # sorts before every article id
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

StoredVector = tuple[str, bytes, datetime | None]


class StoredVectors(Protocol):
    """What the mirror reads from the store."""

    def vectors_after(self, model: str, after: str, *, limit: int) -> list[StoredVector]:
        """Rows whose article id sorts after ``after``, in id order."""
        ...

    def vectors_stored_since(
        self, model: str, since: tuple[datetime, str], *, limit: int
    ) -> list[StoredVector]:
        """Rows stored after ``since`` (time, article id), oldest first."""
        ...

    def latest_vector_time(self, model: str) -> datetime | None:
        """When the newest row was stored."""
        ...


class VectorMirror:
    """The vectors of one model, in memory, for nearest-neighbour search.

    ``start()`` builds it on a daemon thread and then refreshes it every
    ``refresh_seconds``; ``build()`` and ``refresh()`` do the same work on the caller's
    thread. ``index`` is None until the build has finished.
    """

    def __init__(self, store: StoredVectors, model: str, *, refresh_seconds: float) -> None:
        self._store = store
        self.model = model
        self._refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._index: Any = None
        self._newest: datetime | None = None  # the newest stored time read so far
        self._recent: dict[str, datetime] = {}  # rows read within LOOKBACK of it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()

    @property
    def index(self) -> Any:
        """The usearch index once built (None before): search it under ``locked()``."""
        return self._index if self.ready.is_set() else None

    def locked(self) -> threading.Lock:
        """Held while searching, so that no refresh changes the index meanwhile."""
        return self._lock

    def start(self) -> None:
        """Build, then keep refreshing, on a daemon thread; returns at once."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="vector-mirror", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the refreshing thread (the index stays readable)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.ready.is_set():
                    self.refresh()
                else:
                    self.build()
            except Exception as exc:  # the database's own errors too: tried again next round
                log.warning("search by meaning: reading vectors from the store failed (%s)", exc)
            self._stop.wait(self._refresh_seconds)

    def build(self) -> int:
        """Read every stored vector of the model into a new index; how many were read."""
        newest = self._store.latest_vector_time(self.model)
        index: Any = None
        recent: dict[str, datetime] = {}
        # Rows read now that a refresh reads again; rows stored during the build are newer.
        floor = newest - LOOKBACK if newest is not None else None
        after = _START
        count = 0
        while True:
            rows = self._store.vectors_after(self.model, after, limit=PAGE)
            if not rows:
                break
            index = _add(index, rows)
            times = {a: t for a, _, t in rows if t is not None}
            if times:
                newest = max(newest, *times.values()) if newest else max(times.values())
            recent.update({a: t for a, t in times.items() if floor is None or t >= floor})
            count += len(rows)
            after = rows[-1][0]
        with self._lock:
            self._index = index
            self._newest = newest
            self._recent = _within(recent, newest)
        self.ready.set()
        log.info("search by meaning: %d vectors of %s read from the store", count, self.model)
        return count

    def refresh(self) -> int:
        """Add the vectors stored since the last read; how many were added or replaced."""
        if not self.ready.is_set():
            return 0
        # No row had a time yet: whatever has one is new.
        floor = self._newest - LOOKBACK if self._newest is not None else _EPOCH
        since = (floor, "")
        added = 0
        while True:
            rows = self._store.vectors_stored_since(self.model, since, limit=PAGE)
            if not rows:
                break
            fresh = [r for r in rows if r[2] is not None and self._recent.get(r[0]) != r[2]]
            if fresh:
                with self._lock:
                    self._index = _add(self._index, fresh)
                added += len(fresh)
            for article_id, _, stored_at in rows:
                if stored_at is None:
                    continue
                self._recent[article_id] = stored_at
                if self._newest is None or stored_at > self._newest:
                    self._newest = stored_at
            last = rows[-1]
            if last[2] is None:
                break
            since = (last[2], last[0])
        self._recent = _within(self._recent, self._newest)
        return added


def _within(recent: dict[str, datetime], newest: datetime | None) -> dict[str, datetime]:
    """The rows of ``recent`` a refresh reads again (stored within LOOKBACK of newest)."""
    if newest is None:
        return {}
    floor = newest - LOOKBACK
    return {a: t for a, t in recent.items() if t >= floor}


def _add(index: Any, rows: Sequence[StoredVector]) -> Any:
    """Add (or replace) these rows' vectors; a new index of their size when ``index`` is
    None."""
    vectors = [np.frombuffer(data, dtype=np.float32) for _, data, _ in rows]
    if index is None:
        if not vectors:
            return None
        index = _new_index(vectors[0].shape[0])
    keys = [int(article_id[:16], 16) for article_id, _, _ in rows]
    usable = [(k, v) for k, v in zip(keys, vectors, strict=True) if v.shape[0] == index.ndim]
    if not usable:
        return index
    for key, _ in usable:
        if index.contains(key):
            index.remove(key)
    batch = dict(usable)  # one row per key: the last read wins
    index.add(
        np.array(list(batch), dtype=np.uint64),
        np.vstack(list(batch.values())),
    )
    return index


def _new_index(dim: int) -> Any:
    # onnxruntime must load before usearch (see store.vectors), which importing it does.
    importlib.import_module("tidings.store.vectors")
    from usearch.index import Index

    # Half precision: half the memory of the story stage's float32 file, and a cosine
    # within about 0.001 of it, far below the gaps between the floors.
    return Index(ndim=dim, metric="cos", dtype="f16")
