"""Table definitions (SQLAlchemy Core). Migrations in ``migrations/versions`` create them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    true,
)

from tidings.store.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("site_url", Text),
    Column("icon_url", Text),
    Column("language", String(16)),
    Column("display_policy", String(16), nullable=False, server_default="full"),
    Column("enabled", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_checked_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("next_check_at", UTCDateTime),
    Column("last_error", Text),
    Column("last_error_at", UTCDateTime),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("tags", JSON, nullable=False, server_default="[]"),  # from OPML folders
    Column("feed_format", String(32)),  # e.g. rss20, atom10, json11, news-sitemap
    Column("poll_interval_minutes", Float),  # the adaptive interval now in use
    Column("disabled_reason", Text),
    Column("websub_hub", Text),
    Column("websub_topic", Text),
    Column("websub_secret", String(64)),
    Column("websub_state", String(16)),  # requested, verified, denied
    Column("websub_lease_until", UTCDateTime),
    CheckConstraint("display_policy in ('full', 'excerpt')", name="display_policy"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("guid", Text),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("text", Text),
    Column("html", Text),
    Column("authors", JSON, nullable=False),
    Column("published", UTCDateTime),
    Column("modified", UTCDateTime),
    Column("discovered_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # Lists sort by this: the publisher's time, or when we first saw the article if the
    # publisher gave none or one in the future.
    Column("sort_time", UTCDateTime, nullable=False),
    Column("language", String(16)),
    Column("article_type", String(64)),
    Column("section", Text),
    Column("keywords", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("error", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime),
    # Copies: the normalised body's hash, its MinHash fingerprint, and the original it copies
    # (only originals appear in lists and stories).
    Column("content_hash", String(32)),
    Column("fingerprint", LargeBinary),
    Column("duplicate_of", String(32), ForeignKey("articles.id", ondelete="SET NULL")),
    # The story the article belongs to (None until clustered; copies follow their original).
    Column("story_id", String(32)),
    # Enrichment (with the story): how ``language`` was decided (declared, detected,
    # source default), the category slug and what decided it (type, section, feed,
    # classifier).
    Column("language_how", String(16)),
    Column("category", String(32)),
    Column("category_how", String(16)),
    CheckConstraint(
        "state in ('discovered', 'fetched', 'extracted', 'failed', 'enriched', 'clustered')",
        name="state",
    ),
)
Index("ix_articles_sort_time", articles.c.sort_time.desc(), articles.c.id.desc())
Index("ix_articles_source_sort", articles.c.source_id, articles.c.sort_time.desc())
Index("ix_articles_state_next", articles.c.state, articles.c.next_attempt_at)
Index("ix_articles_source_discovered", articles.c.source_id, articles.c.discovered_at)
Index("ix_articles_content_hash", articles.c.content_hash)
Index("ix_articles_duplicate_of", articles.c.duplicate_of)
Index("ix_articles_story", articles.c.story_id, articles.c.sort_time)
Index("ix_articles_category", articles.c.category, articles.c.sort_time)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("role", String(8), nullable=False),
    Column("url", Text, nullable=False),
    Column("caption", Text),
    Column("credit", Text),
    Column("alt", Text),
    Column("width", Integer),
    Column("height", Integer),
    CheckConstraint("role in ('lead', 'body')", name="role"),
)
Index("ix_figures_article", figures.c.article_id, figures.c.position)

article_keywords = Table(
    "article_keywords",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("keyword", String(200), primary_key=True),  # casefolded, whitespace collapsed
)
Index("ix_article_keywords_keyword", article_keywords.c.keyword)

# Every URL (as the id of its canonical form) an article is known by: the feed's link, where
# it redirected, the page's trusted rel=canonical. Two URLs, one article.
article_urls = Table(
    "article_urls",
    metadata,
    Column("url_id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
)
Index("ix_article_urls_article", article_urls.c.article_id)

# One embedding per article and model; ``text_hash`` lets an identical text reuse a vector.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("model", String(200), nullable=False),
    Column("text_hash", String(32), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
Index("ix_article_vectors_text", article_vectors.c.model, article_vectors.c.text_hash)

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
# from and by (``tidings.web.ai_panel.ai_cache_key``, hashed): a changed article or another
# backend makes another key, so an entry is never stale, only unused.
ai_outputs = Table(
    "ai_outputs",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
Index("ix_ai_outputs_created", ai_outputs.c.created_at)
