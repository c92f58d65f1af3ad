"""Stories across outlets, their merges, related articles, hashtags and kept AI outputs."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from tidings.store.schema.meta import metadata
from tidings.store.types import UTCDateTime

__all__ = ["ai_outputs", "article_tags", "related_articles", "stories", "story_merges"]

# The same event across outlets. Articles point here through ``articles.story_id``; the
# counts are kept by the clusterer so lists need no aggregate query.
stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),  # the most representative headline
    Column("first_seen", UTCDateTime),
    Column("last_updated", UTCDateTime),
    Column("article_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
Index("ix_stories_last_updated", stories.c.last_updated)

# A story merged into another: its old address redirects there, its comments moved with it.
story_merges = Table(
    "story_merges",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("into_id", String(32), nullable=False),
    Column("merged_at", UTCDateTime, nullable=False),
)
Index("ix_story_merges_into", story_merges.c.into_id)

# Related articles, computed at ingest: nearest by embedding among recent articles of
# other stories, decayed by age, at most two per outlet.
related_articles = Table(
    "related_articles",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "related_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("score", Float, nullable=False),
)
Index("ix_related_articles_related", related_articles.c.related_id)

# Hashtags of an article, canonical across articles: ``slug`` is the key ("calderbridge"),
# ``display`` how it is shown ("Calder Bridge"), ``position`` its rank in the article.
article_tags = Table(
    "article_tags",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("slug", String(120), primary_key=True),
    Column("display", String(200), nullable=False),
    Column("score", Float, nullable=False),
    Column("position", Integer, nullable=False),
)
Index("ix_article_tags_slug", article_tags.c.slug)

# AI outputs (key points, story briefs, translations) by a key naming what they were made
# from and by (``tidings.pipeline.ai_cache.ai_cache_key``, hashed): a changed article or another
# backend makes another key, so an entry is never stale, only unused.
ai_outputs = Table(
    "ai_outputs",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
Index("ix_ai_outputs_created", ai_outputs.c.created_at)
