"""The words the search index holds, for spelling: how many articles hold a word, and the
indexed words that could be a misspelt one.

Each flavour reads its own index (``Flavour.term_documents`` and ``Flavour.spelling_rows``,
``flavour.py``). SQLite (``sqlite_flavour.py``) reads the FTS5 index's own
vocabulary. PostgreSQL (``postgres_flavour.py``) has no vocabulary beside a tsvector
column: whether a word is known is asked of the GIN index (every article), and the
candidates come from the newest ``TERM_WINDOW`` original articles, so the cost of one
spelling step stays bounded as the archive grows.
"""

from __future__ import annotations

from tidings.store.search import fold_accents
from tidings.store.sql_rows import ArticleRows

__all__ = ["SearchTermQueries"]


class SearchTermQueries(ArticleRows):
    """``term_documents`` and ``spelling_candidates`` over either database."""

    def term_documents(self, words: list[str]) -> dict[str, int]:
        """How many articles hold each of ``words`` (casefolded) as an indexed word; 0 for
        a word the index does not know."""
        if not words:
            return {}
        with self._connect() as conn:
            return self.flavour.term_documents(conn, words)

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
            rows = self.flavour.spelling_rows(conn, starts, shortest, longest)
        return [(str(r.term), int(r.doc)) for r in rows]
