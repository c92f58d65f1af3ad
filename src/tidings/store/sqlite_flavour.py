"""How SQLite spells what the two databases spell differently: "insert unless present", and
full text over the FTS5 table ``article_search`` (title, text; migration 0009) and its
vocabulary.

Each method here is one of ``flavour.Flavour``'s, which the shared store code asks:
``sql_base.py`` (inserts), ``sql_search.py`` (matches, cursor rank, snippets) and
``sql_search_terms.py`` (the vocabulary). ``postgres_flavour.py`` implements
the same hooks for PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, Table, TextClause, text
from sqlalchemy.dialects import sqlite

from tidings.store.search import RANK_WINDOW, SNIPPET_WORDS, fold_accents, fts5_match

__all__ = ["SqliteFlavour"]

_VOCAB = "temp.article_search_terms"


class SqliteFlavour:
    """The SQLite side of every difference; each store class holds one (``flavour_for``)."""

    def insert_ignoring_conflicts(self, table: Table) -> Insert:
        return sqlite.insert(table).on_conflict_do_nothing()

    # -- full text: FTS5 --------------------------------------------------------------------

    def full_text_matches(self, words: list[str], filters: str) -> tuple[str, dict[str, Any]]:
        # bm25 is already lower for a better match; the title weighs 8, the body 1. The
        # newest ``RANK_WINDOW`` matches by arrival (the index's rowid order, which FTS5
        # walks backwards without sorting) are ranked, not every match.
        source = (
            "SELECT a.id AS id, a.sort_time AS sort_time, "  # noqa: S608
            "bm25(article_search, 8.0, 1.0) AS rank "
            "FROM article_search JOIN articles a ON a.rowid = article_search.rowid "
            f"WHERE article_search MATCH :match AND a.duplicate_of IS NULL{filters} "
            "ORDER BY article_search.rowid DESC LIMIT :rank_window"
        )
        return source, {"match": fts5_match(words), "rank_window": RANK_WINDOW}

    def cursor_rank(self) -> str:
        return ":cursor_rank"

    def snippet_statement(self, words: list[str]) -> tuple[TextClause, dict[str, Any]]:
        stmt = text(
            "SELECT a.id AS id, snippet(article_search, 1, char(2), char(3), '…', "  # noqa: S608
            f"{SNIPPET_WORDS}) AS snip FROM article_search JOIN articles a "
            "ON a.rowid = article_search.rowid "
            "WHERE article_search MATCH :match AND a.id IN :ids"
        )
        return stmt, {"match": fts5_match(words)}

    # -- the vocabulary: fts5vocab ------------------------------------------------------------

    def term_documents(self, conn: Any, words: list[str]) -> dict[str, int]:
        _vocabulary(conn)
        lookup = text(f"SELECT doc FROM {_VOCAB} WHERE term = :t")  # noqa: S608 - a constant
        return {w: int(conn.execute(lookup, {"t": fold_accents(w)}).scalar() or 0) for w in words}

    def spelling_rows(self, conn: Any, starts: list[str], shortest: int, longest: int) -> list[Any]:
        _vocabulary(conn)
        rows: list[Any] = []
        for start in starts:  # a range of the vocabulary's key per first letter
            rows += conn.execute(
                text(
                    f"SELECT term, doc FROM {_VOCAB} "  # noqa: S608
                    "WHERE term >= :lo AND term < :hi "
                    "AND length(term) BETWEEN :shortest AND :longest"
                ),
                {"lo": start, "hi": start + "\U0010ffff", "shortest": shortest, "longest": longest},
            ).all()
        return rows


def _vocabulary(conn: Any) -> None:
    # The index's words through an ``fts5vocab`` table in the connection's temporary
    # schema: nothing is added to the database file. A temporary table lives with its
    # connection (``IF NOT EXISTS``: a pooled one keeps it); it holds nothing itself.
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_search_terms "
            "USING fts5vocab(main, 'article_search', 'row')"
        )
    )
