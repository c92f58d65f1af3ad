"""Fit the extractor's thresholds by grouped cross-validation; write fitted_params.json.

    .venv/bin/python -m benchmarks.extraction_fit          # fit and write
    .venv/bin/python -m benchmarks.extraction_fit --check  # fit, compare, write nothing

Reads ../shared/data/extraction-dev and extraction-msv-dev (see their NOTES.md). Each set
is split into two halves by whole groups (extraction-msv-dev by its site or query,
extraction-dev by web domain; ``tests.eval.extraction_sets.cv_halves``). A coordinate
search over ``GRID`` picks the ``ExtractionParams`` with the best mean shingle F1 of the
two sets, three times: on half A alone, on half B alone, and on all pages. The first two
are what ``make eval`` scores on the half they did not see (the cross-validated figures);
the third is what the product ships. Deterministic: same data, same numbers.

The data is research-use only (extraction-msv-dev has no licence) or MIT with pages
copyrighted by their publishers; only the fitted numbers leave it, in
src/tidings/extract/fitted_params.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tests.eval.extraction_sets import (
    CV_SEED,
    SET_NAMES,
    ExtractionSet,
    cv_halves,
    halves_digest,
    load_set,
    run_extractor,
)
from tests.eval.shingles import score
from tidings.extract.params import FITTED_FILE, ExtractionParams

# The values tried for each parameter, around the hand-set starting point.
GRID: dict[str, tuple[Any, ...]] = {
    "wrapper_share": (0.25, 0.4, 0.5, 0.6, 0.75),
    "max_prose_links": (0.25, 0.4, 0.5, 0.6, 0.75),
    "prose_chars": (40, 55, 70, 90, 110),
    "link_share": (0.6, 0.7, 0.8, 0.9),
    "lead_link_share": (0.3, 0.4, 0.5, 0.6, 0.7),
    "card_summary_chars": (200, 300, 400, 600, 800),
    "paragraph_chars": (50, 65, 80, 100, 120),
    "paragraph_links": (0.1, 0.25, 0.4),
    "min_sibling_score": (5.0, 7.5, 10.0, 15.0, 20.0),
    "min_lookalike_score": (1.0, 2.0, 3.0, 4.5, 6.0),
    "label_chars": (30, 45, 60, 90, 120),
    "promo_chars": (150, 200, 300, 500),
    "trim_standfirsts": (False, True),
    "keep_social_embeds": (False, True),
}
PASSES = 2
# A move must gain this much mean F1; smaller gains are noise on a half of the data.
MIN_GAIN = 0.0002

Split = dict[str, list[str]]  # set name -> page ids


def objective(
    datasets: Sequence[ExtractionSet], pages: Split
) -> Callable[[ExtractionParams], float]:
    """Mean over the sets of the shingle F1 on ``pages``, memoised by parameters."""
    memo: dict[ExtractionParams, float] = {}

    def value(params: ExtractionParams) -> float:
        if params not in memo:
            scores = [
                score(run_extractor(d, pages[d.name], params), d.subset(pages[d.name])).f1
                for d in datasets
            ]
            memo[params] = sum(scores) / len(scores)
        return memo[params]

    return value


def fit(value: Callable[[ExtractionParams], float], label: str) -> ExtractionParams:
    """Coordinate search over GRID from the hand-set defaults."""
    best = ExtractionParams()
    best_value = value(best)
    for round_ in range(PASSES):
        moved = False
        for name, options in GRID.items():
            for option in options:
                candidate = replace(best, **{name: option})
                if candidate != best and (gain := value(candidate) - best_value) > MIN_GAIN:
                    best, best_value, moved = candidate, best_value + gain, True
            print(f"  {label} pass {round_ + 1} {name}: {getattr(best, name)} ({best_value:.4f})")
        if not moved:
            break
    return best


def fit_all(datasets: Sequence[ExtractionSet]) -> dict[str, Any]:
    """The three fits and the record that documents them."""
    halves = {d.name: cv_halves(d) for d in datasets}
    runs: dict[str, Split] = {
        "half_a": {name: pair[0] for name, pair in halves.items()},
        "half_b": {name: pair[1] for name, pair in halves.items()},
        "all": {d.name: list(d.gold) for d in datasets},
    }
    fitted = {}
    for label, pages in runs.items():
        started = time.perf_counter()
        fitted[label] = fit(objective(datasets, pages), label)
        print(f"{label}: {fitted[label]} in {time.perf_counter() - started:.0f}s", flush=True)
    return {
        "_provenance": (
            "Written by benchmarks/extraction_fit.py: coordinate search over its GRID for the "
            "best mean shingle F1 of ../shared/data/extraction-dev (scrapinghub benchmark, MIT, "
            "pages (c) their publishers) and extraction-msv-dev (MSVCode/ir-research-data, "
            "research use only). Numbers only; no page text. 'params' is fitted on all pages "
            "(shipped); 'cross_validation' holds the fits on each half, which make eval scores "
            "on the other half."
        ),
        "params": fitted["all"].to_json(),
        "cross_validation": {
            "seed": CV_SEED,
            "split": "whole groups (msv: site or query; scrapinghub: web domain) per half",
            "halves_digest": {name: halves_digest(pair) for name, pair in halves.items()},
            "fitted_on_half_a": fitted["half_a"].to_json(),
            "fitted_on_half_b": fitted["half_b"].to_json(),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    datasets = [d for name in SET_NAMES if (d := load_set(name, headline_in_gold=False))]
    if len(datasets) != len(SET_NAMES):
        print("../shared/data/extraction-dev and extraction-msv-dev are needed", file=sys.stderr)
        return 2
    record = fit_all(datasets)
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    if args.check:
        same = FITTED_FILE.read_text(encoding="utf-8") == text
        print("fitted_params.json is reproduced" if same else "fitted_params.json differs")
        return 0 if same else 1
    FITTED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {FITTED_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
