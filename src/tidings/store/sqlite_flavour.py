"""How SQLite spells what the two databases spell differently: "insert unless present", and
full text over the FTS5 table ``article_search`` (title, text; migration 0009) and its
vocabulary.

Each method here is one of ``flavour.Flavour``'s, which the shared store code asks:
``sql_base.py`` (inserts), ``sql_search.py`` (matches, cursor rank, snippets) and
``sql_search_terms.py`` (the vocabulary). ``postgres_flavour.py`` implements
the same hooks for PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Insert, Table, TextClause, text
from sqlalchemy.dialects import sqlite

from tidings.store.search import (
    RANK_WINDOW,
    SNIPPET_WORDS,
    fold_accents,
    fts5_match,
    last_word_is_prefix,
)

__all__ = ["SqliteFlavour"]

_VOCAB = "temp.article_search_terms"


class SqliteFlavour:
    """The SQLite side of every difference; each store class holds one (``flavour_for``)."""

    def insert_ignoring_conflicts(self, table: Table) -> Insert:
        return sqlite.insert(table).on_conflict_do_nothing()

    # -- full text: FTS5 --------------------------------------------------------------------

    def full_text_matches(
        self, words: list[str], filters: str, *, since: bool = False
    ) -> tuple[str, dict[str, Any]]:
        # bm25 is already lower for a better match; the title weighs 8, the body 1. The
        # newest ``RANK_WINDOW`` matches by arrival (the index's rowid order, which FTS5
        # walks backwards without sorting) are ranked, not every match.
        #
        # A date filter also bounds that walk: no article at or after ``since`` has a rowid
        # below the smallest such article's (found in the sort-time index), so FTS5 stops
        # there instead of walking every older match to the first article in the store.
        bound = (
            " AND article_search.rowid >= (SELECT coalesce(min(rowid), 9223372036854775807) "
            "FROM articles INDEXED BY ix_articles_sort_time WHERE sort_time >= :since)"
            if since
            else ""
        )
        source = (
            "SELECT a.id AS id, a.sort_time AS sort_time, "  # noqa: S608
            "bm25(article_search, 8.0, 1.0) AS rank "
            "FROM article_search JOIN articles a ON a.rowid = article_search.rowid "
            f"WHERE article_search MATCH :match{bound} AND a.duplicate_of IS NULL{filters} "
            "ORDER BY article_search.rowid DESC LIMIT :rank_window"
        )
        return source, {"match": fts5_match(words), "rank_window": RANK_WINDOW}

    def cursor_rank(self) -> str:
        return ":cursor_rank"

    def snippet_statement(
        self, words: list[str], texts: list[str]
    ) -> tuple[TextClause, dict[str, Any]]:
        # Driven by the page's articles (CROSS JOIN keeps them the outer loop), so FTS5
        # looks up each one's rowid; matched from the index's side, it would walk every
        # article holding the words (a second and more for a common word in a million).
        # A prefix in the MATCH would still merge the postings of every word it begins
        # for each lookup: the last word is given as the words it begins in these texts.
        stmt = text(
            "SELECT a.id AS id, snippet(article_search, 1, char(2), char(3), '…', "  # noqa: S608
            f"{SNIPPET_WORDS}) AS snip FROM articles a CROSS JOIN article_search "
            "ON article_search.rowid = a.rowid "
            "WHERE a.id IN :ids AND article_search MATCH :match"
        )
        return stmt, {"match": _exact_match(words, texts)}

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


def _exact_match(words: list[str], texts: list[str]) -> str:
    """``fts5_match(words)`` without a prefix: the last word, where it is one, becomes the
    words of ``texts`` it begins (as the index folds them), any of them; the same articles
    match, as far as these texts go, and the same words are marked."""
    if not last_word_is_prefix(words):
        return fts5_match(words)
    last = fold_accents(words[-1]).casefold()
    # The index's words are runs of letters and digits (unicode61): "_" parts them too.
    begun = re.compile(rf"(?<![^\W_]){re.escape(last)}[^\W_]*")
    found = sorted({m.group() for t in texts for m in begun.finditer(fold_accents(t).casefold())})
    quoted = [f'"{w}"' for w in words[:-1]]
    choices = [f'"{w}"' for w in found if '"' not in w] or [f'"{last}"']
    return " AND ".join([*quoted, "(" + " OR ".join(choices) + ")"])


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
