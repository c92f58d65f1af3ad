"""Hashtags and languages: what the story stage stores with an article's enrichment, and
what pages read of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, delete, distinct, func, select, update

from tidings.models import Enrichment
from tidings.store.schema import article_tags, articles
from tidings.store.sql_rows import ArticleRows

__all__ = ["TagActivityRow", "TagQueries"]

# (slug, display, articles in the last 24 h, articles in the 7 days before, sources in 24 h)
TagActivityRow = tuple[str, str, int, int, int]

# Read on every article page: built once, so each execution reuses its cache key.
_TAGS_OF = (
    select(article_tags.c.slug, article_tags.c.display)
    .where(article_tags.c.article_id == bindparam("article_id"))
    .order_by(article_tags.c.position)
)
_CHUNK = 500  # under SQLite's bound-parameter limit


class TagQueries(ArticleRows):
    """Reading and writing ``article_tags`` and the enrichment columns of ``articles``."""

    def _save_enrichment(self, conn: Any, article_id: str, found: Enrichment) -> None:
        """Within the placement's transaction: language, category and hashtags."""
        conn.execute(
            update(articles)
            .where(articles.c.id == article_id)
            .values(
                language=found.language,
                language_how=found.language_how,
                category=found.category,
                category_how=found.category_how,
            )
        )
        conn.execute(delete(article_tags).where(article_tags.c.article_id == article_id))
        if found.tags:
            conn.execute(
                article_tags.insert(),
                [
                    {
                        "article_id": article_id,
                        "slug": slug,
                        "display": display[:200],
                        "score": score,
                        "position": position,
                    }
                    for position, (slug, display, score) in enumerate(found.tags)
                ],
            )

    def known_tags(self, *, limit: int) -> dict[str, str]:
        """The most used hashtags, slug to how they are shown (the most recent spelling)."""
        uses = func.count().label("uses")
        stmt = (
            select(article_tags.c.slug, func.max(article_tags.c.display), uses)
            .group_by(article_tags.c.slug)
            .order_by(uses.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return {row[0]: row[1] for row in conn.execute(stmt)}

    def story_tags(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The hashtags (as shown) of each story's articles."""
        if not story_ids:
            return {}
        stmt = (
            select(articles.c.story_id, article_tags.c.display)
            .join(articles, articles.c.id == article_tags.c.article_id)
            .where(articles.c.story_id.in_(list(story_ids)))
            .distinct()
        )
        found: dict[str, list[str]] = {story_id: [] for story_id in story_ids}
        with self._connect() as conn:
            for story_id, display in conn.execute(stmt):
                found[story_id].append(display)
        return found

    def tags_of(self, article_id: str) -> list[tuple[str, str]]:
        """An article's hashtags as ``(slug, display)``, best first."""
        with self._connect() as conn:
            return [(row[0], row[1]) for row in conn.execute(_TAGS_OF, {"article_id": article_id})]

    def tag_display(self, slug: str) -> str | None:
        """How a hashtag is shown, or None when no article has it."""
        stmt = (
            select(article_tags.c.display, func.count().label("uses"))
            .where(article_tags.c.slug == slug)
            .group_by(article_tags.c.display)
            .order_by(func.count().desc())
            .limit(1)
        )
        with self._connect() as conn:
            row = conn.execute(stmt).first()
            return None if row is None else str(row[0])

    def article_languages(self) -> list[tuple[str, int]]:
        """The languages of original articles with how many each, most first."""
        count = func.count().label("articles")
        stmt = (
            select(articles.c.language, count)
            .where(articles.c.language.is_not(None), articles.c.duplicate_of.is_(None))
            .group_by(articles.c.language)
            .order_by(count.desc(), articles.c.language)
        )
        with self._connect() as conn:
            return [(str(row[0]), int(row[1])) for row in conn.execute(stmt)]

    def tag_activity(self, now: datetime) -> list[TagActivityRow]:
        """Per hashtag seen in the last 8 days: how many original articles had it in the
        last 24 hours and in the 7 days before, and from how many sources in the last 24."""
        day = now - timedelta(days=1)
        week = day - timedelta(days=7)
        recent = articles.c.sort_time >= day
        stmt = (
            select(
                article_tags.c.slug,
                func.max(article_tags.c.display),
                func.sum(case((recent, 1), else_=0)),
                func.sum(case((recent, 0), else_=1)),
                func.count(distinct(case((recent, articles.c.source_id), else_=None))),
            )
            .join(articles, articles.c.id == article_tags.c.article_id)
            .where(articles.c.sort_time >= week, articles.c.sort_time <= now)
            .where(articles.c.duplicate_of.is_(None))
            .group_by(article_tags.c.slug)
        )
        with self._connect() as conn:
            return [
                (row[0], row[1], int(row[2] or 0), int(row[3] or 0), int(row[4] or 0))
                for row in conn.execute(stmt)
            ]

    def tags_for_articles(self, article_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Each article's hashtags as ``(slug, display)``, best first."""
        found: dict[str, list[tuple[str, str]]] = {a: [] for a in article_ids}
        ids = list(found)
        with self._connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                stmt = (
                    select(article_tags.c.article_id, article_tags.c.slug, article_tags.c.display)
                    .where(article_tags.c.article_id.in_(ids[start : start + _CHUNK]))
                    .order_by(article_tags.c.article_id, article_tags.c.position)
                )
                for article_id, slug, display in conn.execute(stmt):
                    found[article_id].append((slug, display))
        return found
