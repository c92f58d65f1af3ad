"""What the two databases spell differently, as one object each store class holds.

The shared store code never asks which database it is on: it asks its ``flavour`` for
"insert unless present" (``sql_base.py``), for which articles match a search, how they
rank, how a cursor's rank compares and the snippets (``sql_search.py``), and for the words
the search index holds (``sql_search_terms.py``). ``sqlite_flavour.py`` (FTS5) and
``postgres_flavour.py`` (a tsvector column with its GIN index) spell each of them;
``flavour_for`` picks one by the engine's dialect.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine, Insert, Table, TextClause

from tidings.store.postgres_flavour import PostgresFlavour
from tidings.store.sqlite_flavour import SqliteFlavour

__all__ = ["Flavour", "flavour_for"]


class Flavour(Protocol):
    """Everything the store's SQL spells per database."""

    def insert_ignoring_conflicts(self, table: Table) -> Insert:
        """An INSERT into ``table`` that leaves a row whose key is already there alone."""
        ...

    def full_text_matches(
        self, words: list[str], filters: str, *, since: bool = False
    ) -> tuple[str, dict[str, Any]]:
        """A SELECT of ``id``, ``sort_time`` and ``rank`` (lower is better) of the original
        articles ``a`` holding every word of ``words`` (the last also as a prefix), with
        ``filters`` (`` AND a.…`` clauses) added to its WHERE; and the parameters it binds.
        ``since``: the filters bind ``:since``, the earliest ``sort_time`` wanted."""
        ...

    def cursor_rank(self) -> str:
        """The bound ``:cursor_rank`` as SQL that compares with ``rank`` exactly."""
        ...

    def snippet_statement(
        self, words: list[str], texts: list[str]
    ) -> tuple[TextClause, dict[str, Any]]:
        """A statement for the ``id`` and marked ``snip`` (``START``/``STOP`` around each
        hit, at most ``SNIPPET_WORDS`` words) of the articles in the list ``:ids``, whose
        titles and bodies are ``texts``; and the parameters it binds besides ``ids``."""
        ...

    def term_documents(self, conn: Any, words: list[str]) -> dict[str, int]:
        """How many articles hold each of a non-empty ``words`` as an indexed word, on
        ``conn``."""
        ...

    def spelling_rows(self, conn: Any, starts: list[str], shortest: int, longest: int) -> list[Any]:
        """Rows of ``term`` and ``doc`` (how many articles hold it): the indexed words that
        begin with one of ``starts`` (one or two letters, sorted) and have ``shortest`` to
        ``longest`` letters."""
        ...


def flavour_for(engine: Engine) -> Flavour:
    """The flavour of ``engine``'s database."""
    if engine.dialect.name == "sqlite":
        return SqliteFlavour()
    if engine.dialect.name == "postgresql":
        return PostgresFlavour()
    raise ValueError(f"unsupported database: {engine.dialect.name}")
