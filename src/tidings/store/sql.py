"""The store on SQLAlchemy Core: one SQL class per aggregate, held by one ``SqlRepository``.

Each class implements its aggregate's Protocol (``repository.py``) and is built from the
rooms that hold its queries:

- ``SqlSources``: ``sql_sources.py``;
- ``SqlArticles``: what ingest writes (``sql_article_ingest.py``), what pages read
  (``sql_article_reads.py``), the sitemaps (``sql_sitemaps.py``) and the AI outputs kept
  (``sql_ai_outputs.py``);
- ``SqlStories``: ``sql_stories.py`` with hashtags and languages (``sql_tags.py``);
- ``SqlSearch``: ``sql_search.py`` with the vocabulary (``sql_search_terms.py``);
- ``SqlAccounts``: ``sql_users.py`` with follows, mutes, saved and read (``sql_follows.py``);
- ``SqlComments``: ``sql_comments.py`` with bans and commenter mutes (``sql_commenters.py``).

They share only ``sql_base.SqlBase`` (the engine, guarded connections and the database's
flavour, ``flavour.py``) and the row reader ``sql_rows.ArticleRows``; none calls another.
What the databases spell differently lives in ``sqlite_flavour.py`` and
``postgres_flavour.py``. The contract suite in tests/store runs against both.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tidings.store.sql_ai_outputs import AiOutputQueries
from tidings.store.sql_article_ingest import ArticleIngestQueries
from tidings.store.sql_article_reads import ArticleReadQueries
from tidings.store.sql_comments import CommentQueries
from tidings.store.sql_search import SearchQueries
from tidings.store.sql_sitemaps import SitemapQueries
from tidings.store.sql_sources import SourceQueries
from tidings.store.sql_stories import StoryQueries
from tidings.store.sql_users import AccountQueries

__all__ = [
    "SqlAccounts",
    "SqlArticles",
    "SqlComments",
    "SqlRepository",
    "SqlSearch",
    "SqlSources",
    "SqlStories",
]


class SqlSources(SourceQueries):
    """The publishers followed: feeds, their state and checks (``Sources``)."""


class SqlArticles(ArticleIngestQueries, ArticleReadQueries, SitemapQueries, AiOutputQueries):
    """Articles with their copies, vectors, sitemaps and AI outputs (``Articles``)."""


class SqlStories(StoryQueries):
    """Stories with their placements, related articles, hashtags and languages (``Stories``)."""


class SqlSearch(SearchQueries):
    """Full text, the filters of articles found by meaning, the vocabulary (``Search``)."""


class SqlAccounts(AccountQueries):
    """Readers, sessions, follows, mutes, saved articles and history (``Accounts``)."""


class SqlComments(CommentQueries):
    """Comments, reports, bans, commenter mutes and closed threads (``Comments``)."""


class SqlRepository:
    """The store: one object per aggregate over one engine, on SQLite or PostgreSQL alike."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sources = SqlSources(engine)
        self.articles = SqlArticles(engine)
        self.stories = SqlStories(engine)
        self.search = SqlSearch(engine)
        self.accounts = SqlAccounts(engine)
        self.comments = SqlComments(engine)
