"""Category quality gate: accuracy and a confusion table on our labelled set.

tests/eval/data/categories.jsonl holds 115 articles labelled by reading them: every demo
article, the article pages of tests/data, and short articles we wrote in English, German,
French and Spanish to give each category at least six. Labels follow the content, not the
publisher's section (the demo files its storms and bridge closures under Politics; we
label them World, general hard news). Two methods run over it:

- full: the publisher's word first (OpinionNewsArticle type, section), then the classifier;
- classifier alone: the same articles with section and type hidden.

An abstention counts as wrong, so accuracy is over all articles; coverage is the share
answered. The classifier is fitted on ``category_seeds`` only; a test below checks that no
prototype was lifted from this set.

Lead length, measured 2026-11-29 (classifier alone, nearest centroid, no abstention):
100 characters 0.661, 300 0.678, 600 0.687, 1000 0.704, 1500 0.704; logistic regression
on the same prototypes scored 0.652-0.678 and 5-nearest-prototype 0.600-0.652, so the
centroids stay. MiniLM reads at most 256 word pieces: past about 1000 characters the
model cuts the text anyway. The prototypes were revised once after the first run (one
Technology prototype about a tech firm's layoffs contradicted the labelling rule that jobs
and results are Business, and was replaced), so these scores are a little optimistic.

Measured 2026-11-29 with a 1000-character lead and a 0.02 margin: full 0.765 (coverage
0.957; the section decided 75 articles, 58 rightly: 15 of the misses are demo storms,
fires and closures filed under Politics), classifier alone 0.626 (coverage 0.852,
precision 0.735). The English model is the limit on German text (about half right).
Floors are pinned a little under the measured scores. Raise them when quality improves;
never lower them to pass.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tidings.enrich.categories import (
    CATEGORY_SLUGS,
    CategoryClassifier,
    CategoryGuess,
    CategoryInput,
    categorize_many,
)
from tidings.enrich.category_seeds import CATEGORY_SEEDS
from tidings.enrich.embeddings import EMBEDDING_LEAD_CHARS, Embedder, article_text_for_embedding

pytestmark = pytest.mark.eval

DATA = Path(__file__).parent / "data" / "categories.jsonl"
# A little under the scores measured on 2026-11-29 (see above).
FLOORS = {
    "full": {"accuracy": 0.75, "coverage": 0.94},
    "classifier alone": {"accuracy": 0.61, "coverage": 0.83},
    "full, on ingest's story vectors": {"accuracy": 0.76, "coverage": 0.95},
}


def _load() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return _load()


def _confusion(labels: list[str], guesses: list[CategoryGuess | None]) -> str:
    """Rows the true category, columns the predicted one, a last column for abstentions."""
    counts = Counter(
        (label, guess.slug if guess else "-") for label, guess in zip(labels, guesses, strict=True)
    )
    columns = [*CATEGORY_SLUGS, "-"]
    lines = ["  true \\ predicted " + " ".join(c[:5].rjust(5) for c in columns) + "   acc"]
    for slug in CATEGORY_SLUGS:
        row = [counts[(slug, c)] for c in columns]
        total = sum(row)
        lines.append(
            f"  {slug:<17} "
            + " ".join(str(n).rjust(5) for n in row)
            + f"  {counts[(slug, slug)] / total:.2f}"
        )
    return "\n".join(lines)


def _score(
    name: str, labels: list[str], guesses: list[CategoryGuess | None], seconds: float
) -> dict[str, float]:
    answered = [g for g in guesses if g is not None]
    right = sum(g is not None and g.slug == t for t, g in zip(labels, guesses, strict=True))
    scores = {"accuracy": right / len(labels), "coverage": len(answered) / len(labels)}
    by_how = Counter(g.how for g in answered)
    right_by_how = Counter(
        g.how for t, g in zip(labels, guesses, strict=True) if g is not None and g.slug == t
    )
    print(
        f"\n{name}: accuracy {scores['accuracy']:.3f} (abstentions wrong), coverage "
        f"{scores['coverage']:.3f}, precision {right / max(len(answered), 1):.3f}, "
        f"{1000 * seconds / len(labels):.1f} ms per article"
    )
    print(
        "  decided by: "
        + ", ".join(f"{how} {right_by_how[how]}/{n}" for how, n in sorted(by_how.items()))
    )
    print(_confusion(labels, guesses))
    return scores


def test_labelled_set_is_well_formed(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 100
    assert len({r["id"] for r in rows}) == len(rows)
    per_label = Counter(r["label"] for r in rows)
    assert set(per_label) == set(CATEGORY_SLUGS)
    assert min(per_label.values()) >= 6, per_label
    for r in rows:
        assert r["title"] and r["text"], r["id"]
        source = r["source"]
        assert source == "written" or source.startswith(("demo:", "tests/data/")), source


def test_prototypes_are_not_taken_from_the_labelled_set(rows: list[dict[str, Any]]) -> None:
    """The classifier must not have seen what it is scored on: no prototype's headline
    is an evaluated headline or appears in an evaluated text."""
    evaluated = [f"{r['title']}\n{r['text']}".casefold() for r in rows]
    for prototypes in CATEGORY_SEEDS.values():
        for prototype in prototypes:
            headline = prototype.split(". ")[0].casefold()
            assert not any(headline in text for text in evaluated), prototype


def test_category_accuracy(rows: list[dict[str, Any]]) -> None:
    labels = [r["label"] for r in rows]
    full_items = [
        CategoryInput(r["title"], r["text"], section=r["section"], article_type=r["type"])
        for r in rows
    ]
    text_items = [CategoryInput(r["title"], r["text"]) for r in rows]
    results: dict[str, dict[str, float]] = {}
    for name, items in (("full", full_items), ("classifier alone", text_items)):
        # A fresh embedder each, so neither run finds the other's texts in its cache.
        classifier = CategoryClassifier(Embedder())
        classifier.classify("Warm-up", "Loads the model and the centroids before timing.")
        started = time.perf_counter()
        guesses = categorize_many(items, classifier)
        results[name] = _score(name, labels, guesses, time.perf_counter() - started)
    # As ingest runs it: the classifier reads the story vector (headline and the body's
    # first 100 characters) the stage has already computed, instead of a longer lead.
    embedder = Embedder()
    classifier = CategoryClassifier(embedder)
    classifier.classify("Warm-up", "Loads the model and the centroids before timing.")
    started = time.perf_counter()
    vectors = embedder.embed(
        [article_text_for_embedding(r["title"], r["text"], EMBEDDING_LEAD_CHARS) for r in rows]
    )
    guesses = categorize_many(full_items, classifier, vectors)
    name = "full, on ingest's story vectors"
    results[name] = _score(name, labels, guesses, time.perf_counter() - started)

    for name, floors in FLOORS.items():
        for metric, floor in floors.items():
            value = results[name][metric]
            assert value >= floor, f"{name}: {metric} {value:.3f} fell below {floor}"
