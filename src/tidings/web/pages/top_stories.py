"""Top stories: which stories lead the home page.

A story ranks by how many outlets cover it, decayed by how long ago it last grew: a story
twelve hours quiet counts half as much as one updated now. Wide, live coverage leads;
one outlet's scoop does not (it needs a second outlet to be a story here at all).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from tidings.models import Story

HALF_LIFE_HOURS = 12.0
WINDOW = timedelta(hours=48)
MIN_OUTLETS = 2
TOP_STORIES = 5


def story_score(story: Story, now: datetime) -> float:
    """Outlets × 0.5^(hours since the story's last update / half-life)."""
    if story.last_updated is None:
        return 0.0
    hours = max((now - story.last_updated).total_seconds() / 3600, 0.0)
    return story.outlet_count * math.pow(0.5, hours / HALF_LIFE_HOURS)


def top_stories(
    candidates: Iterable[Story], now: datetime, *, limit: int = TOP_STORIES
) -> list[Story]:
    """The best ``limit`` stories with 2+ outlets updated in the last 48 hours, best first."""
    eligible = [
        s
        for s in candidates
        if s.outlet_count >= MIN_OUTLETS
        and s.last_updated is not None
        and s.last_updated >= now - WINDOW
    ]
    # Ties (same score) go to the more recently updated story, then a stable id order.
    eligible.sort(key=lambda s: (-story_score(s, now), -(s.last_updated or now).timestamp(), s.id))
    return eligible[:limit]
