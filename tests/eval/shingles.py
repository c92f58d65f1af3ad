"""The scrapinghub article-extraction-benchmark metric, written from its description.

Texts become \\w+ tokens, then word 4-gram shingles (a text shorter than four tokens is
one shorter shingle). Per page TP/FP/FN come from shingle counts; precision and recall
are averaged over pages (pages with nothing predicted leave the precision mean, pages
with an empty gold leave the recall mean); F1 is the harmonic mean of the two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    pages: int


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(predicted: str, gold: str) -> tuple[int, int, int]:
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    return tp, sum(pred.values()) - tp, sum(true.values()) - tp


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    precisions: list[float] = []
    recalls: list[float] = []
    for key, gold_text in gold.items():
        tp, fp, fn = page_counts(predicted.get(key, ""), gold_text)
        if tp + fp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1, precision, recall, len(gold))
