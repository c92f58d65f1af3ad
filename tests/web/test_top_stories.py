"""Top-story ranking: outlets × freshness, within 48 hours, two outlets at least."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.models import Story
from tidings.web.pages.top_stories import story_score, top_stories

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _story(name: str, outlets: int, hours_ago: float | None) -> Story:
    updated = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    return Story(name * 32, f"Story {name}", updated, updated, outlets, outlets)


def test_score_halves_every_twelve_hours() -> None:
    assert story_score(_story("a", 4, 0), NOW) == 4
    assert story_score(_story("a", 4, 12), NOW) == pytest.approx(2)
    assert story_score(_story("a", 4, 24), NOW) == pytest.approx(1)
    assert story_score(_story("a", 4, -1), NOW) == 4  # a clock running fast is not a bonus
    assert story_score(_story("a", 4, None), NOW) == 0


def test_fresh_coverage_beats_old_wide_coverage() -> None:
    ranked = top_stories(
        [
            _story("a", 6, 30),  # 6 × 0.5^2.5 ≈ 1.06
            _story("b", 2, 1),  # 2 × 0.5^(1/12) ≈ 1.89
            _story("c", 3, 2),  # ≈ 2.67
            _story("d", 9, 49),  # too old, however wide
            _story("e", 1, 0),  # one outlet is not a story yet
            _story("f", 3, None),
        ],
        NOW,
    )
    assert [s.id[0] for s in ranked] == ["c", "b", "a"]


def test_limit_and_ties() -> None:
    stories = [_story(name, 2, 5) for name in "zyxwvu"]
    stories.append(_story("t", 2, 4))  # same reach, fresher: first
    ranked = top_stories(stories, NOW, limit=5)
    assert [s.id[0] for s in ranked] == ["t", "u", "v", "w", "x"]
