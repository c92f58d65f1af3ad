"""Exact and near-duplicate article bodies: syndicated copies of one wire text.

A copy of a wire story keeps the text but not always all of it: outlets cut paragraphs,
add their own, change a word here and there, write a new lede or dateline, and an agency
sends several versions of one story as it develops. What such copies keep is sentences:
most of the shorter text's sentences are found, near-intact, in the longer one. Different
outlets reporting one event share names, numbers and quotes, but few sentences.

So the rule is sentence alignment on shingle hashes: a sentence of the shorter text is
*found* when at least ``NEAR_SENTENCE`` of its 3-word shingles occur within one stretch of
the other text about as long as the sentence (shingles scattered over the whole text, as
names are, do not count). Each found sentence weighs its shingles by the share found, so
a sentence kept whole counts fully and one half rewritten counts half; the two bodies are
copies when that weighed share of the shorter text's shingles reaches ``MIN_ALIGNED``.
Containment is taken from the shorter side, so a trimmed copy, or a long article quoting a
short wire brief whole, is found however different the two lengths are.

Everything here is pure: text in, fingerprints and decisions out. ``DuplicateIndex``
(``dedupe_index.py``) is the in-memory index the pipeline fills with recent fingerprints.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from dataclasses import dataclass

import numpy

from tidings.stories.normalize import normalise_body
from tidings.stories.shingles import HASH_MASK, pack, sentences, shingle_sequence, unpack

# The decision rule, fitted on ECB+'s real wire copies (labelled by
# tests/eval/copy_labels.py) and cross-validated on its topics in two halves, which
# tests/eval/test_dedupe_quality.py prints with repeated random halvings besides. Counting
# a found sentence whole (scheme 2 as first shipped) let an agency's brief and its later
# rewrite pass as copies on one held-out half; weighing it by its found share did not.
# The fits also see made pairs of short texts in one shared footer, which set the floor.
MIN_TOKENS = 30  # a shorter text is never a near-duplicate: too little to tell copy from chance
NEAR_SENTENCE = 0.5  # share of a sentence's shingles within one stretch of the other text
MIN_ALIGNED = 0.47  # weighed share of the shorter text's shingles in sentences found
# A sentence's stretch of the other text: its own length plus half again (at least 3),
# room for a few inserted words.
_STRETCH_SLACK = 0.5

# Stored fingerprints are only comparable when made the same way; bump on any change to
# normalisation, tokens, sentences, shingle size or hashing. Scheme 1 was a MinHash.
SCHEME = 2
_HEADER = struct.Struct("<BII")  # scheme, token count, sentence count
_SHINGLE = numpy.dtype("<u2")  # as `pack` writes them


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A body's shingle hashes (16-bit, little-endian), sentence lengths and token count.

    ``sentences`` holds one byte per sentence, its token count; the shingles that start in
    a sentence belong to it. About two bytes a word in all.
    """

    shingles: bytes
    sentences: bytes
    length: int

    def to_bytes(self) -> bytes:
        """The form the database keeps: a small header, sentence lengths, shingles."""
        header = _HEADER.pack(SCHEME, self.length, len(self.sentences))
        return header + self.sentences + self.shingles

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Read ``to_bytes`` output; ValueError when it was made by another scheme."""
        if not data or data[0] != SCHEME:
            found = data[0] if data else "none"
            raise ValueError(f"fingerprint scheme {found}, expected {SCHEME}")
        if len(data) < _HEADER.size:
            raise ValueError("fingerprint bytes too short")
        _, length, count = _HEADER.unpack_from(data)
        end = _HEADER.size + count
        lengths = data[_HEADER.size : end]
        if len(data) != end + 2 * _shingle_count(length) or sum(lengths) != length:
            raise ValueError("fingerprint bytes have the wrong length")
        return cls(data[end:], lengths, length)


def _shingle_count(length: int) -> int:
    return 0 if not length else max(length - 2, 1)


def content_hash(text: str) -> str:
    """The exact-duplicate key: sha256 of the normalised body, 32 hex characters."""
    return _hash_normalised(normalise_body(text))


def fingerprint(text: str) -> Fingerprint:
    """The near-duplicate fingerprint of an article body (headline not included)."""
    return _fingerprint_normalised(normalise_body(text))


def text_keys(text: str) -> tuple[str, Fingerprint]:
    """``content_hash`` and ``fingerprint`` of a body, normalising it once for both."""
    normalised = normalise_body(text)
    return _hash_normalised(normalised), _fingerprint_normalised(normalised)


def _hash_normalised(normalised: str) -> str:
    return hashlib.sha256(normalised.encode()).hexdigest()[:32]


def _fingerprint_normalised(normalised: str) -> Fingerprint:
    parts = sentences(normalised)
    words = [word for part in parts for word in part]
    lengths = bytes(len(part) for part in parts)
    return Fingerprint(pack(shingle_sequence(words)), lengths, len(words))


def sentence_spans(fp: Fingerprint, count: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence's own shingles; a sentence without one is left out."""
    spans = []
    start = 0
    for size in fp.sentences:
        end = min(start + size, count)
        if end > start:
            spans.append((start, end))
        start += size
    return spans


def sentence_matches(a: Fingerprint, b: Fingerprint) -> list[tuple[int, float]]:
    """For each sentence of the shorter body: its shingle count and the largest share of
    its shingles found within one stretch of the other body."""
    short, long = (a, b) if a.length <= b.length else (b, a)
    mine = unpack(short.shingles)
    where: dict[int, list[int]] | None = None
    matches = []
    for start, end in sentence_spans(short, len(mine)):
        if _contains(long.shingles, short.shingles[2 * start : 2 * end]):
            matches.append((end - start, 1.0))  # kept word for word: the common case
            continue
        if where is None:
            where = _positions(unpack(long.shingles), set(mine))
        matches.append((end - start, _best_stretch(mine[start:end], where)))
    return matches


def _contains(data: bytes, piece: bytes) -> bool:
    """Whether ``piece`` occurs in ``data`` at a whole shingle (an even offset)."""
    at = data.find(piece)
    while at >= 0 and at % 2:
        at = data.find(piece, at + 1)
    return at >= 0


def _positions(hashes: array[int], wanted: set[int]) -> dict[int, list[int]]:
    where: dict[int, list[int]] = {}
    for position, value in enumerate(hashes):
        if value in wanted:
            where.setdefault(value, []).append(position)
    return where


def _best_stretch(own: array[int], where: dict[int, list[int]]) -> float:
    """The largest share of ``own`` found within one window of the other body."""
    hits = sorted((p, i) for i, value in enumerate(own) for p in where.get(value, ()))
    if not hits:
        return 0.0
    width = len(own) + max(3, int(_STRETCH_SLACK * len(own)))
    inside: dict[int, int] = {}  # shingle of ``own`` -> its hits inside the window
    best = low = 0
    for position, index in hits:
        inside[index] = inside.get(index, 0) + 1
        while hits[low][0] < position - width:
            gone = hits[low][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            low += 1
        best = max(best, len(inside))
    return best / len(own)


def aligned_share(matches: list[tuple[int, float]], near: float = NEAR_SENTENCE) -> float:
    """Share of the shingles in sentences whose best stretch reaches ``near``, each
    sentence weighed by that share."""
    total = sum(size for size, _ in matches)
    found = sum(size * share for size, share in matches if share >= near)
    return found / total if total else 0.0


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the shorter body found, sentence by sentence, in the other (0 to 1)."""
    if not a.length or not b.length:
        return 0.0
    return aligned_share(sentence_matches(a, b))


def could_be_copies(a: Fingerprint, b: Fingerprint) -> bool:
    """A cheap necessary condition for ``is_near_duplicate``: lengths, and enough of the
    shorter body's shingles found anywhere in the other (a found sentence's weighed
    shingles are all found somewhere, so ``MIN_ALIGNED`` of them must be)."""
    if min(a.length, b.length) < MIN_TOKENS:
        return False
    short, long = (a, b) if a.length <= b.length else (b, a)
    # A table of the 65,536 hash values the longer body holds, read at each of the
    # shorter body's shingles: the count a set lookup per shingle gave, at a sixth of the
    # cost (the index runs this on every candidate of every new article).
    mine = numpy.frombuffer(short.shingles, dtype=_SHINGLE)
    theirs = numpy.zeros(HASH_MASK + 1, dtype=bool)
    theirs[numpy.frombuffer(long.shingles, dtype=_SHINGLE)] = True
    found = int(numpy.count_nonzero(theirs[mine]))
    return found >= MIN_ALIGNED * len(mine)


def is_near_duplicate(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether one body is a copy of the other (trimmed, edited, extended or re-led)."""
    return could_be_copies(a, b) and similarity(a, b) >= MIN_ALIGNED
