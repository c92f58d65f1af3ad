"""Fitting the category classifier, and cross-validating the fit: the code behind
``scripts/fit_categories.py`` and tests/eval/test_categories.py.

One procedure fits every model, the shipped one and each cross-validation half's:

1. features of every training article (``categories_model.article_features``);
2. sample weights: every article weighs 1, except that a category with fewer articles than
   half the mean category is weighed up to that half. Our own Science, Health, Lifestyle
   and Opinion articles number about 60 against hundreds per category in categories-dev;
   unweighted, the model hardly ever says them, while weighing every category equally
   (sklearn's "balanced") also flattens the real imbalance between the others, which cost
   about a point of accuracy on categories-dev. Half the mean is a middle we did not tune;
3. the regularisation strength C from ``C_GRID``, chosen by a grouped, stratified 3-fold
   cross-validation inside the training articles only (accuracy on the inner held-out
   folds; a tie goes to the smaller C);
4. multinomial logistic regression with that C on all training articles.

Cross-validation (``cross_validate``) splits the scored articles into two halves,
stratified by category and seeded, with near-duplicates (the same folded title or the same
start of body) kept on one side; each half is scored by a model fitted, as above, on the
other half plus the articles always trained on (our own). Nothing is chosen on a scored half.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tidings.enrich.categories import CATEGORY_SLUGS, Vectors
from tidings.enrich.categories_model import (
    CategoryModel,
    FeatureSpec,
    TextEmbedder,
    article_features,
)
from tidings.enrich.category_seeds import LabelledArticle

__all__ = [
    "C_GRID",
    "SEED",
    "SMALL_CLASS_SHARE",
    "Half",
    "choose_c",
    "cross_validate",
    "describe_files",
    "embed_articles",
    "fit_model",
    "fit_with_chosen_c",
    "near_duplicate_groups",
    "sample_weights",
]

C_GRID = (0.5, 1.0, 2.0, 4.0)
INNER_FOLDS = 3
SMALL_CLASS_SHARE = 0.5
SEED = 20261206
# Two bodies that start with the same this-many folded characters are one article twice.
BODY_PREFIX = 300

Labels = npt.NDArray[np.str_]
Groups = npt.NDArray[np.int64]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", plain))


def near_duplicate_groups(articles: Sequence[LabelledArticle]) -> Groups:
    """A group number per article: articles sharing a folded title or the folded start of
    their body are one group (and so, by chaining, are their other duplicates)."""
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for index, article in enumerate(articles):
        keys = ("t:" + _fold(article.title), "b:" + _fold(article.text)[:BODY_PREFIX])
        for key in keys:
            if len(key) <= 2:  # an empty title or body joins nothing
                continue
            if key in first:
                parent[root(index)] = root(first[key])
            else:
                first[key] = index
    return np.array([root(i) for i in range(len(articles))], dtype=np.int64)


def sample_weights(labels: Sequence[str] | Labels) -> npt.NDArray[np.float64]:
    """Weight 1 per article, raised for a category smaller than ``SMALL_CLASS_SHARE`` of
    the mean category so its articles together weigh that much; mean weight 1."""
    counts = Counter(str(label) for label in labels)
    floor = SMALL_CLASS_SHARE * float(np.mean(list(counts.values())))
    weights = np.array([max(1.0, floor / counts[str(label)]) for label in labels])
    normalised: npt.NDArray[np.float64] = weights / weights.mean()
    return normalised


def fit_model(
    features: Vectors,
    labels: Labels,
    c: float,
    spec: FeatureSpec,
    about: dict[str, Any] | None = None,
) -> CategoryModel:
    """Multinomial logistic regression with strength ``c`` on weighted articles."""
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=c, max_iter=5000)
    regression.fit(features, labels, sample_weight=sample_weights(labels))
    return CategoryModel(
        classes=tuple(str(c) for c in regression.classes_),
        coef=np.asarray(regression.coef_, dtype=np.float64),
        intercept=np.asarray(regression.intercept_, dtype=np.float64),
        features=spec,
        about=about or {},
    )


def choose_c(
    features: Vectors, labels: Labels, groups: Groups, spec: FeatureSpec, seed: int = SEED
) -> tuple[float, dict[float, float]]:
    """The C of ``C_GRID`` with the best grouped inner cross-validated accuracy, and each
    C's accuracy; the articles given are the only ones looked at."""
    from sklearn.model_selection import StratifiedGroupKFold

    folds = list(
        StratifiedGroupKFold(INNER_FOLDS, shuffle=True, random_state=seed).split(
            features, labels, groups
        )
    )
    scores: dict[float, float] = {}
    for c in C_GRID:
        right = 0
        for train, test in folds:
            model = fit_model(features[train], labels[train], c, spec)
            guessed = np.array(CATEGORY_SLUGS)[model.probabilities(features[test]).argmax(axis=1)]
            right += int((guessed == labels[test]).sum())
        scores[c] = right / len(labels)
    best = max(C_GRID, key=lambda c: (scores[c], -c))
    return best, scores


def fit_with_chosen_c(
    features: Vectors,
    labels: Labels,
    groups: Groups,
    spec: FeatureSpec,
    about: dict[str, Any] | None = None,
    seed: int = SEED,
) -> CategoryModel:
    """The whole procedure: C chosen inside these articles, then the fit on all of them."""
    c, scores = choose_c(features, labels, groups, spec, seed)
    described = dict(about or {})
    described["c"] = c
    described["inner_accuracy_by_c"] = {str(k): round(v, 4) for k, v in scores.items()}
    return fit_model(features, labels, c, spec, described)


@dataclass(frozen=True)
class Half:
    """One side of the cross-validation: which scored articles it held out (``test``),
    the model fitted without them, and its probabilities for them."""

    train: npt.NDArray[np.intp]
    test: npt.NDArray[np.intp]
    model: CategoryModel
    probabilities: npt.NDArray[np.float64]

    @property
    def predicted(self) -> Labels:
        """The likeliest category of each held-out article."""
        guessed: Labels = np.array(CATEGORY_SLUGS)[self.probabilities.argmax(axis=1)]
        return guessed


def cross_validate(
    features: Vectors,
    labels: Labels,
    groups: Groups,
    always: tuple[Vectors, Labels, Groups],
    spec: FeatureSpec,
    seed: int = SEED,
) -> list[Half]:
    """Two halves of the scored articles, each scored by the procedure fitted on the other
    half plus the ``always`` articles (features, labels, groups: our own examples)."""
    from sklearn.model_selection import StratifiedGroupKFold

    extra_features, extra_labels, extra_groups = always
    halves: list[Half] = []
    outer = StratifiedGroupKFold(2, shuffle=True, random_state=seed)
    for train, test in outer.split(features, labels, groups):
        model = fit_with_chosen_c(
            np.vstack([features[train], extra_features]),
            np.concatenate([labels[train], extra_labels]),
            np.concatenate([groups[train], extra_groups]),
            spec,
            seed=seed,
        )
        halves.append(Half(train, test, model, model.probabilities(features[test])))
    return halves


def embed_articles(
    articles: Sequence[LabelledArticle],
    story_embedder: TextEmbedder,
    multilingual: TextEmbedder,
    spec: FeatureSpec,
) -> Vectors:
    """The classifier's features of labelled articles."""
    return article_features(
        [(a.title, a.text) for a in articles], story_embedder, multilingual, spec
    )


def describe_files(
    paths: Sequence[Path], articles: Sequence[LabelledArticle]
) -> list[dict[str, Any]]:
    """What each training file gave: name, sha256, article count per category."""
    described = []
    for path in paths:
        mine = [a for a in articles if a.dataset == path.stem]
        described.append(
            {
                "file": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "articles": len(mine),
                "categories": dict(sorted(Counter(a.category for a in mine).items())),
            }
        )
    return described
