"""The search half of the repository: full text, and the filters applied to articles found
by meaning.

The paging, filters and hits are shared; what each database spells its own way (which
articles match and how they rank, how a cursor's rank is compared, the snippets) is asked
of the flavour (``flavour.py``): ``sqlite_flavour.py`` (FTS5) or ``postgres_flavour.py``
(tsvector)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from markupsafe import Markup
from sqlalchemy import bindparam, select, text

from tidings.models import Article
from tidings.store.schema import articles
from tidings.store.search import (
    RankCursor,
    SearchHit,
    SearchQuery,
    marked_snippet,
    query_words,
)
from tidings.store.sql_search_terms import SearchTermQueries

__all__ = ["SearchQueries"]

_HEX_PREFIX = re.compile(r"[0-9a-f]{1,32}")


def range_slots(count: int) -> int:
    """How many id ranges a statement for ``count`` prefixes spells: the next power of two
    (the spare ones repeat the last range). Each spelling is a statement of its own that
    the engine compiles and keeps (up to 500 of them, some with hundreds of parameters):
    one per count made a server's memory climb with every new count searched (the soak,
    docs/benchmarks.md); a power of two makes nine spellings up to 256."""
    return 1 << max(0, count - 1).bit_length()


class SearchQueries(SearchTermQueries):
    """``search``: original articles matching every word (the last one also as a
    prefix), best first, with snippets; ``search_near``: the articles of a
    nearest-neighbour list that pass the filters; and the vocabulary for spelling."""

    def search(self, query: SearchQuery) -> list[SearchHit]:
        """Articles whose title or body has every word of ``query.text`` (the last one
        also as a prefix), filtered, best first (or newest first), after ``query.after``."""
        words = query_words(query.text)
        if not words:
            return []
        filters, params = _filters(query)
        params["limit"] = query.limit
        source, matching = self.flavour.full_text_matches(
            words, filters, since=query.since is not None
        )
        params.update(matching)
        where, order = "", "rank, id"
        rank = self.flavour.cursor_rank()
        cursor = query.after or query.before
        if query.newest_first:
            order = "sort_time DESC, id DESC"
        elif query.after is not None:
            where = f" WHERE rank > {rank} OR (rank = {rank} AND id > :cursor_id)"
        elif query.before is not None:  # walk back up, then turn round
            where = f" WHERE rank < {rank} OR (rank = {rank} AND id < :cursor_id)"
            order = "rank DESC, id DESC"
        if cursor is not None and where:
            params.update(cursor_rank=cursor.rank, cursor_id=cursor.article_id)
        # Interpolated: constants and ``_filters``' fixed column names; values are bound.
        page = text(
            f"SELECT id, rank FROM ({source}) AS found{where} "  # noqa: S608
            f"ORDER BY {order} LIMIT :limit"
        )
        with self._connect() as conn:
            found = [(str(row.id), float(row.rank)) for row in conn.execute(page, params)]
            if order.startswith("rank DESC"):
                found.reverse()
            if not found:
                return []
            ids = [i for i, _ in found]
            stored = self._stored(conn, ids)
            snippets = self._snippets(conn, words, list(stored.values()))
        return [
            SearchHit(stored[i], marked_snippet(snippets.get(i)), -rank, RankCursor(rank, i))
            for i, rank in found
            if i in stored
        ]

    def search_near(
        self,
        query: SearchQuery,
        near: Sequence[tuple[str, float]],
        *,
        exclude: Collection[str] = (),
    ) -> list[SearchHit]:
        """The original articles among ``near`` that pass ``query``'s filters (not its
        words), most similar first, at most ``query.limit``, none of ``exclude``.

        ``near`` holds ``(id, similarity)`` pairs, where an id may be cut to its first
        hex digits (the vector index keys articles by the first 16).
        """
        similarity: dict[str, float] = {}
        for prefix, score in near:
            if _HEX_PREFIX.fullmatch(prefix) and score > similarity.get(prefix, -2.0):
                similarity[prefix] = score
        if not similarity or query.limit <= 0:
            return []
        filters, params = _filters(query)
        ranges = []
        prefixes = list(similarity)
        for n in range(range_slots(len(prefixes))):
            prefix = prefixes[min(n, len(prefixes) - 1)]
            # Hex ids of one length order the same under any collation.
            ranges.append(f"a.id BETWEEN :lo{n} AND :hi{n}")
            params[f"lo{n}"], params[f"hi{n}"] = prefix.ljust(32, "0"), prefix.ljust(32, "f")
        stmt = text(
            "SELECT a.id AS id FROM articles a "  # noqa: S608 - fixed names, bound values
            f"WHERE ({' OR '.join(ranges)}) AND a.duplicate_of IS NULL{filters}"
        )
        with self._connect() as conn:
            ids = [str(r.id) for r in conn.execute(stmt, params) if r.id not in exclude]
            scored = sorted(
                ((_similarity_of(i, similarity), i) for i in ids), key=lambda p: (-p[0], p[1])
            )[: query.limit]
            stored = self._stored(conn, [i for _, i in scored])
        return [SearchHit(stored[i], Markup(""), score) for score, i in scored if i in stored]

    def _snippets(self, conn: Any, words: list[str], shown: list[Article]) -> dict[str, str]:
        """Marked snippets of these articles' bodies, made only for the page shown."""
        if not shown:
            return {}
        texts = [f"{a.title}\n{a.text or ''}" for a in shown]
        stmt, params = self.flavour.snippet_statement(words, texts)
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
        ids = [a.id for a in shown]
        return {str(r.id): r.snip for r in conn.execute(stmt, {**params, "ids": ids})}

    def _stored(self, conn: Any, ids: list[str]) -> dict[str, Article]:
        if not ids:
            return {}
        rows = {
            r.id: r._mapping for r in conn.execute(select(articles).where(articles.c.id.in_(ids)))
        }
        return {a.id: a for a in self._articles(conn, [rows[i] for i in ids if i in rows])}


def _similarity_of(article_id: str, similarity: dict[str, float]) -> float:
    return max(score for prefix, score in similarity.items() if article_id.startswith(prefix))


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
