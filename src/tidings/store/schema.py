"""Table definitions (SQLAlchemy Core). Migrations in ``migrations/versions`` create them."""

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
    MetaData,
    String,
    Table,
    Text,
    false,
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

# -- Accounts (issue #7) ---------------------------------------------------------------------
# Every table holding a reader's data points at ``users.id`` with ON DELETE CASCADE, and
# ``tidings.store.sql_users.USER_TABLES`` lists them for the explicit delete as well.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(32), nullable=False, unique=True),  # lower-cased
    Column("email", Text),
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("role", String(16), nullable=False, server_default="reader"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_changed_at", UTCDateTime, nullable=False),
    CheckConstraint("role in ('reader', 'moderator', 'admin')", name="role"),
)

# Signed-in browsers: the cookie holds a random token, this table only its SHA-256.
user_sessions = Table(
    "user_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
Index("ix_user_sessions_user", user_sessions.c.user_id)

# Failed sign-ins by key ("user:NAME", "ip:ADDRESS"): the throttle's memory.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("failed_at", UTCDateTime, nullable=False),
)
Index("ix_login_failures_key", login_failures.c.key, login_failures.c.failed_at)

# Hashtags (slug), sources (id) and stories (id) a reader follows; a story's ``anchor`` is
# one of its articles, which leads to the story it was merged into, if it was.
user_follows = Table(
    "user_follows",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("target", String(120), primary_key=True),
    Column("anchor", String(32)),
    Column("created_at", UTCDateTime, nullable=False),
    # A followed source is a subscription for the reader apps (issue #18): the folder
    # (label) the reader put it in, the title they gave it, and "read before": the
    # reader marked everything from it discovered before this time read.
    Column("folder", String(120)),
    Column("title", Text),
    Column("read_before", UTCDateTime),
    CheckConstraint("kind in ('hashtag', 'source', 'story')", name="kind"),
)

user_mutes = Table(
    "user_mutes",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("target", String(120), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("kind in ('hashtag', 'source')", name="kind"),
)

saved_articles = Table(
    "saved_articles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("saved_at", UTCDateTime, nullable=False),
)
Index("ix_saved_articles_user", saved_articles.c.user_id, saved_articles.c.saved_at)

# Kept only for signed-in readers, one row per article (the last time it was opened).
reading_history = Table(
    "reading_history",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("read_at", UTCDateTime, nullable=False),
)
Index("ix_reading_history_user", reading_history.c.user_id, reading_history.c.read_at)

# Read and unread per reader and article (issue #18): an explicit mark wins over the
# subscription's ``read_before``; ``read`` false is "kept unread" below that line.
article_reads = Table(
    "article_reads",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("read", Boolean, nullable=False),
    Column("marked_at", UTCDateTime, nullable=False),
)

# Folders a reader named through the ``/v1`` API before (or without) putting a feed in
# them (issue #18); a folder with feeds is also their ``user_follows.folder``.
reader_folders = Table(
    "reader_folders",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(120), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Labels a reader put on single items through a reader app (GReader ``edit-tag``, issue
# #18): the names share the folders' space, so ``user/-/label/NAME`` lists a folder's
# feeds' items and the items labelled NAME alike. The listing index drives a label's
# stream from the reader's own rows, article id included so it never reads the table.
item_labels = Table(
    "item_labels",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("label", String(120), primary_key=True),
    Column("labelled_at", UTCDateTime, nullable=False),
)
Index(
    "ix_item_labels_user_label",
    item_labels.c.user_id,
    item_labels.c.label,
    item_labels.c.article_id,
)

# App passwords for the reader apps (issue #18): only the SHA-256 of the password, and
# the Fever key (md5 of "username:app password", which the Fever protocol sends).
app_passwords = Table(
    "app_passwords",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("fever_key", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
)
Index("ix_app_passwords_user", app_passwords.c.user_id)
Index("ix_app_passwords_secret_hash", app_passwords.c.secret_hash, unique=True)
Index("ix_app_passwords_fever_key", app_passwords.c.fever_key, unique=True)

# Keys the site makes for itself once and shares between its processes (the CSRF signing
# key when TIDINGS_SECRET_KEY is not set).
site_secrets = Table(
    "site_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

# -- Comments (issue #7, point 2) --------------------------------------------------------------
# A comment's author, reporters, muters and bans cascade on the user's delete; before it,
# ``tidings.store.sql_comments.forget_user_comments`` keeps a bodiless placeholder where
# others replied.

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(8), nullable=False),  # article, story
    Column("target_id", String(32), nullable=False),
    # Replies are one level deep: a reply's parent is always a top-level comment.
    Column("parent_id", Integer, ForeignKey("comments.id", ondelete="CASCADE")),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE")),
    Column("body", Text, nullable=False),  # the markdown source; rendered on output
    Column("created_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime),
    Column("deleted", Boolean, nullable=False, server_default=false()),
    Column("hidden_at", UTCDateTime),
    Column("hidden_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("hidden_reason", Text),
    Column("report_count", Integer, nullable=False, server_default="0"),  # unresolved
    CheckConstraint("target_kind in ('article', 'story')", name="target_kind"),
)
Index("ix_comments_target", comments.c.target_kind, comments.c.target_id, comments.c.created_at)
Index("ix_comments_user", comments.c.user_id, comments.c.created_at)
Index("ix_comments_parent", comments.c.parent_id)
Index("ix_comments_created", comments.c.created_at)

comment_reports = Table(
    "comment_reports",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("reason", String(16), nullable=False),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved", Boolean, nullable=False, server_default=false()),
    CheckConstraint("reason in ('spam', 'abuse', 'off-topic', 'other')", name="reason"),
)
Index("ix_comment_reports_user", comment_reports.c.user_id)

# Commenters a reader never wants to read.
comment_mutes = Table(
    "comment_mutes",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("muted_user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)
Index("ix_comment_mutes_muted", comment_mutes.c.muted_user_id)

# Users who may not comment: until a time, or for good (``until`` empty).
comment_bans = Table(
    "comment_bans",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("banned_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("until", UTCDateTime),
)

# Sources, articles and stories whose comments an admin switched off.
comment_switches = Table(
    "comment_switches",
    metadata,
    Column("kind", String(8), primary_key=True),
    Column("target", String(120), primary_key=True),
    Column("closed_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("closed_at", UTCDateTime, nullable=False),
    CheckConstraint("kind in ('source', 'article', 'story')", name="kind"),
)
