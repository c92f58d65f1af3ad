"""Extraction quality gate: shingle F1 on real pages, next to the published systems.

For each set it prints the shipped extractor (thresholds fitted on all dev pages) on the
whole set and on each cross-validation half; the cross-validated extractor (thresholds
fitted on the other half, by benchmarks/extraction_fit.py) on each half and pooled; the
published systems on the same pages; and the issue's targets. Floors are pinned in
baseline.json, for the shipped and the cross-validated scores. The data lives in
../shared/data: without it the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.eval.extraction_sets import (
    SET_NAMES,
    ExtractionSet,
    cv_halves,
    halves_digest,
    load_set,
    run_extractor,
)
from tests.eval.gate import need_data
from tests.eval.shingles import Scores, score
from tidings.extract.params import FITTED_FILE, ExtractionParams

pytestmark = pytest.mark.eval
FLOORS = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
# Issue #14's targets for the cross-validated F1.
TARGETS = {"extraction-dev": 0.975, "extraction-msv-dev": 0.97}


def _dataset(name: str) -> ExtractionSet:
    # Scored on `text` alone on both sets, as the published systems were: extraction-msv-dev's
    # gold starts with the headline, which every body-only extractor loses alike.
    dataset = load_set(name, headline_in_gold=False)
    need_data(dataset is not None, name)
    assert dataset is not None
    return dataset


def _cross_validation() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(FITTED_FILE.read_text(encoding="utf-8"))
    cross_validation: dict[str, Any] = record["cross_validation"]
    return cross_validation


def _row(label: str, whole: Scores | None, half_a: Scores, half_b: Scores) -> str:
    cells = [f"{s.f1:.3f} {s.precision:.3f} {s.recall:.3f}" for s in (whole, half_a, half_b) if s]
    if whole is None:
        cells.insert(0, " " * 17)
    return f"  {label:<34} " + "   ".join(cells)


@pytest.mark.parametrize("name", SET_NAMES)
def test_extraction_f1(name: str) -> None:
    dataset = _dataset(name)
    cv = _cross_validation()
    halves = cv_halves(dataset, cv["seed"])
    assert halves_digest(halves) == cv["halves_digest"][name], (
        f"{name}: the pages or the split changed since the fit; rerun "
        "`.venv/bin/python -m benchmarks.extraction_fit`"
    )
    half_a, half_b = halves
    on_a = dataset.subset(half_a)
    on_b = dataset.subset(half_b)

    shipped = run_extractor(dataset)
    ours = score(shipped, dataset.gold)
    # Each half read with the thresholds fitted on the other one: pages the fit never saw.
    held_a = run_extractor(dataset, half_a, ExtractionParams.from_json(cv["fitted_on_half_b"]))
    held_b = run_extractor(dataset, half_b, ExtractionParams.from_json(cv["fitted_on_half_a"]))
    crossed = score({**held_a, **held_b}, dataset.gold)

    print(
        f"\n{name} ({ours.pages} pages; half A {len(half_a)}, half B {len(half_b)}, "
        "split by site/query/domain): shingle F1 precision recall"
    )
    print(f"  {'':<34} {'whole set':<17}   {'half A':<17}   {'half B':<17}")
    print(
        _row("tidings, fitted on all (shipped)", ours, score(shipped, on_a), score(shipped, on_b))
    )
    print(
        _row("tidings, fitted on the other half", crossed, score(held_a, on_a), score(held_b, on_b))
    )
    published = sorted(
        dataset.baselines().items(), key=lambda item: -score(item[1], dataset.gold).f1
    )
    for system, output in published:
        print(_row(system, score(output, dataset.gold), score(output, on_a), score(output, on_b)))
    print(f"  target (issue #14, cross-validated)  F1 >= {TARGETS[name]}: {crossed.f1:.3f}")

    floor = FLOORS["extraction"][name]
    assert ours.f1 >= floor["f1"], f"{name}: F1 {ours.f1:.3f} fell below the pinned {floor['f1']}"
    assert ours.precision >= floor["precision"]
    assert ours.recall >= floor["recall"]
    assert crossed.f1 >= floor["cv_f1"], (
        f"{name}: cross-validated F1 {crossed.f1:.3f} fell below the pinned {floor['cv_f1']}"
    )
