"""Full-text search over articles, and the index's own words.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from tidings.store.search import (
    SearchHit,
    SearchQuery,
)

__all__ = ["Search"]


class Search(Protocol):
    """Full-text search over articles, and the index's own words."""

    def search(self, query: SearchQuery) -> list[SearchHit]:
        """Articles whose title or body has every word of ``query.text`` (the last one
        also as a prefix), filtered, best first (or newest first), after ``query.after``."""
        ...

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
        ...

    def term_documents(self, words: list[str]) -> dict[str, int]:
        """How many articles hold each of ``words`` (casefolded) as an indexed word; 0 for
        a word the index does not know."""
        ...

    def spelling_candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        """Indexed words that may be ``word`` misspelt, with how many articles hold each:
        those that begin with its first or second letter (a slip in the first letter is
        rarely made) and are at most ``distance`` letters longer or shorter."""
        ...
