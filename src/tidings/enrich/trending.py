"""Trending hashtags: which tags ran well above their usual rate in the last day.

The counts come from the store (``tag_activity``); this is the pure ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["TagActivity", "TrendingRules", "TrendingTag", "trending_tags"]


@dataclass(frozen=True, slots=True)
class TagActivity:
    """How much a tag was used: articles in the last 24 hours, in the days before, and
    how many distinct sources wrote the recent ones."""

    slug: str
    count_24h: int
    count_before: int  # articles in the ``TrendingRules.baseline_days`` before the last 24 h
    sources_24h: int


@dataclass(frozen=True, slots=True)
class TrendingRules:
    """The trending formula's constants (see ``trending_tags``)."""

    recent_prior: float = 1.0  # a: added to the last day's count
    baseline_prior: float = 2.0  # b: added to the daily baseline, in articles per day
    baseline_days: float = 7.0
    min_count: int = 3  # articles in the last 24 h
    min_sources: int = 2  # one outlet's series of updates is not a trend
    min_rise: float = 1.5


@dataclass(frozen=True, slots=True)
class TrendingTag:
    """A tag on the rise: how many times its usual daily rate it ran in the last day."""

    slug: str
    rise: float
    count_24h: int
    baseline_per_day: float


def trending_tags(
    activity: Iterable[TagActivity], rules: TrendingRules | None = None, limit: int = 20
) -> list[TrendingTag]:
    """Tags whose last day outran their usual rate, steepest rise first.

    rise = (count_24h + a) / (count_before / baseline_days + b)

    The priors smooth small numbers: with a = 1 and b = 2, a tag first seen today in one
    article rises (1 + 1) / (0 + 2) = 1, not infinitely, and a new tag needs three articles
    to reach 2; a tag running at 10 a day needs 26 in a day to reach 2. Tags with fewer
    than ``min_count`` articles or ``min_sources`` sources in the last day never trend,
    whatever their rise. Ties go to the busier tag, then the slug.
    """
    rules = rules or TrendingRules()
    found: list[TrendingTag] = []
    for tag in activity:
        if tag.count_24h < rules.min_count or tag.sources_24h < rules.min_sources:
            continue
        baseline = tag.count_before / rules.baseline_days
        rise = (tag.count_24h + rules.recent_prior) / (baseline + rules.baseline_prior)
        if rise >= rules.min_rise:
            found.append(TrendingTag(tag.slug, round(rise, 3), tag.count_24h, round(baseline, 3)))
    found.sort(key=lambda t: (-t.rise, -t.count_24h, t.slug))
    return found[:limit]
