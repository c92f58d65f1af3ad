"""Refit the category classifier's weights from labelled JSON lines files.

Every file given is training data (one object a line: id, title, text, and the category
as ``category`` or ``label``, slug or display name). The procedure is the one the eval
cross-validates (``tidings.enrich.categories_fit``): sample weights, C chosen by an inner
grouped cross-validation, multinomial logistic regression. The weights file records the
files (name, sha256, counts), the chosen C and the feature models; given the same files
and models, a refit gives the same weights.

The shipped weights (docs/enrichment.md, src/tidings/enrich/category_model.md) came from:

    python scripts/fit_categories.py \\
        ../shared/data/categories-dev/bbc-news.jsonl \\
        ../shared/data/categories-dev/ag-news.jsonl \\
        src/tidings/enrich/category_seeds.jsonl

Fit on ``category_seeds.jsonl`` alone for weights free of any research-only data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn

from tidings.enrich.categories_fit import (
    SMALL_CLASS_SHARE,
    describe_files,
    embed_articles,
    fit_with_chosen_c,
    near_duplicate_groups,
)
from tidings.enrich.categories_model import MODEL_FILE, FeatureSpec
from tidings.enrich.category_seeds import CategoryDataError, LabelledArticle, read_labelled
from tidings.enrich.embeddings import Embedder
from tidings.enrich.multilingual import MultilingualEmbedder


def main(argv: list[str] | None = None) -> int:
    """Read, embed, fit, write; print what was chosen and the fit on its own articles."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSON lines files")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="weights file to write")
    parser.add_argument(
        "--licence",
        default="",
        help="what the training data's licences allow, written into the weights file",
    )
    args = parser.parse_args(argv)

    articles: list[LabelledArticle] = []
    try:
        for path in args.files:
            articles.extend(read_labelled(path))
    except (CategoryDataError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stems = Counter(path.stem for path in args.files)
    if max(stems.values()) > 1:
        print("error: two training files share a name", file=sys.stderr)
        return 2

    started = time.perf_counter()
    embedder = Embedder()
    spec = FeatureSpec(story_model=embedder.name)
    features = embed_articles(articles, embedder, MultilingualEmbedder(), spec)
    labels = np.array([a.category for a in articles])
    groups = near_duplicate_groups(articles)
    print(f"embedded {len(articles)} articles in {time.perf_counter() - started:.0f} s")

    about = {
        "fitted": datetime.now(UTC).date().isoformat(),
        "training": describe_files(args.files, articles),
        "sample_weights": f"categories under {SMALL_CLASS_SHARE} of the mean size raised to it",
        "sklearn": sklearn.__version__,
        "licence": args.licence,
        "refit": "python scripts/fit_categories.py " + " ".join(p.name for p in args.files),
    }
    model = fit_with_chosen_c(features, labels, groups, spec, about)
    guessed = np.array(model.classes)[(features @ model.coef.T + model.intercept).argmax(axis=1)]
    print(f"C = {model.about['c']} (inner accuracy by C: {model.about['inner_accuracy_by_c']})")
    for path in args.files:
        mine = np.array([a.dataset == path.stem for a in articles])
        right = float((guessed[mine] == labels[mine]).mean())
        print(
            f"  {path.name}: {mine.sum()} articles, accuracy on its own training data {right:.3f}"
        )
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
