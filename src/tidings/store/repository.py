"""The store's interface: one Protocol per aggregate, and ``Repository``, all of them.

- sources: ``sources.Sources`` (``sql_sources.py``);
- articles, with copies, vectors, AI outputs and sitemaps: ``articles.Articles``
  (``sql_article_ingest.py``, ``sql_article_reads.py``, ``sql_sitemaps.py``, part of
  ``sql_tags.py``);
- stories, with hashtags and languages: ``stories.Stories`` (``sql_stories.py``, ``sql_tags.py``);
- search: ``search_index.Search`` (``sql_search.py``, ``sql_search_terms.py``; what each
  database spells its own way in ``sqlite_flavour.py`` and ``postgres_flavour.py``);
- accounts, with follows, mutes, saved articles and history: ``accounts.Accounts``
  (``sql_users.py``, ``sql_follows.py``);
- comments, with bans, commenter mutes and closed threads: ``comments.Comments``
  (``sql_comments.py``, ``sql_commenters.py``);
- reader state and app passwords: ``reader.ReaderState`` and ``reader.AppPasswords``
  (``sql_reader.py``, ``sql_app_passwords.py``), kept apart from ``Repository``.

A caller types against the aggregate it uses, or ``Repository`` when it uses several.
``sql.py``'s ``SqliteRepository`` and ``PostgresRepository`` implement every one;
tests/store/test_aggregates.py holds each public store method to exactly one Protocol.
"""

from __future__ import annotations

from typing import Protocol

from tidings.store.accounts import Accounts
from tidings.store.articles import Articles
from tidings.store.comments import Comments
from tidings.store.search_index import Search
from tidings.store.sources import Sources
from tidings.store.stories import Stories

__all__ = ["Accounts", "Articles", "Comments", "Repository", "Search", "Sources", "Stories"]


class Repository(Sources, Articles, Stories, Search, Accounts, Comments, Protocol):
    """Everything the pipeline, the web layer and the command line read and write."""
