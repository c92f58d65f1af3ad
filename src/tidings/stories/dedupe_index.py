"""An in-memory index of recent fingerprints: which stored body does a new one copy?

Candidates come from sentence anchors: in a sentence, the run of three shingles that
starts at one of its smallest shingle hashes (about five words). A copy that keeps a
sentence, or changes words away from that run, shares the anchor, so a copy is found
however much shorter or longer it is than the original; each candidate is then checked
with ``is_near_duplicate``'s rule. A stored body keeps its smallest anchor per sentence
(about one per 20 words, as many as a MinHash index of 32 bands kept per article, and at
least ``STORED_BUDGET`` for a body of few sentences); a new body looks up its three
smallest per sentence, so an edit that moves one sentence's minimum still finds it.
Measured on the evaluation pairs (tests/eval), a copy is missed only when a short text
sits inside a longer sentence of the other whose minimum lies outside the shared words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from tidings.stories.dedupe import (
    MIN_ALIGNED,
    MIN_TOKENS,
    Fingerprint,
    could_be_copies,
    sentence_spans,
    similarity,
)
from tidings.stories.shingles import pack, unpack

# An anchor shared by this many stored bodies is a stock phrase ("said in a statement
# on"), not a sign of copying; looking at all of them would only cost time.
CROWDED = 64
STORED_PER_SENTENCE, STORED_BUDGET = 1, 8
QUERY_PER_SENTENCE, QUERY_BUDGET = 3, 24


def anchors(fp: Fingerprint, per_sentence: int, budget: int) -> set[int]:
    """The body's sentence anchors: three consecutive 16-bit hashes packed in one int.

    ``per_sentence`` smallest per sentence, more when the body has too few sentences to
    give ``budget`` in all.
    """
    values = unpack(fp.shingles)
    spans = sentence_spans(fp, len(values))
    if not spans:
        return set()
    take = max(per_sentence, math.ceil(budget / len(spans)))
    found = set()
    for start, end in spans:
        for at in sorted(range(start, end), key=values.__getitem__)[:take]:
            run = values[at : at + 3]
            found.add(len(run) << 48 | int.from_bytes(pack(run), "little"))
    return found


class DuplicateIndex:
    """Fingerprints by key, and their anchors; ``find`` answers "a copy of what?"."""

    def __init__(self) -> None:
        self._entries: dict[str, Fingerprint] = {}
        # A bucket holds one key as a plain str (the common case), several as a list.
        self._buckets: dict[int, str | list[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    @classmethod
    def from_pairs(cls, items: Iterable[tuple[str, Fingerprint]]) -> DuplicateIndex:
        """An index holding these (key, fingerprint) pairs."""
        index = cls()
        for key, fp in items:
            index.add(key, fp)
        return index

    def add(self, key: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``key``, replacing what the key held before."""
        if key in self._entries:
            self.remove(key)
        self._entries[key] = fp
        if fp.length < MIN_TOKENS:
            return  # too short to be anybody's copy or original; keep it out of the buckets
        for anchor in anchors(fp, STORED_PER_SENTENCE, STORED_BUDGET):
            held = self._buckets.get(anchor)
            if held is None:
                self._buckets[anchor] = key
            elif isinstance(held, str):
                self._buckets[anchor] = [held, key]
            else:
                held.append(key)

    def remove(self, key: str) -> None:
        """Forget ``key``; nothing happens when it is not indexed."""
        fp = self._entries.pop(key, None)
        if fp is None or fp.length < MIN_TOKENS:
            return
        for anchor in anchors(fp, STORED_PER_SENTENCE, STORED_BUDGET):
            held = self._buckets.get(anchor)
            if held == key:
                del self._buckets[anchor]
            elif isinstance(held, list):
                held.remove(key)
                if len(held) == 1:
                    self._buckets[anchor] = held[0]

    def candidates(self, fp: Fingerprint) -> set[str]:
        """Keys sharing an anchor with ``fp`` (stock-phrase anchors left out)."""
        found: set[str] = set()
        if fp.length < MIN_TOKENS:
            return found
        for anchor in anchors(fp, QUERY_PER_SENTENCE, QUERY_BUDGET):
            held = self._buckets.get(anchor)
            if isinstance(held, str):
                found.add(held)
            elif held is not None and len(held) < CROWDED:
                found.update(held)
        return found

    def find(self, fp: Fingerprint) -> list[tuple[str, float]]:
        """Keys of indexed near-duplicates of ``fp`` with their ``similarity``, best first.

        The same rule as ``is_near_duplicate``; among equal scores the body closest in
        length comes first. A key indexed for ``fp`` itself is returned too, so a caller
        re-checking a stored article skips its own key.
        """
        found: list[tuple[float, float, str]] = []
        for key in self.candidates(fp):
            other = self._entries[key]
            if not could_be_copies(fp, other):
                continue
            score = similarity(fp, other)
            if score >= MIN_ALIGNED:
                ratio = min(fp.length, other.length) / max(fp.length, other.length)
                found.append((score, ratio, key))
        found.sort(key=lambda hit: (-hit[0], -hit[1], hit[2]))
        return [(key, score) for score, _, key in found]
