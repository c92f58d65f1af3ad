"""Category quality gate: cross-validated on categories-dev, and on our own labelled set.

categories-dev (../shared/data/categories-dev: BBC News and AG News, 2,912 labelled items,
research use only, never copied here) covers World, Politics, Business, Technology, Sports
and Entertainment. The target (issue 14) is 0.92 accuracy there at full coverage: every
article answered, cross-validated. The protocol (``tidings.enrich.categories_fit``):
categories-dev is split in two halves, stratified by category and seeded, near-duplicates
(same folded title or body start) on one side; each half is scored by the model fitted on
the other half plus our own training articles (``category_seeds.jsonl``), with C chosen
by an inner cross-validation inside that training half. Both halves, their mean, BBC and
AG apart, a confusion table and the old nearest-centroid classifier are printed.

Science, Health, Lifestyle and Opinion have no data there. They are measured on our own
labelled set, tests/eval/data/categories.jsonl: 139 articles labelled by reading them
(every demo article, the article pages of tests/data, and articles we wrote in English,
German, French and Spanish; none is a training article, a test checks). It is held out
from every fit. Labels follow the content, not the publisher's section (the demo files
its storms and bridge closures under Politics; we label them World, general hard news).
Two methods run over it, with the shipped weights:

- full: the publisher's word first (OpinionNewsArticle type, section), then the classifier;
- classifier alone: the same articles with section and type hidden.

Measured 2026-12-06 (figures in docs/enrichment.md): categories-dev halves 0.931 and 0.923
(mean 0.927; BBC 0.947, AG 0.914); the old nearest centroid 0.686 there answering all.
Our set: full 0.806, classifier alone 0.791 (German 0.88, French 0.86, Spanish 7 of 7,
English 0.73); on its first 115 rows, the set before issue 14, full 0.774 and classifier
alone 0.757, where the old classifier scored 0.774 and 0.626. The demo rows carry the
sections the demo served before its desks were fixed (storms filed under Politics); with
the sections it serves now, full would be 0.856. Floors are pinned a little under the
measured scores; raise them when quality improves, never lower them to pass.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from tests.conftest import SHARED_DATA
from tests.eval.gate import need_data
from tidings.enrich.categories import CATEGORY_SLUGS, CategoryInput, categorize_many
from tidings.enrich.categories_fit import (
    cross_validate,
    fit_with_chosen_c,
    near_duplicate_groups,
)
from tidings.enrich.categories_model import (
    MODEL_FILE,
    CategoryClassifier,
    CategoryModel,
    FeatureSpec,
    article_features,
    load_model,
)
from tidings.enrich.category_seeds import (
    SEEDS_FILE,
    LabelledArticle,
    read_labelled,
    seed_examples,
)
from tidings.enrich.embeddings import Embedder, article_text_for_embedding
from tidings.enrich.multilingual import MultilingualEmbedder

pytestmark = pytest.mark.eval

DATA = Path(__file__).parent / "data" / "categories.jsonl"
DEV = SHARED_DATA / "categories-dev"
DEV_FILES = ("bbc-news.jsonl", "ag-news.jsonl")
TARGET = 0.92  # issue 14: accuracy at full coverage, cross-validated on categories-dev
# The old nearest-centroid classifier abstained below this margin of cosine similarity.
OLD_MARGIN = 0.02
FLOORS = {
    "cross-validated half": 0.915,
    "cross-validated mean": TARGET,
    "our articles only, on categories-dev": 0.50,
    "full": 0.79,
    "classifier alone": 0.77,
    "classifier alone, not English": 0.84,
    "classifier alone, Science/Health/Lifestyle/Opinion": 0.82,
}
# The labelled set's first rows, as they were before issue 14 added 24 (for comparison
# with the figures of the old classifier).
FIRST_ROWS = 115
EXTRA = ("science", "health", "lifestyle", "opinion")

Features = npt.NDArray[np.float32]


def _shared_data_or_fail() -> Path:
    need_data(all((DEV / name).is_file() for name in DEV_FILES), "categories-dev")
    return DEV


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def embedders() -> tuple[Embedder, MultilingualEmbedder]:
    """One of each for the whole module: each text is embedded once."""
    return Embedder(), MultilingualEmbedder(threads=2)


@pytest.fixture(scope="module")
def spec(embedders: tuple[Embedder, MultilingualEmbedder]) -> FeatureSpec:
    return FeatureSpec(story_model=embedders[0].name)


@pytest.fixture(scope="module")
def dev() -> list[LabelledArticle]:
    folder = _shared_data_or_fail()
    return [a for name in DEV_FILES for a in read_labelled(folder / name)]


def _features(
    articles: list[LabelledArticle],
    embedders: tuple[Embedder, MultilingualEmbedder],
    spec: FeatureSpec,
) -> Features:
    return article_features([(a.title, a.text) for a in articles], *embedders, spec)


@pytest.fixture(scope="module")
def dev_features(
    dev: list[LabelledArticle], embedders: tuple[Embedder, MultilingualEmbedder], spec: FeatureSpec
) -> Features:
    return _features(dev, embedders, spec)


@pytest.fixture(scope="module")
def seed_features(embedders: tuple[Embedder, MultilingualEmbedder], spec: FeatureSpec) -> Features:
    return _features(list(seed_examples()), embedders, spec)


def _labels(articles: list[LabelledArticle]) -> npt.NDArray[np.str_]:
    return np.array([a.category for a in articles])


def _confusion(labels: list[str], guessed: list[str | None]) -> str:
    """Rows the true category, columns the predicted one, a last column for no answer."""
    counts = Counter(zip(labels, (g or "-" for g in guessed), strict=True))
    columns = [*CATEGORY_SLUGS, "-"]
    lines = ["  true \\ predicted " + " ".join(c[:5].rjust(5) for c in columns) + "   acc"]
    for slug in CATEGORY_SLUGS:
        row = [counts[(slug, c)] for c in columns]
        if sum(row):
            lines.append(
                f"  {slug:<17} "
                + " ".join(str(n).rjust(5) for n in row)
                + f"  {counts[(slug, slug)] / sum(row):.2f}"
            )
    return "\n".join(lines)


def _accuracy(labels: Any, guessed: Any) -> float:
    return float(np.mean(np.asarray(labels) == np.asarray(guessed)))


def _nearest_centroid(
    seed_features: Features, features: Features, story_dim: int
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.bool_]]:
    """The classifier before issue 14: the nearest centroid of the prototypes' MiniLM
    vectors; its guesses and whether each cleared the abstention margin."""
    seeds = list(seed_examples())
    story = seed_features[:, :story_dim]
    centroids = []
    for slug in CATEGORY_SLUGS:
        mean = story[[s.category == slug and s.id.startswith("prototype-") for s in seeds]]
        centroids.append(mean.mean(axis=0) / np.linalg.norm(mean.mean(axis=0)))
    scores = features[:, :story_dim] @ np.stack(centroids).T
    ranked = np.sort(scores, axis=1)
    return np.array(CATEGORY_SLUGS)[scores.argmax(axis=1)], ranked[:, -1] - ranked[:, -2] >= (
        OLD_MARGIN
    )


def test_labelled_set_is_well_formed(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 130
    assert len({r["id"] for r in rows}) == len(rows)
    per_label = Counter(r["label"] for r in rows)
    assert set(per_label) == set(CATEGORY_SLUGS)
    assert min(per_label.values()) >= 7, per_label
    assert min(per_label[slug] for slug in EXTRA) >= 13, per_label
    for r in rows:
        assert r["title"] and r["text"], r["id"]
        source = r["source"]
        assert source == "written" or source.startswith(("demo:", "tests/data/")), source


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def test_training_articles_are_not_from_the_labelled_set(rows: list[dict[str, Any]]) -> None:
    """The classifier must not have seen what it is scored on: no training headline is an
    evaluated headline or appears in an evaluated text, and the other way round."""
    evaluated = [_folded(f"{r['title']}\n{r['text']}") for r in rows]
    trained = [_folded(f"{s.title}\n{s.text}") for s in seed_examples()]
    for seed in seed_examples():
        assert not any(_folded(seed.title) in text for text in evaluated), seed.id
    for r in rows:
        assert not any(_folded(r["title"]) in text for text in trained), r["id"]


def test_training_articles_are_not_from_categories_dev(dev: list[LabelledArticle]) -> None:
    """Our own file holds no categories-dev text: research-only data stays in shared/."""
    ours = _folded(SEEDS_FILE.read_text(encoding="utf-8"))
    copied = [a.id for a in dev if len(a.title) > 25 and _folded(a.title) in ours]
    assert not copied, copied


def test_cross_validated_accuracy_on_categories_dev(
    dev: list[LabelledArticle],
    dev_features: Features,
    seed_features: Features,
    spec: FeatureSpec,
) -> None:
    seeds = list(seed_examples())
    labels = _labels(dev)
    groups = near_duplicate_groups(dev + seeds)
    halves = cross_validate(
        dev_features,
        labels,
        groups[: len(dev)],
        (seed_features, _labels(seeds), groups[len(dev) :]),
        spec,
    )
    datasets = np.array([a.dataset for a in dev])
    print(f"\ncategories-dev, {len(dev)} articles, {len(set(groups[: len(dev)]))} groups")
    scores = []
    for number, half in enumerate(halves, 1):
        right = half.predicted == labels[half.test]
        parts = ", ".join(
            f"{name} {right[datasets[half.test] == name].mean():.3f}"
            for name in ("bbc-news", "ag-news")
        )
        scores.append(float(right.mean()))
        print(
            f"  half {number}: fitted on the other {len(half.train)} + {len(seeds)} of ours, "
            f"C {half.model.about['c']} (inner {half.model.about['inner_accuracy_by_c']}): "
            f"accuracy {right.mean():.3f} ({parts})"
        )
    guessed = np.empty(len(dev), dtype=object)
    confidence = np.empty(len(dev))
    for half in halves:
        guessed[half.test] = half.predicted
        confidence[half.test] = half.probabilities.max(axis=1)
    mean = float(np.mean(scores))
    per_dataset = ", ".join(
        f"{name} {_accuracy(labels[datasets == name], guessed[datasets == name]):.3f}"
        for name in ("bbc-news", "ag-news")
    )
    print(f"  mean of the halves {mean:.3f} (target {TARGET}); pooled: {per_dataset}")
    for floor in (0.5, 0.7, 0.9):
        kept = confidence >= floor
        print(
            f"  answering only at confidence >= {floor}: coverage {kept.mean():.3f}, "
            f"accuracy {_accuracy(labels[kept], guessed[kept]):.3f}"
        )
    print(_confusion(list(labels), list(guessed)))
    story_dim = dev_features.shape[1] - 512
    old, sure = _nearest_centroid(seed_features, dev_features, story_dim)
    print(
        f"  old nearest centroid (prototypes, story vectors): accuracy {_accuracy(labels, old):.3f}"
        f" answering all; with its {OLD_MARGIN} margin coverage {sure.mean():.3f}, accuracy "
        f"{_accuracy(labels[sure], old[sure]) * sure.mean():.3f} (abstentions wrong)"
    )
    for score in scores:
        assert score >= FLOORS["cross-validated half"], scores
    assert mean >= FLOORS["cross-validated mean"], scores


def test_shipped_weights_are_the_refit_of_their_training_files(
    dev: list[LabelledArticle],
    dev_features: Features,
    seed_features: Features,
    spec: FeatureSpec,
) -> None:
    """The weights file names its training files by sha256; refitting from them with the
    same procedure gives the same C and (nearly) the same answers."""
    shipped = load_model()
    named = {entry["file"]: entry["sha256"] for entry in shipped.about["training"]}
    files = [DEV / name for name in DEV_FILES] + [SEEDS_FILE]
    assert named == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}, (
        f"{MODEL_FILE.name} was fitted on other data: rerun scripts/fit_categories.py"
    )
    seeds = list(seed_examples())
    articles = dev + seeds
    features = np.vstack([dev_features, seed_features])
    refit = fit_with_chosen_c(features, _labels(articles), near_duplicate_groups(articles), spec)
    assert refit.about["c"] == shipped.about["c"]
    agree = _accuracy(
        refit.probabilities(features).argmax(axis=1), shipped.probabilities(features).argmax(axis=1)
    )
    in_sample = _accuracy(
        _labels(dev), np.array(CATEGORY_SLUGS)[shipped.probabilities(dev_features).argmax(axis=1)]
    )
    print(
        f"\nshipped weights: C {shipped.about['c']}, refit agrees on {agree:.4f}; on all of "
        f"categories-dev (its training data, not a measure) {in_sample:.3f}"
    )
    assert agree >= 0.99


def _ours_only_model(seed_features: Features, spec: FeatureSpec) -> CategoryModel:
    """Weights from our own articles alone, by the same procedure: free of the
    research-only data (what ``fit_categories.py category_seeds.jsonl`` makes)."""
    seeds = list(seed_examples())
    return fit_with_chosen_c(seed_features, _labels(seeds), near_duplicate_groups(seeds), spec)


def test_our_own_articles_alone_for_comparison(
    dev: list[LabelledArticle], dev_features: Features, seed_features: Features, spec: FeatureSpec
) -> None:
    """What weights fitted on our own articles only (shippable without the research-only
    licences) score on categories-dev, none of which they saw."""
    model = _ours_only_model(seed_features, spec)
    guessed = np.array(CATEGORY_SLUGS)[model.probabilities(dev_features).argmax(axis=1)]
    score = _accuracy(_labels(dev), guessed)
    print(f"\nour articles only (C {model.about['c']}): categories-dev accuracy {score:.3f}")
    assert score >= FLOORS["our articles only, on categories-dev"]


def _run(
    name: str,
    items: list[CategoryInput],
    classifier: CategoryClassifier,
    labels: list[str],
    vectors: Features | None = None,
) -> tuple[list[str | None], npt.NDArray[np.bool_]]:
    guesses = categorize_many(items, classifier, vectors)
    guessed = [g.slug if g else None for g in guesses]
    right = np.array([g == t for g, t in zip(guessed, labels, strict=True)])
    by_how = Counter(g.how for g in guesses if g)
    right_by_how = Counter(g.how for g, ok in zip(guesses, right, strict=True) if g and ok)
    print(
        f"\n{name}: accuracy {right.mean():.3f}, coverage "
        f"{np.mean([g is not None for g in guesses]):.3f}; decided by: "
        + ", ".join(f"{how} {right_by_how[how]}/{n}" for how, n in sorted(by_how.items()))
    )
    print(_confusion(labels, guessed))
    return guessed, right


def test_category_accuracy_on_our_labelled_set(
    rows: list[dict[str, Any]],
    embedders: tuple[Embedder, MultilingualEmbedder],
    seed_features: Features,
    spec: FeatureSpec,
) -> None:
    labels = [r["label"] for r in rows]
    languages = np.array([r["language"] for r in rows])
    full = [
        CategoryInput(
            r["title"],
            r["text"],
            section=r["section"],
            article_type=r["type"],
            language=r["language"],
        )
        for r in rows
    ]
    alone = [CategoryInput(r["title"], r["text"], language=r["language"]) for r in rows]
    classifier = CategoryClassifier.for_story_embedder(embedders[0], embedders[1])
    full_guessed, full_right = _run("full", full, classifier, labels)
    _, right = _run("classifier alone", alone, classifier, labels)
    # As ingest runs it, the story stage hands over its vectors (headline and 100
    # characters): the same answers as the classifier embedding them itself (the CLI).
    story = embedders[0].embed([article_text_for_embedding(r["title"], r["text"]) for r in rows])
    ingest_guessed, _ = _run("full, on ingest's story vectors", full, classifier, labels, story)
    assert ingest_guessed == full_guessed

    english = languages == "en"
    extra = np.isin(labels, EXTRA)
    print(
        "  classifier alone by language: "
        + ", ".join(
            f"{lang} {right[languages == lang].mean():.2f} ({n})"
            for lang, n in Counter(languages.tolist()).most_common()
        )
        + "; on "
        + ", ".join(f"{slug} {right[np.array(labels) == slug].mean():.2f}" for slug in EXTRA)
    )
    first = slice(0, FIRST_ROWS)
    print(
        f"  on the first {FIRST_ROWS} rows (before issue 14): full {full_right[first].mean():.3f}"
        f", classifier alone {right[first].mean():.3f}"
    )
    features = article_features([(r["title"], r["text"]) for r in rows], *embedders, spec)
    old, sure = _nearest_centroid(seed_features, features, features.shape[1] - 512)
    ours = _ours_only_model(seed_features, spec).probabilities(features).argmax(axis=1)
    print(
        f"  old nearest centroid alone: {_accuracy(labels, old):.3f} answering all, "
        f"{_accuracy(np.array(labels)[sure], old[sure]) * sure.mean():.3f} with its margin; "
        f"weights from our articles only, alone: "
        f"{_accuracy(labels, np.array(CATEGORY_SLUGS)[ours]):.3f}"
    )
    measured = {
        "full": float(full_right.mean()),
        "classifier alone": float(right.mean()),
        "classifier alone, not English": float(right[~english].mean()),
        "classifier alone, Science/Health/Lifestyle/Opinion": float(right[extra].mean()),
    }
    for name, value in measured.items():
        assert value >= FLOORS[name], f"{name}: {value:.3f} fell below {FLOORS[name]}"
