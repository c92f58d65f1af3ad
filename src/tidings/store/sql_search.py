"""The search half of the repository: full text over SQLite FTS5 or PostgreSQL tsvector."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from tidings.store.schema import articles
from tidings.store.search import START, STOP, SearchHit, SearchQuery, marked_snippet, query_words
from tidings.store.sql_rows import ArticleRows

__all__ = ["SearchQueries"]

_SNIPPET_WORDS = 28
_BODY_CHARS = 200_000  # what the PostgreSQL index covers (migration 0009)


class SearchQueries(ArticleRows):
    """``search``: original articles matching every word, best first, with snippets."""

    def search(self, query: SearchQuery) -> list[SearchHit]:
        """Articles whose title or body has every word of ``query.text``, filtered."""
        words = query_words(query.text)
        if not words:
            return []
        filters, params = _filters(query)
        params.update(limit=query.limit, offset=query.offset)
        if self.engine.dialect.name == "sqlite":
            params["match"] = " ".join(f'"{word}"' for word in words)
            # Interpolated: constants and ``_filters``' fixed column names; values are bound.
            stmt = text(
                "SELECT a.id AS id, bm25(article_search, 8.0, 1.0) AS rank, "  # noqa: S608
                f"snippet(article_search, 1, char(2), char(3), '…', {_SNIPPET_WORDS}) AS snip "
                "FROM article_search JOIN articles a ON a.rowid = article_search.rowid "
                f"WHERE article_search MATCH :match AND a.duplicate_of IS NULL{filters} "
                "ORDER BY rank LIMIT :limit OFFSET :offset"
            )
            best_first = 1.0  # bm25 is lower for better matches
        else:
            params["tsq"] = " & ".join(words)
            params["headline"] = (
                f"StartSel={START}, StopSel={STOP}, MaxWords={_SNIPPET_WORDS}, MinWords=12, "
                "MaxFragments=1, FragmentDelimiter= … "
            )
            stmt = text(
                "SELECT a.id AS id, ts_rank_cd(a.search_vector, q) AS rank, "  # noqa: S608
                f"ts_headline('simple', left(coalesce(a.text, ''), {_BODY_CHARS}), q, "
                ":headline) AS snip FROM articles a, to_tsquery('simple', :tsq) q "
                f"WHERE a.search_vector @@ q AND a.duplicate_of IS NULL{filters} "
                "ORDER BY rank DESC, a.sort_time DESC LIMIT :limit OFFSET :offset"
            )
            best_first = -1.0
        with self._connect() as conn:
            found = [
                (row.id, float(row.rank) * best_first, row.snip)
                for row in conn.execute(stmt, params)
            ]
            if not found:
                return []
            rows = {
                r.id: r._mapping
                for r in conn.execute(
                    select(articles).where(articles.c.id.in_([i for i, _, _ in found]))
                )
            }
            stored = {
                a.id: a for a in self._articles(conn, [rows[i] for i, _, _ in found if i in rows])
            }
        return [
            SearchHit(stored[i], marked_snippet(snip), -rank)
            for i, rank, snip in found
            if i in stored
        ]


def _filters(query: SearchQuery) -> tuple[str, dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    for column, value in (
        ("source_id", query.source_id),
        ("category", query.category),
        ("language", query.language),
        ("article_type", query.article_type),
    ):
        if value is not None:
            parts.append(f" AND a.{column} = :{column}")
            params[column] = value
    if query.since is not None:
        parts.append(" AND a.sort_time >= :since")
        params["since"] = query.since
    if query.until is not None:
        parts.append(" AND a.sort_time < :until")
        params["until"] = query.until
    return "".join(parts), params
