"""Sources and what ingest stores of their articles: rows, figures, keywords, addresses, vectors."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    false,
    true,
)

from tidings.store.schema.meta import metadata
from tidings.store.types import UTCDateTime

__all__ = ["article_keywords", "article_urls", "article_vectors", "articles", "figures", "sources"]

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
    Column("description", Text),  # what the feed says of itself
    Column("owner", Text),  # who owns the outlet, as the operator set it (issue #20)
    Column("country", String(2)),  # ISO 3166-1 alpha-2, as the operator set it
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
    Column("author_links", JSON),  # [[author, page], ...] where the publisher names one
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
    # The publisher says it machine-translated the text; the original's address if named.
    Column("machine_translated", Boolean, nullable=False, server_default=false()),
    Column("translated_from", Text),
    # The reader apps' id (issue #18): a signed-64-bit-safe integer, unique, made once
    # when the article is stored (its discovery time in microseconds, probed past taken
    # values), so it grows with crawl time and stays below 2**53 for JavaScript clients.
    Column("item_id", BigInteger),
    CheckConstraint(
        "state in ('discovered', 'fetched', 'extracted', 'failed', 'enriched', 'clustered')",
        name="state",
    ),
)
Index("ix_articles_sort_time", articles.c.sort_time.desc(), articles.c.id.desc())
Index("ix_articles_item_id", articles.c.item_id, unique=True)
Index("ix_articles_source_item", articles.c.source_id, articles.c.item_id)
Index("ix_articles_source_sort", articles.c.source_id, articles.c.sort_time.desc())
# The ``/v1`` entry lists (issue #18): each source's articles in list order with every
# column their filters, keyset bounds and read lines test, so a page and its count never
# read an article row.
Index(
    "ix_articles_source_list",
    articles.c.source_id,
    articles.c.sort_time,
    articles.c.item_id,
    articles.c.id,
    articles.c.discovered_at,
)
# The reader apps' streams across most of a reader's sources (GReader ``stream/items/ids``,
# issue #18): walked in item id order with the source, discovery time and article id (for
# the read marks) in the index, so 10,000 ids never read an article row.
Index(
    "ix_articles_item_walk",
    articles.c.item_id,
    articles.c.source_id,
    articles.c.discovered_at,
    articles.c.id,
)
Index("ix_articles_state_next", articles.c.state, articles.c.next_attempt_at)
Index("ix_articles_source_discovered", articles.c.source_id, articles.c.discovered_at)
Index("ix_articles_content_hash", articles.c.content_hash)
# Copies only: a full index also matches ``duplicate_of IS NULL``, and SQLite would then
# list originals through it instead of through ``ix_articles_sort_time``.
Index(
    "ix_articles_duplicate_of",
    articles.c.duplicate_of,
    sqlite_where=articles.c.duplicate_of.is_not(None),
    postgresql_where=articles.c.duplicate_of.is_not(None),
)
Index("ix_articles_story", articles.c.story_id, articles.c.sort_time)
Index("ix_articles_category", articles.c.category, articles.c.sort_time)
# Originals by language: the home page's language counts and one-language lists.
Index(
    "ix_articles_language",
    articles.c.language,
    articles.c.sort_time,
    articles.c.id,
    sqlite_where=articles.c.duplicate_of.is_(None),
    postgresql_where=articles.c.duplicate_of.is_(None),
)

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
    # The article's sort time, copied: keyword neighbours are looked up among recent ones.
    Column("sort_time", UTCDateTime),
)
Index(
    "ix_article_keywords_recent",
    article_keywords.c.keyword,
    article_keywords.c.sort_time,
    article_keywords.c.article_id,
)

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
    Column("model", String(200), nullable=False, primary_key=True),
    Column("text_hash", String(32), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    # When the row was written: web processes without the index file read what is new
    # since the newest they have (``pipeline.vector_mirror``). Empty for rows before 0041.
    Column("stored_at", UTCDateTime),
)
Index("ix_article_vectors_text", article_vectors.c.model, article_vectors.c.text_hash)
Index("ix_article_vectors_stored", article_vectors.c.model, article_vectors.c.stored_at)
