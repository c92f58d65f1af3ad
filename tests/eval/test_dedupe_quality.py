"""Near-duplicate quality gate: syndicated copies found, same-event articles kept apart.

Pairs come from ../shared/data (see dedupe_pairs.py; skipped without it); floors are
pinned in dedupe_baseline.json. Speed is printed, never asserted.
"""

from __future__ import annotations

import json
import random
import struct
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.eval.dedupe_pairs import Pair, build_pairs, wire_bodies
from tidings.stories.dedupe import (
    MIN_TOKENS,
    DuplicateIndex,
    Fingerprint,
    fingerprint,
    is_near_duplicate,
)
from tidings.stories.shingles import SIGNATURE_SIZE

pytestmark = pytest.mark.eval
FLOORS = json.loads((Path(__file__).parent / "dedupe_baseline.json").read_text("utf-8"))["dedupe"]


@pytest.fixture(scope="module")
def pairs() -> list[Pair]:
    built = build_pairs()
    if built is None:
        pytest.skip("../shared/data (extraction and clustering sets) is not here")
    return built


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def test_dedupe_precision_recall(pairs: list[Pair]) -> None:
    prints: dict[str, Fingerprint] = {}
    for pair in pairs:
        for key, text in ((pair.left_id, pair.left), (pair.right_id, pair.right)):
            prints.setdefault(key, fingerprint(text))
    # The online path: every left side is indexed, each right side asks "copy of what?".
    index = DuplicateIndex.from_pairs((pair.left_id, prints[pair.left_id]) for pair in pairs)
    total: Counter[str] = Counter()
    called: Counter[str] = Counter()
    found: Counter[str] = Counter()
    short = 0
    for pair in pairs:
        left, right = prints[pair.left_id], prints[pair.right_id]
        total[pair.kind] += 1
        called[pair.kind] += is_near_duplicate(left, right)
        found[pair.kind] += any(key == pair.left_id for key, _ in index.find(right))
        short += pair.duplicate and pair.counted and min(left.length, right.length) < MIN_TOKENS
    counted = {p.kind: (p.duplicate, p.counted) for p in pairs}

    def tally(hits: Counter[str]) -> tuple[float, float]:
        tp = sum(hits[k] for k, (dup, use) in counted.items() if dup and use)
        fp = sum(hits[k] for k, (dup, use) in counted.items() if not dup and use)
        positives = sum(total[k] for k, (dup, use) in counted.items() if dup and use)
        return _ratio(tp, tp + fp), _ratio(tp, positives)

    precision, recall = tally(called)
    index_precision, index_recall = tally(found)
    print(f"\nnear-duplicate pairs ({len(pairs)}): called duplicate by the rule / by the index")
    for kind in total:
        dup, use = counted[kind]
        label = "copy" if dup else "different"
        label += "" if use else ", not scored"
        print(
            f"  {kind:<28} {label:<22} {total[kind]:>5}  "
            f"{called[kind]:>5} ({_ratio(called[kind], total[kind]):.3f})  {found[kind]:>5}"
        )
    print(f"  duplicate pairs with a side under {MIN_TOKENS} tokens (never called): {short}")
    print(f"  rule:  precision {precision:.4f}  recall {recall:.4f}")
    print(f"  index: precision {index_precision:.4f}  recall {index_recall:.4f}")
    assert precision >= FLOORS["precision"], f"precision {precision:.4f} below the pinned floor"
    assert recall >= FLOORS["recall"], f"recall {recall:.4f} below the pinned floor"
    assert index_precision >= FLOORS["precision"]
    assert index_recall >= FLOORS["index_recall"], f"index recall {index_recall:.4f} too low"


def test_dedupe_speed() -> None:
    """Fingerprints per second on real bodies; index build and lookup at 100k signatures."""
    bodies = wire_bodies()
    if bodies is None:
        pytest.skip("../shared/data extraction sets are not here")
    texts = list(bodies.values())
    start = time.perf_counter()
    prints = [fingerprint(text) for text in texts]
    elapsed = time.perf_counter() - start
    tokens = sum(fp.length for fp in prints) / len(prints)
    print(f"\nfingerprint: {len(texts) / elapsed:.0f} docs/s (mean {tokens:.0f} tokens)")

    # Random signatures stand in for 100k stored articles: real lookups then pay for the
    # bucket probes and for any colliding candidates, as they would in production.
    rng = random.Random(7)
    size = 100_000
    raw = rng.randbytes(4 * SIGNATURE_SIZE * size)
    layout = struct.Struct(f"<{SIGNATURE_SIZE}I")
    start = time.perf_counter()
    index = DuplicateIndex.from_pairs(
        (f"synthetic-{i}", Fingerprint(layout.unpack_from(raw, 4 * SIGNATURE_SIZE * i), 500))
        for i in range(size)
    )
    built = time.perf_counter() - start
    for key, fp in zip(bodies, prints, strict=True):
        index.add(key, fp)
    start = time.perf_counter()
    for fp in prints:
        assert index.find(fp)[0][1] == 1.0 or fp.length < MIN_TOKENS
    lookup = (time.perf_counter() - start) / len(prints)
    print(f"index: {len(index)} signatures added in {built:.1f} s, find {lookup * 1e6:.0f} µs")
