"""Clustering scores against a gold partition: pairwise and B-cubed P/R/F1, and ARI.

Both partitions map item id -> cluster label and must cover the same items. Pairwise
scores count item pairs placed together (from co-membership counts, never by listing
pairs); B-cubed scores each item by the overlap of its predicted and gold clusters and
averages over items (Bagga & Baldwin 1998).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sklearn.metrics import adjusted_rand_score


@dataclass(frozen=True)
class Scores:
    items: int
    clusters: int  # predicted
    gold_clusters: int
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    ari: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Scores of ``predicted`` against ``gold`` (both item -> label, same items)."""
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold partitions cover different items")
    items = sorted(gold)
    joint = Counter((predicted[i], gold[i]) for i in items)
    pred_sizes = Counter(predicted[i] for i in items)
    gold_sizes = Counter(gold[i] for i in items)

    together = sum(_pairs(n) for n in joint.values())
    pred_pairs = sum(_pairs(n) for n in pred_sizes.values())
    gold_pairs = sum(_pairs(n) for n in gold_sizes.values())
    # No predicted pairs means no wrong ones: precision 1 (all-singletons), recall 0.
    pp = together / pred_pairs if pred_pairs else 1.0
    pr = together / gold_pairs if gold_pairs else 1.0

    # B-cubed: item i's precision is |pred(i) ∩ gold(i)| / |pred(i)|; items sharing both
    # labels share the value, so sum per (pred, gold) cell: n * n / size.
    bp = sum(n * n / pred_sizes[p] for (p, _), n in joint.items()) / len(items)
    br = sum(n * n / gold_sizes[g] for (_, g), n in joint.items()) / len(items)

    ari = float(adjusted_rand_score([gold[i] for i in items], [predicted[i] for i in items]))
    return Scores(
        items=len(items),
        clusters=len(pred_sizes),
        gold_clusters=len(gold_sizes),
        pairwise_p=pp,
        pairwise_r=pr,
        pairwise_f1=_f1(pp, pr),
        bcubed_p=bp,
        bcubed_r=br,
        bcubed_f1=_f1(bp, br),
        ari=ari,
    )


def pooled(parts: list[tuple[Mapping[str, str], Mapping[str, str]]]) -> Scores:
    """Scores over several independent groups (e.g. queries) scored as one partition."""
    predicted: dict[str, str] = {}
    gold: dict[str, str] = {}
    for number, (pred, truth) in enumerate(parts):
        predicted.update({f"{number}/{k}": f"{number}/{v}" for k, v in pred.items()})
        gold.update({f"{number}/{k}": f"{number}/{v}" for k, v in truth.items()})
    return score(predicted, gold)
