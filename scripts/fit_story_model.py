"""Fit the shipped story model (src/tidings/stories/story_fit.json) on the clustering dev sets.

    .venv/bin/python scripts/fit_story_model.py          # write the model
    .venv/bin/python scripts/fit_story_model.py --check  # refit and compare with the shipped one

The sets are ECB+ (CC BY 3.0), NewsWCL50 (CC BY-SA 4.0) and MEANTIME (CC BY 4.0) from
../shared/data/clustering-dev, read where they lie: the model file holds 19 weights, a bias,
the join and merge thresholds, the straggler slack and the split threshold, no text. news-search-msv (research use only) is never fitted on. The
evaluation (tests/eval/test_clustering_cv.py) fits the same way on half of the events and
scores the other half.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.eval import clustering_sets
from tidings.enrich.embeddings import Embedder
from tidings.enrich.multilingual import MultilingualEmbedder
from tidings.stories.fit_model import FitModel, default_fit_model
from tidings.stories.fit_training import fit_model

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "tidings" / "stories" / "story_fit.json"


def main() -> int:
    if not clustering_sets.available():
        print(f"{clustering_sets.DATA} is not here", file=sys.stderr)
        return 2
    groups = [g for name in clustering_sets.FIT_SETS for g in clustering_sets.labelled(name)]
    sizes = ", ".join(f"{g.kind} {len(g.docs)}" for g in groups)
    model: FitModel = fit_model(
        groups,
        Embedder(),
        MultilingualEmbedder(),
        fitted_on=f"clustering-dev: {sizes} articles (scripts/fit_story_model.py)",
        progress=print,
    )
    if "--check" in sys.argv:
        shipped = default_fit_model()
        same = model.to_json() == shipped.to_json()
        print(
            "the shipped model is reproduced" if same else "the refit differs:\n" + model.to_json()
        )
        return 0 if same else 1
    SHIPPED.write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {SHIPPED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
