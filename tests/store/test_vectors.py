"""The usearch index beside the database: search, persistence, rebuild when damaged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from tidings.store.vectors import VectorIndex, vector_from_bytes, vector_to_bytes

DIM = 16


def _vectors(n: int, seed: int = 3) -> list[tuple[str, bytes]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        v = rng.normal(size=DIM).astype(np.float32)
        article_id = hashlib.sha256(f"{seed}-{i}".encode()).hexdigest()[:32]
        rows.append((article_id, vector_to_bytes(v / np.linalg.norm(v))))
    return rows


def test_nearest_is_itself_and_survives_reopen(tmp_path: Path) -> None:
    stored = _vectors(200)
    path = tmp_path / "vectors.usearch"
    index = VectorIndex.open(DIM, path, stored)
    assert len(index) == 200 and path.exists()
    probe = vector_from_bytes(stored[42][1])
    (best, score), *_ = index.search(probe, 3)
    assert best == stored[42][0] and score > 0.999
    again = VectorIndex.open(DIM, path, stored)
    assert again.search(probe, 1)[0][0] == stored[42][0]


def test_damaged_or_stale_files_are_rebuilt(tmp_path: Path) -> None:
    stored = _vectors(50)
    path = tmp_path / "vectors.usearch"
    path.write_bytes(b"not an index at all")
    index = VectorIndex.open(DIM, path, stored)
    assert len(index) == 50
    grown = [*stored, ("f" * 32, stored[0][1])]
    assert len(VectorIndex.open(DIM, path, grown)) == 51  # out of step: rebuilt
    path.unlink()
    assert len(VectorIndex.open(DIM, path, stored)) == 50  # missing: rebuilt


def test_add_replace_remove(tmp_path: Path) -> None:
    index = VectorIndex.open(DIM, None, [])
    assert index.search(np.ones(DIM, dtype=np.float32), 5) == []
    a = vector_from_bytes(_vectors(1)[0][1])
    index.add("a" * 32, a)
    index.add("a" * 32, a)  # replacing keeps one entry
    assert len(index) == 1
    index.add("b" * 32, -a)
    assert [k for k, _ in index.search(a, 2)] == ["a" * 32, "b" * 32]
    index.remove("a" * 32)
    assert [k for k, _ in index.search(a, 2)] == ["b" * 32]
