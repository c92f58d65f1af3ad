"""Extraction quality gate: shingle F1 on real pages, next to the published systems.

Floors are pinned in baseline.json; the data lives in ../shared/data (skipped without it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eval.extraction_sets import load_set, run_extractor
from tests.eval.shingles import score

pytestmark = pytest.mark.eval
FLOORS = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))


# Scored on `text` alone on both sets, as the published systems were: extraction-msv-dev's
# gold starts with the headline, which every body-only extractor loses alike.
@pytest.mark.parametrize("name", ["extraction-dev", "extraction-msv-dev"])
def test_extraction_f1(name: str) -> None:
    dataset = load_set(name, headline_in_gold=False)
    if dataset is None:
        pytest.skip(f"../shared/data/{name} is not here")
    ours = score(run_extractor(dataset), dataset.gold)
    published = sorted(
        ((system, score(output, dataset.gold)) for system, output in dataset.baselines().items()),
        key=lambda row: -row[1].f1,
    )
    rows = [("tidings", ours), *published]
    print(f"\n{name} ({ours.pages} pages): shingle F1 / precision / recall")
    for system, s in rows:
        print(f"  {system:<16} {s.f1:.3f}  {s.precision:.3f}  {s.recall:.3f}")
    floor = FLOORS["extraction"][name]
    assert ours.f1 >= floor["f1"], f"{name}: F1 {ours.f1:.3f} fell below the pinned {floor['f1']}"
    assert ours.precision >= floor["precision"]
    assert ours.recall >= floor["recall"]
