"""The ask scorer's weights, and ranking candidate sentences with them.

Two configurations, words alone and words with sentence embeddings, each with two
logistic models over ``tidings.ai.ask_features``:

- the **sentence** model scores every candidate sentence; the best is the answer, and its
  probability is the support shown on each citation. With embeddings, the words model
  first picks its ``candidates`` best sentences, and only those are embedded and scored
  again (one short batch, so an answer stays fast on two cores);
- the **answer** model reads the question as a whole (the best sentence's score, its lead
  over the runner-up, the share of the question the text never mentions, whether the best
  sentence carries the asked-for type) and says whether the text answers at all; below
  ``threshold`` the reply is "the text does not say".

The weights live in ``ask_weights.json`` beside this file, fitted by
``tidings.ai.ask_fit`` on our question set (tests/eval/data/questions.jsonl) and written by
``scripts/fit_ask.py``; nothing is fitted at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from tidings.ai.ask_features import (
    ANSWER_FEATURES,
    SENTENCE_FEATURES,
    Candidates,
    Matrix,
    answer_features,
    with_cosine,
)
from tidings.errors import TidingsError

__all__ = [
    "EMBEDDED",
    "LEXICAL",
    "WEIGHTS_FILE",
    "AskModel",
    "AskModelError",
    "AskWeights",
    "Cosine",
    "Ranking",
    "load_weights",
    "rank",
    "weights_from_json",
]

WEIGHTS_FILE = Path(__file__).with_name("ask_weights.json")
LEXICAL = "words"
EMBEDDED = "embeddings"

# The cosines of the question with the candidate sentences at the given rows.
Cosine = Callable[[Sequence[int]], Sequence[float]]


class AskModelError(TidingsError):
    """The ask weights file is missing or does not fit the features."""


@dataclass(frozen=True, slots=True)
class AskModel:
    """One configuration's weights: sentence model, answer model, and the threshold."""

    sentence: tuple[float, ...]  # one weight per SENTENCE_FEATURES, then the intercept
    answer: tuple[float, ...]  # one weight per ANSWER_FEATURES, then the intercept
    threshold: float  # answer probability below which the text "does not say"

    def sentence_logits(self, features: Matrix) -> Matrix:
        """The sentence model's logit for each row of ``features``."""
        logits: Matrix = features @ np.asarray(self.sentence[:-1]) + self.sentence[-1]
        return logits

    def answer_probability(self, features: Matrix) -> float:
        """The answer model's probability that the text answers the question."""
        logit = float(features @ np.asarray(self.answer[:-1]) + self.answer[-1])
        return _sigmoid(logit)


@dataclass(frozen=True, slots=True)
class AskWeights:
    """The words-only and the embedding configurations, and where they came from."""

    words: AskModel
    embeddings: AskModel
    candidates: int  # sentences the words model hands to the embedding model
    source: str  # what they were fitted on, for the record

    def to_json(self) -> dict[str, Any]:
        """The weights as ``ask_weights.json`` holds them."""

        def model(m: AskModel) -> dict[str, Any]:
            return {
                "sentence": dict(
                    zip((*SENTENCE_FEATURES, "intercept"), _rounded(m.sentence), strict=True)
                ),
                "answer": dict(
                    zip((*ANSWER_FEATURES, "intercept"), _rounded(m.answer), strict=True)
                ),
                "threshold": round(m.threshold, 6),
            }

        return {
            "source": self.source,
            "candidates": self.candidates,
            LEXICAL: model(self.words),
            EMBEDDED: model(self.embeddings),
        }


@dataclass(frozen=True, slots=True)
class Ranking:
    """The scored candidates of one question: which rows, their logits, and the verdict."""

    rows: tuple[int, ...]  # candidate rows scored, in the order of ``logits``
    logits: Matrix
    features: Matrix  # the answer model's features
    answers: bool  # whether the answer model says the text answers

    def best_first(self) -> list[tuple[int, float]]:
        """``(row, support)`` of every scored candidate, best first; support 0..1."""
        order = np.argsort(-self.logits, kind="stable")
        return [(self.rows[i], _sigmoid(float(self.logits[i]))) for i in order]


def rank(candidates: Candidates, weights: AskWeights, cosine: Cosine | None = None) -> Ranking:
    """Score the candidates: by words alone, or, given ``cosine``, the words model's best
    ``weights.candidates`` again with their embedding cosines."""
    words = weights.words.sentence_logits(candidates.sentences)
    if cosine is None:
        model, rows, view, logits = weights.words, list(range(len(words))), candidates, words
    else:
        model = weights.embeddings
        rows = [int(i) for i in np.argsort(-words, kind="stable")[: weights.candidates]]
        view = with_cosine(candidates.with_rows(rows), cosine(rows))
        logits = model.sentence_logits(view.sentences)
    features = answer_features(view, logits)
    says = model.answer_probability(features) >= model.threshold
    return Ranking(tuple(rows), logits, features, says)


def _model_from(raw: Mapping[str, Any]) -> AskModel:
    sentence, answer = raw["sentence"], raw["answer"]
    return AskModel(
        sentence=tuple(float(sentence[n]) for n in (*SENTENCE_FEATURES, "intercept")),
        answer=tuple(float(answer[n]) for n in (*ANSWER_FEATURES, "intercept")),
        threshold=float(raw["threshold"]),
    )


def weights_from_json(raw: Mapping[str, Any]) -> AskWeights:
    """Weights from their JSON form; ``AskModelError`` when a field is missing."""
    try:
        return AskWeights(
            words=_model_from(raw[LEXICAL]),
            embeddings=_model_from(raw[EMBEDDED]),
            candidates=int(raw["candidates"]),
            source=str(raw.get("source", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AskModelError(f"the ask weights do not fit the features: {exc}") from exc


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> AskWeights:
    """The weights in ``path``, the shipped ones by default (each file read once)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AskModelError(f"cannot read the ask weights {path}: {exc}") from exc
    return weights_from_json(raw)


def _sigmoid(logit: float) -> float:
    if logit < -500:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))


def _rounded(values: Sequence[float]) -> list[float]:
    return [round(v, 6) for v in values]
