"""Articles as pages read them: one by id, the latest (by source, tag, category or
language), copies of one, related by keywords, and the stored vectors."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select

from tidings.errors import NotFound
from tidings.models import Article, Cursor
from tidings.store.schema import article_keywords, article_tags, article_vectors, articles
from tidings.store.sql_rows import ArticleRows, article_columns, card_columns

__all__ = ["ArticleReadQueries"]

# What the article page runs on every view, built once (see ``sql_rows._FIGURES_OF``).
_ARTICLE = select(*article_columns()).where(articles.c.id == bindparam("article_id"))
_COPIES = (
    select(*card_columns())
    .where(articles.c.duplicate_of == bindparam("article_id"))
    .order_by(articles.c.discovered_at)
)
_mine = article_keywords.alias("mine")
_theirs = article_keywords.alias("theirs")
# Postings of the last 14 days only, counted in ix_article_keywords_recent alone: the work
# follows the daily intake, not the archive's size. Then candidates are checked best
# first, a chunk at a time, until enough pass.
_KEYWORD_RANKED = (
    select(_theirs.c.article_id)
    .select_from(_mine)
    .join(
        _theirs,
        and_(_theirs.c.keyword == _mine.c.keyword, _theirs.c.sort_time >= bindparam("since")),
    )
    .where(
        _mine.c.article_id == bindparam("article_id"),
        _theirs.c.article_id != bindparam("article_id"),
    )
    .group_by(_theirs.c.article_id)
    .order_by(
        func.count().desc(), func.max(_theirs.c.sort_time).desc(), _theirs.c.article_id.desc()
    )
    .limit(bindparam("step"))
    .offset(bindparam("start"))
)
_KEYWORD_ELIGIBLE = select(articles.c.id).where(
    articles.c.id.in_(bindparam("ids", expanding=True)),
    articles.c.source_id != bindparam("source_id"),
    articles.c.duplicate_of.is_(None),
    articles.c.sort_time >= bindparam("since"),
)
_CHUNK = 500  # under SQLite's bound-parameter limit
_CARDS_BY_IDS = select(*card_columns()).where(articles.c.id.in_(bindparam("ids", expanding=True)))


class ArticleReadQueries(ArticleRows):
    """``get_article``, ``latest_articles``, ``copies_of``, ``related_by_keywords``,
    ``count_articles``, ``stored_vectors`` and ``articles_by_ids``."""

    def copies_of(self, article_id: str) -> list[Article]:
        """Articles stored as copies of ``article_id``, oldest first, without their HTML
        body (pages name them; nobody reads a copy's body)."""
        with self._connect() as conn:
            rows = [r._mapping for r in conn.execute(_COPIES, {"article_id": article_id})]
            return self._articles(conn, rows)

    def stored_vectors(self, model: str) -> list[tuple[str, bytes]]:
        """Every (article id, vector) under ``model``: what the vector index is built from."""
        with self._connect() as conn:
            rows = conn.execute(
                select(article_vectors.c.article_id, article_vectors.c.vector).where(
                    article_vectors.c.model == model
                )
            )
            return [(r.article_id, bytes(r.vector)) for r in rows]

    def get_article(self, article_id: str) -> Article:
        with self._connect() as conn:
            row = conn.execute(_ARTICLE, {"article_id": article_id}).one_or_none()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            return self._articles(conn, [row._mapping])[0]

    def latest_articles(
        self,
        *,
        limit: int,
        before: Cursor | None = None,
        source_id: int | None = None,
        include_copies: bool = False,
        tag: str | None = None,
        category: str | None = None,
        language: str | None = None,
        after: Cursor | None = None,
        bodies: bool = True,
    ) -> list[Article]:
        columns = article_columns() if bodies else card_columns()
        if after is not None:  # the page just newer than ``after``: walk up, then turn round
            stmt = select(*columns).order_by(articles.c.sort_time, articles.c.id)
            stmt = stmt.where(
                or_(
                    articles.c.sort_time > after.sort_time,
                    and_(articles.c.sort_time == after.sort_time, articles.c.id > after.article_id),
                )
            )
        else:
            stmt = select(*columns).order_by(articles.c.sort_time.desc(), articles.c.id.desc())
        if not include_copies:
            stmt = stmt.where(articles.c.duplicate_of.is_(None))
        if source_id is not None:
            stmt = stmt.where(articles.c.source_id == source_id)
        if tag is not None:
            tagged = select(article_tags.c.article_id).where(article_tags.c.slug == tag)
            stmt = stmt.where(articles.c.id.in_(tagged))
        if category is not None:
            stmt = stmt.where(articles.c.category == category)
        if language is not None:
            stmt = stmt.where(articles.c.language == language)
        if before is not None:
            stmt = stmt.where(
                or_(
                    articles.c.sort_time < before.sort_time,
                    and_(
                        articles.c.sort_time == before.sort_time, articles.c.id < before.article_id
                    ),
                )
            )
        with self._connect() as conn:
            rows = [r._mapping for r in conn.execute(stmt.limit(limit))]
            if after is not None:
                rows.reverse()
            return self._articles(conn, rows, body_figures=bodies)

    def related_by_keywords(self, article: Article, *, limit: int, now: datetime) -> list[Article]:
        if limit <= 0:
            return []
        since = now - timedelta(days=14)
        with self._connect() as conn:
            ids: list[str] = []
            step = max(4 * limit, 50)
            for start in itertools.count(0, step):
                # Most candidates pass, so one page usually does: reading every candidate
                # into Python cost more than ranking them.
                chunk = list(
                    conn.execute(
                        _KEYWORD_RANKED,
                        {"article_id": article.id, "since": since, "step": step, "start": start},
                    ).scalars()
                )
                if not chunk:
                    break
                found = conn.execute(
                    _KEYWORD_ELIGIBLE,
                    {"ids": chunk, "source_id": article.source_id, "since": since},
                )
                kept = set(found.scalars())
                ids += [i for i in chunk if i in kept]
                if len(ids) >= limit or len(chunk) < step:
                    break
            ids = ids[:limit]
            if not ids:
                return []
            rows = {r.id: r._mapping for r in conn.execute(_CARDS_BY_IDS, {"ids": ids})}
            return self._articles(conn, [rows[i] for i in ids if i in rows])

    def count_articles(self) -> int:
        with self._connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """These articles in the order given (unknown ids left out)."""
        ids = list(dict.fromkeys(article_ids))[:_CHUNK]
        if not ids:
            return []
        with self._connect() as conn:
            rows = {
                r.id: r._mapping
                for r in conn.execute(select(articles).where(articles.c.id.in_(ids)))
            }
            return self._articles(conn, [rows[i] for i in ids if i in rows])
