"""Exact and near-duplicate article bodies: syndicated copies of one wire text.

A copy of a wire story keeps the text but may lose its last paragraphs, gain a line of
boilerplate, change a few words or get a new dateline; the headline is not compared.
Jaccard similarity alone misses trimmed copies (a copy keeping 60% of the text has
Jaccard 0.6 with the original), so the decision uses containment, the share of the shorter
text's shingles found in the longer, estimated from the Jaccard estimate and both sizes.
Different outlets reporting one event share names and quotes but few 3-word runs, so
their containment stays low; a floor on the shorter length keeps two short texts that share
a line of boilerplate from being called copies.

Everything here is pure: text in, fingerprints and decisions out. ``DuplicateIndex`` is
an in-memory LSH index the pipeline fills with recent fingerprints.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from tidings.stories.normalize import normalise_body
from tidings.stories.shingles import (
    SHINGLE_SIZE,
    SIGNATURE_SIZE,
    minhash,
    shingle_hashes,
    tokens,
)

# The decision rule, chosen on tests/eval/dedupe_pairs.py (see test_dedupe_quality.py):
# with 3-word shingles, containment 0.65 let two ECB+ rewrites that share half their
# sentences through, 0.75 lost nine more trimmed-and-edited copies; digits kept (masking
# them added false matches and no recall).
MIN_TOKENS = 30  # a shorter text is never a near-duplicate: too little to tell copy from chance
MIN_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the longer one
MIN_JACCARD = 0.2  # also bounds the length ratio, and is where the LSH index still finds pairs

# Stored signatures are only comparable when made the same way; bump on any change to
# normalisation, tokens, shingle size, hashing or signature size.
SCHEME = 1
_HEADER = struct.Struct("<BHI")  # scheme, signature size, length


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A body's MinHash signature (``SIGNATURE_SIZE`` ints below 2**32) and token count."""

    signature: tuple[int, ...]
    length: int

    def to_bytes(self) -> bytes:
        """A compact form for the database: a small header, then little-endian uint32s."""
        return _HEADER.pack(SCHEME, len(self.signature), self.length) + struct.pack(
            f"<{len(self.signature)}I", *self.signature
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Read ``to_bytes`` output; ValueError when it was made by another scheme."""
        if len(data) < _HEADER.size:
            raise ValueError("fingerprint bytes too short")
        scheme, size, length = _HEADER.unpack_from(data)
        if scheme != SCHEME or size != SIGNATURE_SIZE:
            raise ValueError(f"fingerprint scheme {scheme}/{size}, expected {SCHEME}")
        if len(data) != _HEADER.size + 4 * size:
            raise ValueError("fingerprint bytes have the wrong length")
        return cls(struct.unpack_from(f"<{size}I", data, _HEADER.size), length)


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
    words = tokens(normalised)
    return Fingerprint(minhash(shingle_hashes(words)), len(words))


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets; 0.0 when either text is empty."""
    if not a.length or not b.length or len(a.signature) != len(b.signature):
        return 0.0
    same = sum(x == y for x, y in zip(a.signature, b.signature, strict=True))
    return same / len(a.signature)


def _shingle_count(length: int) -> int:
    # Token count stands in for the distinct shingle count; repeats of a 4-word run are
    # rare in news prose, and the estimate only needs the two sizes' ratio.
    return max(length - SHINGLE_SIZE + 1, 1)


def _containment(j: float, length_a: int, length_b: int) -> float:
    # |A∩B| = J (|A| + |B|) / (1 + J); capped at 1 because J is an estimate.
    size_a, size_b = _shingle_count(length_a), _shingle_count(length_b)
    shared = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, shared / min(size_a, size_b))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated containment of the shorter text's shingles in the longer one's (0 to 1)."""
    return _containment(jaccard(a, b), a.length, b.length)


def is_near_duplicate(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether one body is a copy of the other (trimmed, edited or wrapped in boilerplate)."""
    if min(a.length, b.length) < MIN_TOKENS:
        return False
    j = jaccard(a, b)
    return j >= MIN_JACCARD and _containment(j, a.length, b.length) >= MIN_CONTAINMENT


# LSH banding: a pair becomes a candidate when both values of any one band agree, with
# probability 1 - (1 - J**2)**32: 0.73 at J = 0.2 (MIN_JACCARD), 0.95 at 0.3, 0.996 at 0.4.
# Copies made by trimming and editing sit at J >= 0.4; 48 or 64 bands found no more of the
# evaluation pairs and cost proportionally more memory (about 3.8 KB an article at 32 bands).
LSH_BANDS = 32
LSH_ROWS = 2


def _pack(signature: tuple[int, ...]) -> bytes:
    return struct.pack(f"<{len(signature)}I", *signature)


def _check_size(fp: Fingerprint) -> None:
    if len(fp.signature) != SIGNATURE_SIZE:
        raise ValueError(f"signature of {len(fp.signature)} values, expected {SIGNATURE_SIZE}")


def _agreement(a: bytes, b: bytes) -> int:
    """Positions where two packed signatures agree, counted in C: XOR, then zero words."""
    diff = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
    return array("I", diff.to_bytes(len(a), "little")).count(0)


class DuplicateIndex:
    """In-memory LSH index of fingerprints: is a new body a copy of one already seen?

    Signatures are kept packed (4 bytes a value) so that a hundred thousand articles fit
    in memory; ``find`` checks every LSH candidate with ``is_near_duplicate``'s rule.
    """

    def __init__(self, bands: int = LSH_BANDS, rows: int = LSH_ROWS) -> None:
        if bands * rows > SIGNATURE_SIZE:
            raise ValueError(f"{bands} bands of {rows} need more than {SIGNATURE_SIZE} values")
        self._bands = bands
        self._width = 4 * rows  # bytes of packed signature per band
        self._entries: dict[str, tuple[bytes, int]] = {}
        # One bucket table for all bands; the band number is the key's low byte. A bucket
        # holds one key as a plain str (the common case), several as a list.
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

    def _bucket_keys(self, packed: bytes) -> list[int]:
        width = self._width
        return [
            int.from_bytes(packed[band * width : (band + 1) * width], "little") << 8 | band
            for band in range(self._bands)
        ]

    def add(self, key: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``key``, replacing what the key held before."""
        _check_size(fp)
        if key in self._entries:
            self.remove(key)
        packed = _pack(fp.signature)
        self._entries[key] = (packed, fp.length)
        if not fp.length:
            return  # an empty body is nobody's copy; keep it out of the buckets
        for bucket in self._bucket_keys(packed):
            held = self._buckets.get(bucket)
            if held is None:
                self._buckets[bucket] = key
            elif isinstance(held, str):
                self._buckets[bucket] = [held, key]
            else:
                held.append(key)

    def remove(self, key: str) -> None:
        """Forget ``key``; nothing happens when it is not indexed."""
        entry = self._entries.pop(key, None)
        if entry is None or not entry[1]:
            return
        for bucket in self._bucket_keys(entry[0]):
            held = self._buckets.get(bucket)
            if held == key:
                del self._buckets[bucket]
            elif isinstance(held, list):
                held.remove(key)
                if len(held) == 1:
                    self._buckets[bucket] = held[0]

    def find(self, fp: Fingerprint) -> list[tuple[str, float]]:
        """Keys of indexed near-duplicates of ``fp`` with their ``similarity``, best first.

        The same rule as ``is_near_duplicate``; a key indexed for ``fp`` itself is returned
        too, so a caller re-checking a stored article skips its own key.
        """
        _check_size(fp)
        if fp.length < MIN_TOKENS:
            return []
        packed = _pack(fp.signature)
        candidates: set[str] = set()
        for bucket in self._bucket_keys(packed):
            held = self._buckets.get(bucket)
            if isinstance(held, str):
                candidates.add(held)
            elif held is not None:
                candidates.update(held)
        found: list[tuple[str, float, float]] = []
        for key in candidates:
            other, length = self._entries[key]
            if length < MIN_TOKENS:
                continue
            j = _agreement(packed, other) / len(fp.signature)
            if j < MIN_JACCARD:
                continue
            contained = _containment(j, fp.length, length)
            if contained >= MIN_CONTAINMENT:
                found.append((key, contained, j))
        found.sort(key=lambda hit: (-hit[1], -hit[2], hit[0]))
        return [(key, contained) for key, contained, _ in found]
