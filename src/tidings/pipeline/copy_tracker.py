"""Which stored article a new one copies: the ingest side of ``stories.dedupe``.

The pure parts (normalising, hashing, fingerprints, the LSH index) live in
``stories/dedupe.py``; this holds the in-memory state one ingest process keeps over the
recent window, loaded from the store on first use. The first article seen with a text is
the original; later ones are linked to it as copies.

Fingerprints stored by an older scheme (``dedupe.SCHEME``) cannot be compared with new
ones and cannot be remade without the text; they are left out of the index (their
content hashes still catch exact copies) and age out of the window within a week.

The window slides: an original leaves it ``WINDOW`` after it entered (after the load, for
those loaded from the store), so a process that runs for months holds a week of texts,
not every text it ever saw (#15: the server's memory grew with each article it stored).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.stories import DuplicateIndex, Fingerprint, text_keys

__all__ = ["CopyCheck", "CopyTracker", "copies_of_bodies"]

# Syndicated copies appear within days of the original; older texts only cost memory.
WINDOW = timedelta(days=7)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CopyCheck:
    """A new article's text keys, and the original it copies (None: it is an original)."""

    content_hash: str
    fingerprint: bytes
    original: str | None


class CopyTracker:
    """Exact (hash) and near (sentence-aligned) copies among recent original articles."""

    def __init__(self, load: Callable[[datetime], list[tuple[str, str | None, bytes]]]) -> None:
        self._load = load
        self._index: DuplicateIndex | None = None
        self._hashes: dict[str, str] = {}  # content hash -> the original's key
        # The originals in the window, oldest first, with when each entered it and the
        # content hashes it holds in ``_hashes`` (a re-extracted text may add one).
        self._entered: dict[str, tuple[datetime, tuple[str, ...]]] = {}

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
            self._enter(article_id, digest, now)
            if article_id not in index:
                index.add(article_id, fp)
        return CopyCheck(content_hash=digest, fingerprint=fp.to_bytes(), original=original)

    def forget(self) -> None:
        """Drop the window; the next check loads it from the store again."""
        self._index, self._hashes, self._entered = None, {}, {}

    def __len__(self) -> int:
        """Originals in the window."""
        return len(self._entered)

    def _enter(self, key: str, digest: str | None, now: datetime) -> None:
        entered, digests = self._entered.get(key, (now, ()))
        if digest is not None and self._hashes.setdefault(digest, key) == key:
            digests = tuple(dict.fromkeys((*digests, digest)))
        self._entered[key] = (entered, digests)  # an entered key keeps its place

    def learn(self, rows: list[tuple[str, str | None, bytes]], now: datetime) -> None:
        """Add originals another process stored (id, content hash, fingerprint), as the
        first load would have: ``tidings worker`` processes learn each other's this way."""
        index = self._ensure_loaded(now)
        for key, digest, _ in rows:
            self._enter(key, digest or None, now)
        for key, fingerprint in _readable(rows):
            if key not in index:
                index.add(key, fingerprint)

    def _ensure_loaded(self, now: datetime) -> DuplicateIndex:
        if self._index is None:
            rows = self._load(now - WINDOW)
            self._index = DuplicateIndex.from_pairs(_readable(rows))
            self._hashes, self._entered = {}, {}
            for key, digest, _ in rows:
                self._enter(key, digest or None, now)
        self._slide(self._index, now)
        return self._index

    def _slide(self, index: DuplicateIndex, now: datetime) -> None:
        """Let the originals that entered more than ``WINDOW`` ago leave the window."""
        oldest = now - WINDOW
        while self._entered:
            key, (entered, digests) = next(iter(self._entered.items()))
            if entered > oldest:
                return
            del self._entered[key]
            index.remove(key)
            for digest in digests:
                self._hashes.pop(digest, None)

    @staticmethod
    def _best(candidates: list[tuple[str, float]], article_id: str) -> str | None:
        for key, _score in candidates:
            if key != article_id:
                return key
        return None


def _readable(rows: list[tuple[str, str | None, bytes]]) -> Iterator[tuple[str, Fingerprint]]:
    """The rows' fingerprints that this scheme can read; the others are counted and logged."""
    skipped = 0
    for key, _, data in rows:
        try:
            yield key, Fingerprint.from_bytes(data)
        except ValueError:
            skipped += 1
    if skipped:
        log.info("%d stored fingerprints are of an older scheme: exact copies only", skipped)


def copies_of_bodies(bodies: Iterable[tuple[str, str]], now: datetime) -> list[str | None]:
    """For each (id, body) in the order given: the id of the earlier body it copies, or None.

    What ingest does to each extracted article, with an empty store: ``tidings copies``
    and the tests go through here.
    """
    tracker = CopyTracker(lambda since: [])
    return [tracker.check(key, text_keys(body), now).original for key, body in bodies]
