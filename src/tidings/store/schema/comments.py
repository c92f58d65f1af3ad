"""Comments, their reports, mutes, bans and the site's comment switches."""

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
    false,
)

from tidings.store.schema.meta import metadata
from tidings.store.types import UTCDateTime

__all__ = ["comment_bans", "comment_mutes", "comment_reports", "comment_switches", "comments"]

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
