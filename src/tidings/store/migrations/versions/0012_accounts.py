"""Reader accounts, sessions, sign-in throttling, follows, mutes, saves, history (issue #7).

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-01

Every table with a ``user_id`` cascades on the user's delete.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None


def _user_id(table: str, *, primary_key: bool) -> sa.Column[int]:
    return sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE", name=f"fk_{table}_user_id_users"),
        primary_key=primary_key,
        nullable=False,
    )


def _article_id(table: str) -> sa.Column[str]:
    return sa.Column(
        "article_id",
        sa.String(32),
        sa.ForeignKey("articles.id", ondelete="CASCADE", name=f"fk_{table}_article_id_articles"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("email", sa.Text),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False, server_default="reader"),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("password_changed_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint("role in ('reader', 'moderator', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user_id("user_sessions", primary_key=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_user_sessions_user", "user_sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failed_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key", "failed_at"])
    op.create_table(
        "user_follows",
        _user_id("user_follows", primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("target", sa.String(120), primary_key=True),
        sa.Column("anchor", sa.String(32)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("kind in ('hashtag', 'source', 'story')", name="ck_user_follows_kind"),
    )
    op.create_table(
        "user_mutes",
        _user_id("user_mutes", primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("target", sa.String(120), primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("kind in ('hashtag', 'source')", name="ck_user_mutes_kind"),
    )
    op.create_table(
        "saved_articles",
        _user_id("saved_articles", primary_key=True),
        _article_id("saved_articles"),
        sa.Column("saved_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_saved_articles_user", "saved_articles", ["user_id", "saved_at"])
    op.create_table(
        "reading_history",
        _user_id("reading_history", primary_key=True),
        _article_id("reading_history"),
        sa.Column("read_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_reading_history_user", "reading_history", ["user_id", "read_at"])
    op.create_table(
        "site_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("site_secrets")
    op.drop_index("ix_reading_history_user", table_name="reading_history")
    op.drop_table("reading_history")
    op.drop_index("ix_saved_articles_user", table_name="saved_articles")
    op.drop_table("saved_articles")
    op.drop_table("user_mutes")
    op.drop_table("user_follows")
    op.drop_index("ix_login_failures_key", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_user_sessions_user", table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_table("users")
