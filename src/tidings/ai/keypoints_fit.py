"""Fitting the key-point scorer on articles with extractive summaries.

A labelled article is a title, a body and the character spans of the body that its summary
copies. A sentence of the body (``split_sentences``) counts as a summary sentence when at
least half of its characters lie inside those spans, which makes labels independent of how
the summary's maker cut sentences. Training rows are the features of the sentences that
key points may choose (``keypoints.eligible``), so the scorer learns to rank exactly those;
the model is scikit-learn's logistic regression over standardised features, which is
deterministic for the same articles.

Used by ``scripts/fit_keypoints.py`` and by the evaluation's cross-validation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from tidings.ai.keypoint_features import article_features, quote_starts
from tidings.ai.keypoint_model import KeyPointModel
from tidings.ai.keypoints import eligible
from tidings.ai.sentences import Sentence, paragraphs, split_sentences

__all__ = [
    "REGULARISATION",
    "LabelledArticle",
    "covered",
    "fit_model",
    "read_labelled",
    "sentence_offsets",
    "summary_labels",
    "training_rows",
]

# Inverse regularisation strength of the logistic regression. Cross-validated on
# keypoints-dev: 0.1, 1 and 10 score within 0.002 of each other; 1 is scikit-learn's default.
REGULARISATION = 1.0
Span = tuple[int, int]


@dataclass(frozen=True)
class LabelledArticle:
    """An article and the ``[start, end)`` spans of its body that its summary copies."""

    id: str
    category: str
    title: str
    text: str
    summary: tuple[Span, ...]


def read_labelled(path: Path) -> list[LabelledArticle]:
    """Articles of a JSON lines file with ``id``, ``title``, ``text``, ``summary_spans``
    (and optionally ``category``), as in keypoints-dev."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record: dict[str, Any] = json.loads(line)
        articles.append(
            LabelledArticle(
                id=str(record["id"]),
                category=str(record.get("category", "")),
                title=str(record["title"]),
                text=str(record["text"]),
                summary=tuple((int(a), int(b)) for a, b in record["summary_spans"]),
            )
        )
    return articles


def sentence_offsets(text: str, sentences: Iterable[Sentence]) -> list[Span]:
    """Where each sentence lies in ``text`` itself, as ``[start, end)`` offsets."""
    starts, position = [], 0
    for paragraph in paragraphs(text):
        found = text.index(paragraph, position)
        starts.append(found)
        position = found + len(paragraph)
    return [(starts[s.paragraph] + s.start, starts[s.paragraph] + s.end) for s in sentences]


def covered(span: Span, spans: Sequence[Span]) -> int:
    """How many characters of ``span`` lie inside ``spans`` (which do not overlap)."""
    start, end = span
    return sum(max(0, min(end, b) - max(start, a)) for a, b in spans)


def summary_labels(article: LabelledArticle, sentences: Sequence[Sentence]) -> list[bool]:
    """Per sentence, whether at least half of its characters are in the summary."""
    return [
        2 * covered(span, article.summary) >= span[1] - span[0]
        for span in sentence_offsets(article.text, sentences)
    ]


def training_rows(
    articles: Iterable[LabelledArticle], *, language: str = "en"
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Features and labels of every sentence that key points may choose."""
    rows, labels = [], []
    for article in articles:
        sentences = [s for s in split_sentences(article.text) if not s.heading]
        if not sentences:
            continue
        inside = quote_starts(sentences, language)
        keep = [
            eligible(s, text_language=language, starts_inside_quote=inside[i])
            for i, s in enumerate(sentences)
        ]
        features = article_features(sentences, title=article.title, language=language)
        rows.append(features.rows[keep])
        labels.append(np.array(summary_labels(article, sentences))[keep])
    return np.vstack(rows), np.concatenate(labels)


def fit_model(
    articles: Sequence[LabelledArticle], *, fitted_on: dict[str, Any] | None = None
) -> KeyPointModel:
    """Logistic regression of "in the summary" over the features of eligible sentences."""
    rows, labels = training_rows(articles)
    scaler = StandardScaler().fit(rows)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    regression = LogisticRegression(C=REGULARISATION, max_iter=5000)
    regression.fit((rows - scaler.mean_) / scale, labels)
    return KeyPointModel(
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in regression.coef_[0]),
        bias=float(regression.intercept_[0]),
        fitted_on={
            **(fitted_on or {}),
            "articles": len(articles),
            "sentences": len(labels),
            "summary_sentences": int(labels.sum()),
        },
    )
