"""The words the search index holds, for spelling: how many articles hold a word, and the
indexed words that could be a misspelt one.

SQLite reads the FTS5 index's own vocabulary through an ``fts5vocab`` table made in each
connection's temporary schema (nothing is added to the database file). PostgreSQL has no
vocabulary beside a tsvector column: whether a word is known is asked of the GIN index
(every article), and the candidates come from ``ts_stat`` over the newest
``TERM_WINDOW`` original articles, so the cost of one spelling step stays bounded as the
archive grows.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import text

from tidings.store.sql_rows import ArticleRows

__all__ = ["TERM_WINDOW", "SearchTermQueries", "fold_accents"]

TERM_WINDOW = 2000
_VOCAB = "temp.article_search_terms"


def fold_accents(word: str) -> str:
    """``word`` without its diacritics, as the SQLite index stores words (``remove_diacritics``)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class SearchTermQueries(ArticleRows):
    """``term_documents`` and ``spelling_candidates`` over either database."""

    def term_documents(self, words: list[str]) -> dict[str, int]:
        """How many articles hold each of ``words`` (casefolded) as an indexed word; 0 for
        a word the index does not know."""
        found = dict.fromkeys(words, 0)
        if not words:
            return found
        with self._connect() as conn:
            if self.engine.dialect.name == "sqlite":
                _vocabulary(conn)
                for word in words:
                    count = conn.execute(
                        text(f"SELECT doc FROM {_VOCAB} WHERE term = :t"),  # noqa: S608
                        {"t": fold_accents(word)},
                    ).scalar()
                    found[word] = int(count or 0)
            else:
                for word in words:
                    count = conn.execute(
                        text(
                            "SELECT count(*) FROM articles "
                            "WHERE search_vector @@ to_tsquery('simple', :q)"
                        ),
                        {"q": _pg_term(word)},
                    ).scalar()
                    found[word] = int(count or 0)
        return found

    def spelling_candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        """Indexed words that may be ``word`` misspelt, with how many articles hold each:
        those that begin with its first or second letter (a slip in the first letter is
        rarely made) and are at most ``distance`` letters longer or shorter."""
        folded = fold_accents(word)
        if len(folded) < 2:
            return []
        shortest, longest = max(1, len(folded) - distance), len(folded) + distance
        starts = sorted({folded[0], folded[1]})
        with self._connect() as conn:
            if self.engine.dialect.name == "sqlite":
                _vocabulary(conn)
                rows: list[Any] = []
                for start in starts:
                    rows += conn.execute(
                        text(
                            f"SELECT term, doc FROM {_VOCAB} "  # noqa: S608
                            "WHERE term >= :lo AND term < :hi "
                            "AND length(term) BETWEEN :shortest AND :longest"
                        ),
                        {
                            "lo": start,
                            "hi": start + "\U0010ffff",
                            "shortest": shortest,
                            "longest": longest,
                        },
                    ).all()
            else:
                rows = conn.execute(
                    text(
                        "SELECT word AS term, ndoc AS doc FROM ts_stat("  # noqa: S608 - a constant
                        "'SELECT search_vector FROM articles WHERE duplicate_of IS NULL "
                        f"ORDER BY sort_time DESC LIMIT {TERM_WINDOW}') "
                        "WHERE left(word, 1) IN (:a, :b) "
                        "AND length(word) BETWEEN :shortest AND :longest"
                    ),
                    {"a": starts[0], "b": starts[-1], "shortest": shortest, "longest": longest},
                ).all()
        return [(str(r.term), int(r.doc)) for r in rows]


def _vocabulary(conn: Any) -> None:
    # A temporary table lives with its connection (``IF NOT EXISTS``: a pooled one keeps
    # it); it holds nothing itself, it reads the FTS5 index.
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_search_terms "
            "USING fts5vocab(main, 'article_search', 'row')"
        )
    )


def _pg_term(word: str) -> str:
    # Words are runs of \w (no tsquery operator can be among them); quoted as a lexeme.
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
