"""The store's interface: one Protocol per aggregate, and ``Repository``, which holds one of
each.

- ``sources``: ``sources.Sources`` (``sql.SqlSources``);
- ``articles``, with copies, vectors, AI outputs and sitemaps: ``articles.Articles``
  (``sql.SqlArticles``);
- ``stories``, with hashtags and languages: ``stories.Stories`` (``sql.SqlStories``);
- ``search``: ``search_index.Search`` (``sql.SqlSearch``; what each database spells its own
  way in ``sqlite_flavour.py`` and ``postgres_flavour.py``);
- ``accounts``, with follows, mutes, saved articles and history: ``accounts.Accounts``
  (``sql.SqlAccounts``);
- ``comments``, with bans, commenter mutes and closed threads: ``comments.Comments``
  (``sql.SqlComments``);
- reader state and app passwords: ``reader.ReaderState`` and ``reader.AppPasswords``
  (``sql_reader.py``, ``sql_app_passwords.py``), kept apart from ``Repository``.

A caller reaches an aggregate through the store (``repo.articles.get_article(...)``), or
takes the one aggregate it uses (``rising_tags(repo.stories, ...)``).
``sql.SqlRepository`` holds one SQL class per aggregate; tests/store/test_aggregates.py
holds each public method of each class to its aggregate's Protocol.
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


class Repository(Protocol):
    """Everything the pipeline, the web layer and the command line read and write, by
    aggregate."""

    @property
    def sources(self) -> Sources: ...

    @property
    def articles(self) -> Articles: ...

    @property
    def stories(self) -> Stories: ...

    @property
    def search(self) -> Search: ...

    @property
    def accounts(self) -> Accounts: ...

    @property
    def comments(self) -> Comments: ...
