"""keypoints-dev (../shared/data/keypoints-dev): the articles, two seeded halves, metrics.

The metrics are those NOTES.md there suggests, so figures compare with its baselines:

- sentence F1: a chosen sentence is correct when at least half of its characters lie in
  the summary; a summary sentence is recovered when at least half of its characters lie in
  chosen sentences; precision, recall and F1 per article, averaged over articles;
- ROUGE-2 F1: clipped counts of lower-cased word bigrams (``[a-z0-9]+``, no stemming) of
  the chosen sentences against the summary's sentences, per article, averaged.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tidings.ai.keypoint_model import KeyPointModel
from tidings.ai.keypoints import key_points
from tidings.ai.keypoints_fit import (
    LabelledArticle,
    covered,
    read_labelled,
    sentence_offsets,
)
from tidings.ai.sentences import split_sentences

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "keypoints-dev"
FILE = DATA / "bbc-summary.jsonl"
SEED = 16  # issue #16
Span = tuple[int, int]
Picker = Callable[[LabelledArticle, int], list[Span]]
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Scores:
    """Mean sentence F1 and ROUGE-2 F1 over a set of articles."""

    sentence_f1: float
    rouge2_f1: float


def available() -> bool:
    return FILE.is_file()


def articles() -> list[LabelledArticle]:
    return read_labelled(FILE)


def halves(items: Sequence[LabelledArticle]) -> tuple[list[LabelledArticle], ...]:
    """Two halves by a seeded shuffle of ids within each category (A gets the odd one)."""
    by_category: dict[str, list[LabelledArticle]] = {}
    for article in items:
        by_category.setdefault(article.category, []).append(article)
    shuffle = random.Random(SEED)
    first: list[LabelledArticle] = []
    second: list[LabelledArticle] = []
    for category in sorted(by_category):
        group = sorted(by_category[category], key=lambda a: a.id)
        shuffle.shuffle(group)
        middle = (len(group) + 1) // 2
        first += group[:middle]
        second += group[middle:]
    return first, second


def sentence_f1(chosen: Sequence[Span], summary: Sequence[Span]) -> float:
    """Sentence-level F1 of chosen spans against summary spans (half-character rule)."""
    if not chosen or not summary:
        return 0.0
    correct = sum(2 * covered(span, summary) >= span[1] - span[0] for span in chosen)
    recovered = sum(2 * covered(span, chosen) >= span[1] - span[0] for span in summary)
    precision, recall = correct / len(chosen), recovered / len(summary)
    return 2 * precision * recall / (precision + recall) if correct and recovered else 0.0


def rouge2_f1(candidate: str, reference: str) -> float:
    """ROUGE-2 F1: clipped word-bigram overlap of two texts."""
    ours, theirs = _bigrams(candidate), _bigrams(reference)
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(ours.values())
    recall = overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def _bigrams(text: str) -> Counter[tuple[str, str]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(itertools.pairwise(tokens))


def score(items: Sequence[LabelledArticle], pick: Picker, count: int) -> Scores:
    """Mean sentence F1 and ROUGE-2 F1 of ``pick``'s ``count`` sentences per article."""
    f1, rouge = [], []
    for article in items:
        chosen = pick(article, count)
        f1.append(sentence_f1(chosen, article.summary))
        ours = " ".join(article.text[a:b] for a, b in sorted(chosen))
        reference = " ".join(article.text[a:b] for a, b in article.summary)
        rouge.append(rouge2_f1(ours, reference))
    return Scores(float(np.mean(f1)), float(np.mean(rouge)))


def lead(article: LabelledArticle, count: int) -> list[Span]:
    """The first ``count`` sentences (headings count, as they are text)."""
    return sentence_offsets(article.text, split_sentences(article.text)[:count])


def keypoints_picker(model: KeyPointModel | None = None) -> Picker:
    """Our key points as spans of the text, with the shipped weights or ``model``."""

    def pick(article: LabelledArticle, count: int) -> list[Span]:
        points = key_points(
            article.text, title=article.title, language="en", count=count, model=model
        )
        return sentence_offsets(article.text, [p.sentence for p in points])

    return pick
