"""Full-text search over articles, one interface over SQLite FTS5 and PostgreSQL tsvector.

The reader's words become a safe query (no operator syntax reaches the engine: words are
quoted, all must match, the last one also as the start of a longer word, as a reader may
still be typing it), results rank by relevance (title above body), and each comes with
a snippet of its body whose matches are marked. Snippets are made by the database with
control characters as marks, then HTML-escaped here, so an article's own markup can never
reach the page; only our ``<mark>`` does.

Results page by a keyset cursor, ``RankCursor``: the last hit's rank and id. Ranks are
what the database sorts by (lower first), so the next page is "after this rank, then this
id", with no OFFSET to count through. When the words match little, ``search_near`` takes
articles nearest in meaning (found by the vector index, see ``pipeline.semantic_search``)
through the same filters.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from markupsafe import Markup

from tidings.models import Article

__all__ = [
    "RANK_WINDOW",
    "SNIPPET_WORDS",
    "TERM_WINDOW",
    "RankCursor",
    "SearchHit",
    "SearchQuery",
    "fold_accents",
    "fts5_match",
    "is_search_object",
    "marked_snippet",
    "query_words",
    "tsquery_text",
]

START, STOP = "\x02", "\x03"  # what the database puts around a match in a snippet
SNIPPET_WORDS = 28  # how long a snippet is, in words, on either database
# PostgreSQL's spelling candidates come from the newest this many original articles
# (``postgres_flavour.py``), so one spelling step costs the same in a large archive.
TERM_WINDOW = 2000
MAX_WORDS = 12
PREFIX_LETTERS = 3  # a last word this long or longer also matches longer words it begins
# Relevance is ranked among the newest this many articles that match the words and pass
# the filters: ranking every match cost seconds for a common word at a million articles
# (docs/benchmarks.md, ninth session). An older article is found by narrowing the dates.
RANK_WINDOW = 1000
_WORD = re.compile(r"\w+", re.UNICODE)
_ID = re.compile(r"[0-9a-f]{32}")


def fold_accents(word: str) -> str:
    """``word`` without its diacritics, as the SQLite index stores words (``remove_diacritics``)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class RankCursor:
    """A position in a best-first list of results: the last hit's sort key and id."""

    rank: float
    article_id: str

    def token(self) -> str:
        """An opaque ``?after=`` token for this position."""
        raw = f"{self.rank!r}|{self.article_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str | None) -> RankCursor | None:
        """The cursor in a token; None for a missing or malformed one."""
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            rank, article_id = raw.split("|", 1)
            value = float(rank)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if not math.isfinite(value) or not _ID.fullmatch(article_id):
            return None
        return cls(value, article_id)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a reader asked for: words and filters. ``after`` gives the ``limit`` hits next
    after a cursor, ``before`` those just before it (still best first); ``newest_first``
    orders by time instead of relevance (a search's feed; no cursors then)."""

    text: str
    source_id: int | None = None
    category: str | None = None
    language: str | None = None
    article_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    after: RankCursor | None = None
    before: RankCursor | None = None
    newest_first: bool = False

    def newest(self) -> SearchQuery:
        """The same words and filters, newest first from the start."""
        return replace(self, after=None, before=None, newest_first=True)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found, with a snippet of its body (matches marked, HTML-safe).

    ``rank`` is higher for better hits; ``cursor`` is where a page ending here resumes.
    A hit found by meaning has its cosine similarity as ``rank`` and an empty snippet.
    """

    article: Article
    snippet: Markup
    rank: float
    cursor: RankCursor | None = None


def query_words(text: str) -> list[str]:
    """The words of a reader's query, at most ``MAX_WORDS``, operators and quotes gone."""
    return [w.casefold() for w in _WORD.findall(text)][:MAX_WORDS]


def last_word_is_prefix(words: list[str]) -> bool:
    """Whether the last of ``words`` also matches the longer words it begins."""
    return bool(words) and len(words[-1]) >= PREFIX_LETTERS


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression for ``words`` (from ``query_words``): each quoted, the last
    also a prefix."""
    quoted = [f'"{word}"' for word in words]
    if last_word_is_prefix(words):
        quoted[-1] += "*"
    return " ".join(quoted)


def tsquery_text(words: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text for ``words``: all of them, the last also a prefix."""
    return " & ".join(words) + (":*" if last_word_is_prefix(words) else "")


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
