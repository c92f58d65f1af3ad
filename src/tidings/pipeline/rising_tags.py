"""Hashtags on the rise for the home page: the store's counts, ranked by ``enrich.trending``."""

from __future__ import annotations

from datetime import datetime

from tidings.enrich.trending import TagActivity, trending_tags
from tidings.store import Stories

__all__ = ["rising_tags"]


def rising_tags(repo: Stories, moment: datetime, *, limit: int) -> list[tuple[str, str]]:
    """Hashtags on the rise at ``moment``: ``(slug, display)``, steepest first."""
    rows = repo.tag_activity(moment)
    displays = {slug: display for slug, display, *_ in rows}
    activity = [TagActivity(slug, day, week, outlets) for slug, _, day, week, outlets in rows]
    return [(t.slug, displays[t.slug]) for t in trending_tags(activity, limit=limit)]
