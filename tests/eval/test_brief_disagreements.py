"""The story brief's "Where sources disagree" on real story pairs: precision and recall.

Each labelled pair (``tests/eval/brief_pairs.py`` says how the labels were made) is briefed
as a story of two outlets, the way the story page does. A reported disagreement is right
when it is a labelled one (its kind, and each article's figure within the reported
values), ignored when it matches a difference labelled unsure, and wrong otherwise,
including when it shows as a conflict what the labels call a later day's update. Recall
counts the labelled conflicts reported. Issue #16's target is precision 0.9.

The rules of ``tidings.ai.disagreements`` were written from reading news, and revised
while reading this set's errors; its one number with a range of sensible values, the
share of a story's sentences that makes a term the story's subject, is cross-validated
here: chosen on one half of the events from a grid, scored on the other half.
"""

from __future__ import annotations

import pytest

from tests.eval import brief_pairs
from tests.eval.gate import need_data
from tidings.ai.brief import BriefArticle, build_brief
from tidings.ai.disagreements import FREQUENT_SHARE

pytestmark = pytest.mark.eval
TARGET_PRECISION = 0.9
# Measured 14 of 33 labelled conflicts (0.424) when the set was made; the floor allows
# two more misses before the gate fails.
RECALL_FLOOR = 0.36
SHARES = (0.05, 0.1, 0.15, 0.2, 0.3)


def _score(
    pairs: list[brief_pairs.Pair], articles: dict[str, BriefArticle], share: float
) -> brief_pairs.Score:
    score = brief_pairs.Score()
    for pair in pairs:
        brief = build_brief([articles[pair.a], articles[pair.b]], frequent_share=share)
        assert brief is not None
        score.add(pair, brief.disagreements, brief.updates)
    return score


def _half(pairs: list[brief_pairs.Pair], half: int) -> list[brief_pairs.Pair]:
    """The pairs of half the events: an event's pairs stay on one side."""
    return [p for p in pairs if sum(map(ord, p.event)) % 2 == half]


def _f1(score: brief_pairs.Score) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def test_where_sources_disagree_on_real_story_pairs() -> None:
    need_data(brief_pairs.available(), "clustering-dev")
    pairs = brief_pairs.load_pairs()
    articles = brief_pairs.load_articles()
    with_difference = sum(1 for p in pairs if p.differ)
    assert len(pairs) >= 60 and with_difference >= 20  # the size issue #16 asks for
    score = _score(pairs, articles, FREQUENT_SHARE)
    print(
        f"\nbrief disagreements: {len(pairs)} labelled pairs ({with_difference} with a real "
        f"difference), {score.conflicts} conflicts and {score.updates} updates labelled"
    )
    print(
        f"  where sources disagree: precision {score.precision:.3f} ({score.right} right, "
        f"{score.wrong} wrong, {score.ignored} unsure), recall {score.recall:.3f} "
        f"({score.found} of {score.conflicts}); target precision >= {TARGET_PRECISION}"
    )
    print(
        f"  updates: {score.updates_found} of {score.updates} labelled shown as updates, "
        f"{score.wrong_updates} wrong"
    )
    for line in score.errors:
        print("   ", line)
    right = wrong = found = conflicts = 0
    for fitted, scored in ((0, 1), (1, 0)):
        fits = {share: _score(_half(pairs, fitted), articles, share) for share in SHARES}
        good = [s for s in SHARES if fits[s].precision >= TARGET_PRECISION] or list(SHARES)
        share = max(good, key=lambda s: (_f1(fits[s]), s == FREQUENT_SHARE))
        held = _score(_half(pairs, scored), articles, share)
        right, wrong = right + held.right, wrong + held.wrong
        found, conflicts = found + held.found, conflicts + held.conflicts
        print(
            f"  share {share} chosen on half {fitted}; on half {scored}: precision "
            f"{held.precision:.3f}, recall {held.recall:.3f}"
        )
    print(
        f"  cross-validated: precision {right / max(right + wrong, 1):.3f}, "
        f"recall {found / max(conflicts, 1):.3f}"
    )
    assert score.precision >= TARGET_PRECISION
    assert score.recall >= RECALL_FLOOR
    assert right / max(right + wrong, 1) >= TARGET_PRECISION
