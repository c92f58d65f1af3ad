"""The vector index beside the database: usearch HNSW over article embeddings.

Vectors themselves live in the database (``article_vectors``), so the index file is a
cache: when it is missing, unreadable, of another dimension or out of step with the
store, it is rebuilt from the stored vectors.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path

import numpy as np

# onnxruntime 1.23 and later crash (SIGSEGV) when they load after usearch, whose numkong
# library claims something first; loaded before it, both work. So wherever usearch comes
# in, onnxruntime (the default embedding backend, when installed) comes in first.
with contextlib.suppress(ImportError):
    import onnxruntime  # noqa: F401

from usearch.index import Index

log = logging.getLogger(__name__)

__all__ = ["VectorIndex", "article_key", "vector_from_bytes", "vector_to_bytes"]


def article_key(article_id: str) -> int:
    """The index key of an article: the first 64 bits of its (already hashed) id."""
    return int(article_id[:16], 16)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """A float32 vector as stored in the database."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    """The float32 vector stored as ``data``."""
    return np.frombuffer(data, dtype=np.float32)


class VectorIndex:
    """Nearest articles by cosine similarity, persisted to ``path`` (None: in memory)."""

    def __init__(self, dim: int, path: Path | None = None) -> None:
        self.dim = dim
        self.path = path
        self._index = Index(ndim=dim, metric="cos", dtype="f32")
        self._ids: dict[int, str] = {}

    @classmethod
    def open(cls, dim: int, path: Path | None, stored: Iterable[tuple[str, bytes]]) -> VectorIndex:
        """Load the index file if it matches the stored vectors, else rebuild it from them."""
        rows = [(article_id, vector_from_bytes(data)) for article_id, data in stored]
        index = cls(dim, path)
        index._ids = {article_key(a): a for a, _ in rows}
        if path is not None and path.exists():
            try:
                index._index.load(str(path))
                if index._index.ndim == dim and len(index._index) == len(rows):
                    return index
                log.warning("vector index %s is out of step with the store; rebuilding", path)
            except (RuntimeError, ValueError, OSError) as exc:
                log.warning("vector index %s is damaged (%s); rebuilding", path, exc)
            index._index = Index(ndim=dim, metric="cos", dtype="f32")
        if rows:
            keys = np.array([article_key(a) for a, _ in rows], dtype=np.uint64)
            index._index.add(keys, np.vstack([v for _, v in rows]))
        index.save()
        return index

    def __len__(self) -> int:
        return len(self._index)

    def add(self, article_id: str, vector: np.ndarray) -> None:
        """Add or replace one article's vector."""
        key = article_key(article_id)
        if key in self._ids:
            self._index.remove(key)
        self._index.add(key, np.asarray(vector, dtype=np.float32))
        self._ids[key] = article_id

    def remove(self, article_id: str) -> None:
        key = article_key(article_id)
        if self._ids.pop(key, None) is not None:
            self._index.remove(key)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` nearest articles with their cosine similarity, best first."""
        if not len(self._index) or k <= 0:
            return []
        found = self._index.search(np.asarray(vector, dtype=np.float32), min(k, len(self._index)))
        return [
            (self._ids[int(key)], 1.0 - float(distance))
            for key, distance in zip(found.keys, found.distances, strict=True)
            if int(key) in self._ids
        ]

    def save(self) -> None:
        """Write the index file (atomically: a crash leaves the old file or none)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(self.path.suffix + ".partial")
        self._index.save(str(partial))
        partial.replace(self.path)
