"""How PostgreSQL spells what the two databases spell differently: "insert unless present",
and full text over the generated tsvector column ``articles.search_vector`` with its GIN
index (migration 0009).

Each method here is one of ``flavour.Flavour``'s, which the shared store code asks:
``sql_base.py`` (inserts), ``sql_search.py`` (matches, cursor rank, snippets) and
``sql_search_terms.py`` (the vocabulary). ``sqlite_flavour.py`` implements
the same hooks for SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, Table, TextClause, text
from sqlalchemy.dialects import postgresql

from tidings.store.search import (
    RANK_WINDOW,
    SNIPPET_WORDS,
    START,
    STOP,
    TERM_WINDOW,
    tsquery_text,
)

__all__ = ["PostgresFlavour"]

_BODY_CHARS = 200_000  # what the PostgreSQL index covers (migration 0009)


class PostgresFlavour:
    """The PostgreSQL side of every difference; each store class holds one (``flavour_for``)."""

    def insert_ignoring_conflicts(self, table: Table) -> Insert:
        return postgresql.insert(table).on_conflict_do_nothing()

    # -- full text: tsvector ------------------------------------------------------------------

    def full_text_matches(
        self, words: list[str], filters: str, *, since: bool = False
    ) -> tuple[str, dict[str, Any]]:
        # ts_rank_cd is higher for a better match: negated, so that lower is better. The
        # newest ``RANK_WINDOW`` matches are ranked, not every match: PostgreSQL computes
        # the rank after the LIMIT, and for a common word walks the sort_time index.
        source = (
            "SELECT a.id AS id, a.sort_time AS sort_time, "  # noqa: S608
            "-ts_rank_cd(a.search_vector, q) AS rank "
            "FROM articles a, to_tsquery('simple', :tsq) q "
            f"WHERE a.search_vector @@ q AND a.duplicate_of IS NULL{filters} "
            "ORDER BY a.sort_time DESC, a.id DESC LIMIT :rank_window"
        )
        return source, {"tsq": tsquery_text(words), "rank_window": RANK_WINDOW}

    def cursor_rank(self) -> str:
        # Ranks are float4: compare in that type, or equal ranks differ.
        return "CAST(:cursor_rank AS real)"

    def snippet_statement(
        self, words: list[str], texts: list[str]
    ) -> tuple[TextClause, dict[str, Any]]:
        stmt = text(
            "SELECT a.id AS id, ts_headline('simple', "  # noqa: S608
            f"left(coalesce(a.text, ''), {_BODY_CHARS}), q, :headline) AS snip "
            "FROM articles a, to_tsquery('simple', :tsq) q WHERE a.id IN :ids"
        )
        return stmt, {
            "tsq": tsquery_text(words),
            "headline": f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, "
            "MinWords=12, MaxFragments=1, FragmentDelimiter= … ",
        }

    # -- the vocabulary: the GIN index, and ts_stat over the newest articles ------------------

    def term_documents(self, conn: Any, words: list[str]) -> dict[str, int]:
        lookup = text(
            "SELECT count(*) FROM articles WHERE search_vector @@ to_tsquery('simple', :q)"
        )
        return {w: int(conn.execute(lookup, {"q": _lexeme(w)}).scalar() or 0) for w in words}

    def spelling_rows(self, conn: Any, starts: list[str], shortest: int, longest: int) -> list[Any]:
        return list(
            conn.execute(
                text(
                    "SELECT word AS term, ndoc AS doc FROM ts_stat("  # noqa: S608 - a constant
                    "'SELECT search_vector FROM articles WHERE duplicate_of IS NULL "
                    f"ORDER BY sort_time DESC LIMIT {TERM_WINDOW}') "
                    "WHERE left(word, 1) IN (:a, :b) "
                    "AND length(word) BETWEEN :shortest AND :longest"
                ),
                {"a": starts[0], "b": starts[-1], "shortest": shortest, "longest": longest},
            ).all()
        )


def _lexeme(word: str) -> str:
    # Words are runs of \w (no tsquery operator can be among them); quoted as a lexeme.
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
