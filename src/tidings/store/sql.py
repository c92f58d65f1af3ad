"""The repository on SQLAlchemy Core: one base, a SQLite and a PostgreSQL flavour.

``SqlRepository`` is portable SQL, one mixin per room (``sql_article_ingest.py``,
``sql_article_reads.py``, ``sql_stories.py``, ``sql_search.py``, ``sql_sources.py``,
``sql_users.py``, ``sql_comments.py``, ``sql_sitemaps.py``). What the databases spell
differently ("insert unless present", full text, its snippets and vocabulary) is a hook
the base declares once, raising NotImplementedError, and each flavour implements in its
own module: ``sqlite_flavour.py`` and ``postgres_flavour.py``. The contract suite in
tests/store runs against both.
"""

from __future__ import annotations

from tidings.store.postgres_flavour import PostgresFlavour
from tidings.store.sql_article_ingest import ArticleIngestQueries
from tidings.store.sql_article_reads import ArticleReadQueries
from tidings.store.sql_comments import CommentQueries
from tidings.store.sql_search import SearchQueries
from tidings.store.sql_sitemaps import SitemapQueries
from tidings.store.sql_sources import SourceQueries
from tidings.store.sql_stories import StoryQueries
from tidings.store.sql_users import AccountQueries
from tidings.store.sqlite_flavour import SqliteFlavour

__all__ = ["PostgresRepository", "SqlRepository", "SqliteRepository"]


class SqlRepository(
    ArticleIngestQueries,
    ArticleReadQueries,
    StoryQueries,
    SearchQueries,
    SourceQueries,
    AccountQueries,
    CommentQueries,
    SitemapQueries,
):
    """Repository over a SQLAlchemy engine; a flavour spells what the databases differ in."""


class SqliteRepository(SqliteFlavour, SqlRepository):
    """The default store: one SQLite file in WAL mode."""


class PostgresRepository(PostgresFlavour, SqlRepository):
    """The store for many workers: PostgreSQL."""
