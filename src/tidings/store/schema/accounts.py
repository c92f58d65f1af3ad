"""Readers: accounts, sessions, follows, saves, history, reader-app state and app passwords."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from tidings.store.schema.meta import metadata
from tidings.store.types import UTCDateTime

__all__ = [
    "app_passwords",
    "article_reads",
    "item_labels",
    "login_failures",
    "reader_folders",
    "reading_history",
    "saved_articles",
    "site_secrets",
    "user_follows",
    "user_mutes",
    "user_sessions",
    "users",
]

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
