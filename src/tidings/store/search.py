"""Full-text search over articles, one interface over SQLite FTS5 and PostgreSQL tsvector.

The reader's words become a safe query (no operator syntax reaches the engine: words are
quoted, all must match), results rank by relevance (title above body), and each comes with
a snippet of its body whose matches are marked. Snippets are made by the database with
control characters as marks, then HTML-escaped here, so an article's own markup can never
reach the page; only our ``<mark>`` does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from tidings.models import Article

__all__ = ["SearchHit", "SearchQuery", "is_search_object", "marked_snippet", "query_words"]

START, STOP = "\x02", "\x03"  # what the database puts around a match in a snippet
MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a reader asked for: words and filters."""

    text: str
    source_id: int | None = None
    category: str | None = None
    language: str | None = None
    article_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found, with a snippet of its body (matches marked, HTML-safe)."""

    article: Article
    snippet: Markup
    rank: float


def query_words(text: str) -> list[str]:
    """The words of a reader's query, at most ``MAX_WORDS``, operators and quotes gone."""
    return [w.casefold() for w in _WORD.findall(text)][:MAX_WORDS]


def marked_snippet(raw: str | None) -> Markup:
    """A database snippet with its control-character marks turned into ``<mark>``; the
    text itself escaped."""
    escaped = html.escape(" ".join((raw or "").split()), quote=False)
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704 - escaped above


def is_search_object(name: str | None, type_: str) -> bool:
    """Whether a table or column belongs to search (made by migration 0009, not in the
    metadata): comparisons of migrations against the metadata skip these."""
    if type_ == "table" and name is not None and name.startswith("article_search"):
        return True
    return type_ in ("column", "index") and name in ("search_vector", "ix_articles_search_vector")
