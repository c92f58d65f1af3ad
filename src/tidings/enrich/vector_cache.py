"""Texts already embedded, kept by the sha256 of the text: an in-memory LRU that both
embedders (``enrich.embeddings``, ``enrich.multilingual``) put in front of their model.
The database's cache of stored vectors sits in front of this (``pipeline.story_stage``)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["VectorCache"]

Vectors = npt.NDArray[np.float32]


class VectorCache:
    """The last ``size`` texts' vectors; ``embed`` encodes only the texts it lacks."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._vectors: OrderedDict[bytes, Vectors] = OrderedDict()

    def embed(
        self, texts: Sequence[str], encode: Callable[[list[str]], Vectors], dim: Callable[[], int]
    ) -> Vectors:
        """An ``(n, dim)`` array, one row per text in order: cached rows, and ``encode``
        called once on the texts not cached (each distinct text once). ``dim`` is asked
        only when ``texts`` is empty."""
        keys = [hashlib.sha256(text.encode("utf-8")).digest() for text in texts]
        rows: dict[bytes, Vectors] = {}
        for key in keys:
            cached = self._vectors.get(key)
            if cached is not None:
                self._vectors.move_to_end(key)
                rows[key] = cached
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in rows}
        if missing:
            for key, vector in zip(missing, encode(list(missing.values())), strict=True):
                rows[key] = vector
                self._remember(key, vector)
        if not keys:
            return np.zeros((0, dim()), dtype=np.float32)
        return np.stack([rows[key] for key in keys])

    def _remember(self, key: bytes, vector: Vectors) -> None:
        self._vectors[key] = vector
        self._vectors.move_to_end(key)
        while len(self._vectors) > self._size:
            self._vectors.popitem(last=False)
