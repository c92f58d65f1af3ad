"""Table definitions (SQLAlchemy Core), one module per aggregate; migrations in
``migrations/versions`` create them. Everything is importable from here, as before the
split: ``from tidings.store.schema import articles, metadata``."""

from __future__ import annotations

from tidings.store.schema.accounts import (
    app_passwords,
    article_reads,
    item_labels,
    login_failures,
    reader_folders,
    reading_history,
    saved_articles,
    site_secrets,
    user_follows,
    user_mutes,
    user_sessions,
    users,
)
from tidings.store.schema.comments import (
    comment_bans,
    comment_mutes,
    comment_reports,
    comment_switches,
    comments,
)
from tidings.store.schema.content import (
    article_keywords,
    article_urls,
    article_vectors,
    articles,
    figures,
    sources,
)
from tidings.store.schema.meta import metadata
from tidings.store.schema.stories import (
    ai_outputs,
    article_tags,
    related_articles,
    stories,
    story_merges,
)

__all__ = [
    "ai_outputs",
    "app_passwords",
    "article_keywords",
    "article_reads",
    "article_tags",
    "article_urls",
    "article_vectors",
    "articles",
    "comment_bans",
    "comment_mutes",
    "comment_reports",
    "comment_switches",
    "comments",
    "figures",
    "item_labels",
    "login_failures",
    "metadata",
    "reader_folders",
    "reading_history",
    "related_articles",
    "saved_articles",
    "site_secrets",
    "sources",
    "stories",
    "story_merges",
    "user_follows",
    "user_mutes",
    "user_sessions",
    "users",
]
