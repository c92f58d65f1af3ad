"""Story clustering, cross-validated: the model fitted on one half of the events, scored
on the other, both ways.

The story fit's weights and thresholds (``stories.fit_model``) are fitted on labelled
stories. Scoring the shipped model on the same dev sets it was fitted on flatters it, so
here each dev set is split in two halves that share no event (an ECB+ topic, with both
of its sibling events, stays on one side; a MEANTIME article stays with its
translations), the model is fitted on half A of every set together and scored on half B,
then the other way round. Each half is clustered in file order and in a shuffled order.
The targets of issue #14 are printed beside the figures: ECB+ and NewsWCL50 B-cubed F1 at
least 0.95, cross-validated, shuffled runs included.

news-search-msv is scored by the shipped model only (test_clustering_quality.py): its
annotators disagree with each other and its terms forbid using it beyond evaluation.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from tests.eval import clustering_sets
from tests.eval.gate import need_data
from tidings.enrich.embeddings import Embedder
from tidings.enrich.multilingual import MultilingualEmbedder
from tidings.stories.cluster import ClusterParams
from tidings.stories.fit_training import fit_model, score_orders

pytestmark = pytest.mark.eval
FLOORS = json.loads((Path(__file__).parent / "clustering_baseline.json").read_text("utf-8"))
TARGETS = {"ecbplus": 0.95, "newswcl50": 0.95}


def test_story_model_cross_validated() -> None:
    need_data(clustering_sets.available(), "clustering-dev")
    embedder, multilingual = Embedder(), MultilingualEmbedder()
    started = time.perf_counter()
    results: dict[tuple[str, str], tuple[float, float]] = {}
    print("\nstory model fitted on one half of the events, B-cubed F1 on the other half")
    print("  set          scored  fitted on   file order  shuffled   target")
    for scored, fitted in (("B", "A"), ("A", "B")):
        train = [
            g for name in clustering_sets.FIT_SETS for g in clustering_sets.labelled(name, fitted)
        ]
        model = fit_model(train, embedder, multilingual, fitted_on=f"half {fitted}")
        params = ClusterParams(model=model)
        for name in clustering_sets.FIT_SETS:
            groups = clustering_sets.labelled(name, scored)
            in_file, shuffled = score_orders(groups, embedder, multilingual, params)
            results[(name, scored)] = (in_file, shuffled)
            target = f">= {TARGETS[name]:.2f}" if name in TARGETS else ""
            print(
                f"  {name:<12} {scored:^6}  {fitted:^9}   {in_file:.3f}       {shuffled:.3f}"
                f"      {target}"
            )
        print(
            f"    (half {fitted}: join at {model.threshold}, merge at {model.merge_threshold},"
            f" straggler slack {model.straggler_slack}, split below {model.split_threshold})"
        )
    print("  cross-validated mean (both halves, both orders):")
    floors = FLOORS["cross_validated"]
    for name in clustering_sets.FIT_SETS:
        mean = float(np.mean([v for half in "AB" for v in results[(name, half)]]))
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  met" if mean >= target else "  short of target")
        print(f"    {name:<12} {mean:.3f}{verdict}")
        assert mean >= floors[name], f"{name}: cross-validated B3-F1 {mean:.3f} < {floors[name]}"
    print(f"  ({time.perf_counter() - started:.0f}s, two fits included)")
