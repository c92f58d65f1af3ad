"""Which stored article a new one copies: the ingest side of ``stories.dedupe``.

The pure parts (normalising, hashing, fingerprints, the LSH index) live in
``stories/dedupe.py``; this holds the in-memory state one ingest process keeps over the
recent window, loaded from the store on first use. The first article seen with a text is
the original; later ones are linked to it as copies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.stories import DuplicateIndex, Fingerprint

__all__ = ["CopyCheck", "CopyTracker"]

# Syndicated copies appear within days of the original; older texts only cost memory.
WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class CopyCheck:
    """A new article's text keys, and the original it copies (None: it is an original)."""

    content_hash: str
    fingerprint: bytes
    original: str | None


class CopyTracker:
    """Exact (hash) and near (MinHash LSH) copies among recent original articles."""

    def __init__(self, load: Callable[[datetime], list[tuple[str, str | None, bytes]]]) -> None:
        self._load = load
        self._index: DuplicateIndex | None = None
        self._hashes: dict[str, str] = {}

    def check(self, article_id: str, keys: tuple[str, Fingerprint], now: datetime) -> CopyCheck:
        """Classify a body by its ``text_keys`` and remember it when it is an original.

        Synchronous on purpose: called from the event loop, so no two articles interleave
        between the lookup and the insert. The keys are computed before, off the loop (in
        the extraction thread): they are most of the cost.
        """
        index = self._ensure_loaded(now)
        digest, fp = keys
        original = self._hashes.get(digest)
        if original is None or original == article_id:
            original = self._best(index.find(fp), article_id)
        if original is None:
            self._hashes.setdefault(digest, article_id)
            if article_id not in index:
                index.add(article_id, fp)
        return CopyCheck(content_hash=digest, fingerprint=fp.to_bytes(), original=original)

    def _ensure_loaded(self, now: datetime) -> DuplicateIndex:
        if self._index is None:
            rows = self._load(now - WINDOW)
            self._index = DuplicateIndex.from_pairs(
                (key, Fingerprint.from_bytes(data)) for key, _, data in rows
            )
            self._hashes = {digest: key for key, digest, _ in rows if digest}
        return self._index

    @staticmethod
    def _best(candidates: list[tuple[str, float]], article_id: str) -> str | None:
        for key, _score in candidates:
            if key != article_id:
                return key
        return None
