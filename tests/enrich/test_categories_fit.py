"""The classifier's weights file, our labelled-file reader, and the fitting procedure
(groups, weights, inner choice of C, two-half cross-validation) on small made-up data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tidings.enrich.categories import CATEGORY_SLUGS
from tidings.enrich.categories_fit import (
    C_GRID,
    choose_c,
    cross_validate,
    fit_model,
    near_duplicate_groups,
    sample_weights,
)
from tidings.enrich.categories_model import (
    MODEL_FILE,
    CategoryModel,
    CategoryModelError,
    FeatureSpec,
    load_model,
)
from tidings.enrich.category_seeds import (
    CategoryDataError,
    LabelledArticle,
    category_slug,
    read_labelled,
    seed_examples,
)
from tidings.enrich.embeddings import EMBEDDING_LEAD_CHARS

SPEC = FeatureSpec()


def _article(id_: str, title: str, text: str = "Body.", category: str = "world") -> LabelledArticle:
    return LabelledArticle(id_, title, text, category, "test")


def _blobs(per_class: int = 12, classes: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Separable points: one cluster per category around its own axis."""
    rng = np.random.default_rng(seed)
    centres = np.eye(classes, 8) * 3.0
    features = np.vstack([c + rng.normal(0, 0.5, (per_class, 8)) for c in centres])
    labels = np.repeat(np.array(CATEGORY_SLUGS[:classes]), per_class)
    return features.astype(np.float32), labels


def test_the_shipped_weights_cover_the_taxonomy_and_say_what_they_read() -> None:
    model = load_model()
    assert set(model.classes) == set(CATEGORY_SLUGS)
    assert model.features.story_lead_chars == EMBEDDING_LEAD_CHARS  # ingest's story vector
    assert model.features.multilingual_model == "use-multilingual-v3"
    assert model.coef.shape == (10, 384 + 512)
    assert [entry["file"] for entry in model.about["training"]][-1] == "category_seeds.jsonl"
    assert MODEL_FILE.with_suffix(".md").is_file()  # provenance and licence beside it


def test_weights_survive_a_round_trip(tmp_path: Path) -> None:
    features, labels = _blobs()
    model = fit_model(features, labels, 1.0, SPEC, {"note": "made up"})
    path = tmp_path / "weights.npz"
    model.save(path)
    again = CategoryModel.load(path)
    assert again.classes == model.classes
    assert again.features == SPEC
    assert again.about == {"note": "made up"}
    assert np.allclose(again.probabilities(features), model.probabilities(features), atol=1e-5)


def test_unreadable_or_foreign_weights_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(CategoryModelError, match="cannot read"):
        CategoryModel.load(broken)
    with pytest.raises(CategoryModelError, match="outside the taxonomy"):
        CategoryModel(("weather",), np.zeros((1, 3)), np.zeros(1))


def test_probabilities_put_unfitted_categories_at_zero() -> None:
    features, labels = _blobs(classes=3)
    rows = fit_model(features, labels, 1.0, SPEC).probabilities(features)
    assert rows.shape == (len(features), len(CATEGORY_SLUGS))
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert np.all(rows[:, 3:] == 0.0)
    assert np.mean(np.array(CATEGORY_SLUGS)[rows.argmax(axis=1)] == labels) == 1.0


def test_labels_may_be_slugs_or_display_names() -> None:
    assert category_slug("Business") == "business"
    assert category_slug(" SPORTS ") == "sports"
    assert category_slug("Weather") is None


def test_read_labelled_names_the_bad_line(tmp_path: Path) -> None:
    good = {"id": "a", "title": "T", "text": "x", "category": "World"}
    path = tmp_path / "set.jsonl"
    other = {"id": "b", "title": "T", "text": "x", "label": "Sports"}
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(other) + "\n")
    assert [(a.id, a.category, a.dataset) for a in read_labelled(path)] == [
        ("a", "world", "set"),
        ("b", "sports", "set"),
    ]
    path.write_text(json.dumps(good) + "\n" + json.dumps(good | {"category": "Weather"}) + "\n")
    with pytest.raises(CategoryDataError, match=r"set.jsonl:2: category 'Weather'"):
        read_labelled(path)
    path.write_text("{not json\n")
    with pytest.raises(CategoryDataError, match=r"set.jsonl:1: not JSON"):
        read_labelled(path)
    path.write_text(json.dumps({"id": "a", "title": None, "text": "x", "category": "world"}))
    with pytest.raises(CategoryDataError, match="'title' must be a string"):
        read_labelled(path)


def test_our_training_articles_are_well_formed() -> None:
    seeds = seed_examples()
    assert len({a.id for a in seeds}) == len(seeds)
    assert all(a.title.strip() and a.text.strip() for a in seeds)
    assert {a.language for a in seeds} >= {"en", "de", "fr", "es"}


def test_near_duplicates_share_a_group() -> None:
    articles = [
        _article("a", "Bank raises rates", "The central bank raised its rate."),
        _article("b", "BANK RAISES RATES!", "Another body entirely."),
        _article("c", "Different title", "Another body, entirely."),
        _article("d", "Unrelated", "Nothing shared here."),
        _article("e", "", ""),
        _article("f", "", ""),
    ]
    groups = near_duplicate_groups(articles).tolist()
    assert groups[0] == groups[1] == groups[2]  # a-b by title, b-c by body start
    assert len({groups[0], groups[3], groups[4], groups[5]}) == 4  # empty joins nothing


def test_small_categories_are_weighed_up_to_half_the_mean() -> None:
    labels = np.array(["world"] * 90 + ["politics"] * 90 + ["health"] * 20)
    weights = sample_weights(labels)
    assert weights.mean() == pytest.approx(1.0)
    assert weights[0] == pytest.approx(weights[100])  # the large ones weigh alike
    # Health's 20 articles together weigh half the mean category (200 / 3 / 2).
    assert weights[-20:].sum() / weights[0] == pytest.approx(200 / 3 / 2)


def test_c_is_chosen_from_the_grid_on_the_articles_given() -> None:
    features, labels = _blobs(per_class=15)
    c, scores = choose_c(features, labels, np.arange(len(labels)), SPEC)
    assert c in C_GRID
    assert set(scores) == set(C_GRID)
    assert scores[c] == max(scores.values())


def test_cross_validation_scores_every_article_once_and_keeps_groups_together() -> None:
    features, labels = _blobs(per_class=16)
    groups = np.arange(len(labels)) // 2  # pairs of near-duplicates
    extra_features, extra_labels = _blobs(per_class=4, seed=1)
    halves = cross_validate(
        features,
        labels,
        groups,
        (extra_features, extra_labels, np.arange(100, 100 + len(extra_labels))),
        SPEC,
    )
    assert len(halves) == 2
    tested = np.concatenate([h.test for h in halves])
    assert sorted(tested.tolist()) == list(range(len(labels)))
    for half in halves:
        assert not set(groups[half.test]) & set(groups[half.train])
        assert np.mean(half.predicted == labels[half.test]) > 0.9
