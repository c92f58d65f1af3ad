"""When demo articles go live, and where their pages live.

Released articles are dated relative to the app's start; held-back ones go live one per
``release_interval`` after it, so a running demo keeps publishing and stories keep growing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.demo.catalog import DemoArticle, DemoOutlet


@dataclass(frozen=True, slots=True)
class Schedule:
    """When articles go live: relative to the app's start, one held-back article per interval."""

    start: datetime
    release_interval: float

    def published_at(self, article: DemoArticle) -> datetime:
        """Publication time; a held-back article's is its release time."""
        if article.release_slot is not None:
            return self.start + timedelta(seconds=article.release_slot * self.release_interval)
        return self.start - timedelta(minutes=article.published_minutes_ago or 0)

    def modified_at(self, article: DemoArticle) -> datetime:
        """Last modification time; the publication time when never modified."""
        if article.modified_minutes_ago is None or article.release_slot is not None:
            return self.published_at(article)
        return self.start - timedelta(minutes=article.modified_minutes_ago)

    def is_released(self, article: DemoArticle, now: datetime) -> bool:
        """Whether the article is visible at ``now``."""
        return article.release_slot is None or now >= self.published_at(article)

    def released(self, articles: Iterable[DemoArticle], now: datetime) -> list[DemoArticle]:
        """The released ones among ``articles``, newest first."""
        live = [a for a in articles if self.is_released(a, now)]
        return sorted(live, key=lambda a: (self.published_at(a), a.slug), reverse=True)


def article_path(outlet: DemoOutlet, article: DemoArticle, published: datetime) -> str:
    """The root-relative URL path of an article page, following the outlet's pattern."""
    pattern = outlet.opinion_path if article.section == "Opinion" else outlet.article_path
    return f"/{outlet.slug}/" + pattern.format(
        yyyy=f"{published.year:04d}",
        mm=f"{published.month:02d}",
        dd=f"{published.day:02d}",
        slug=article.slug,
        section=outlet.section_slug(article.section),
        id=article.numeric_id,
    )
