"""What the sitemaps read: originals by month, a few columns each, never their text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from tidings.store.schema import articles
from tidings.store.sql_base import SqlBase

__all__ = ["SitemapEntry", "SitemapQueries"]


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One article page as a sitemap names it."""

    id: str
    title: str
    language: str | None
    sort_time: datetime
    modified: datetime | None

    @property
    def lastmod(self) -> datetime:
        """When the page last changed as far as we know: modified, else listed."""
        if self.modified is not None and self.modified > self.sort_time:
            return self.modified
        return self.sort_time


class SitemapQueries(SqlBase):
    """Originals only: a copy's page shows its original's text, which has its own URL."""

    def article_time_span(self) -> tuple[datetime, datetime] | None:
        """The oldest and newest list time of an original, or None with no articles."""
        stmt = select(func.min(articles.c.sort_time), func.max(articles.c.sort_time)).where(
            articles.c.duplicate_of.is_(None)
        )
        with self._connect() as conn:
            oldest, newest = conn.execute(stmt).one()
        if oldest is None or newest is None:
            return None
        return oldest, newest

    def sitemap_summary(self, start: datetime, end: datetime) -> tuple[int, datetime | None]:
        """How many originals were listed in ``[start, end)``, and the latest change among
        them (``modified`` or list time, whichever is later)."""
        stmt = select(
            func.count(), func.max(articles.c.sort_time), func.max(articles.c.modified)
        ).where(
            articles.c.duplicate_of.is_(None),
            articles.c.sort_time >= start,
            articles.c.sort_time < end,
        )
        with self._connect() as conn:
            count, listed, modified = conn.execute(stmt).one()
        times = [t for t in (listed, modified) if t is not None]
        return int(count), max(times) if times else None

    def sitemap_entries(
        self,
        start: datetime,
        end: datetime,
        *,
        offset: int,
        limit: int,
        newest_first: bool = False,
    ) -> list[SitemapEntry]:
        """Originals listed in ``[start, end)``, oldest first (a page stays put as the
        month fills) unless ``newest_first``, ``limit`` from ``offset``."""
        order: tuple[ColumnElement[Any], ...] = (articles.c.sort_time, articles.c.id)
        if newest_first:
            order = (articles.c.sort_time.desc(), articles.c.id.desc())
        stmt = (
            select(
                articles.c.id,
                articles.c.title,
                articles.c.language,
                articles.c.sort_time,
                articles.c.modified,
            )
            .where(
                articles.c.duplicate_of.is_(None),
                articles.c.sort_time >= start,
                articles.c.sort_time < end,
            )
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        with self._connect() as conn:
            return [SitemapEntry(*row) for row in conn.execute(stmt)]
