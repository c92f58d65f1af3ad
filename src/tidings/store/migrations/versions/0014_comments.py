"""Comments, their reports, commenter mutes, bans and per-target switches (issue #7).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

Every column pointing at a user cascades (the author, reporter, muter, banned user) or
is set null (the moderator who hid, banned or switched off), so deleting an account
leaves none of its rows behind.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _user(
    table: str, column: str, *, primary_key: bool = False, cascade: bool = True
) -> sa.Column[int]:
    return sa.Column(
        column,
        sa.Integer,
        sa.ForeignKey(
            "users.id",
            ondelete="CASCADE" if cascade else "SET NULL",
            name=f"fk_{table}_{column}_users",
        ),
        primary_key=primary_key,
        nullable=not primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target_kind", sa.String(8), nullable=False),
        sa.Column("target_id", sa.String(32), nullable=False),
        sa.Column(
            "parent_id",
            sa.Integer,
            sa.ForeignKey("comments.id", ondelete="CASCADE", name="fk_comments_parent_id_comments"),
        ),
        _user("comments", "user_id"),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("edited_at", UTCDateTime),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("hidden_at", UTCDateTime),
        _user("comments", "hidden_by", cascade=False),
        sa.Column("hidden_reason", sa.Text),
        sa.Column("report_count", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("target_kind in ('article', 'story')", name="ck_comments_target_kind"),
    )
    op.create_index("ix_comments_target", "comments", ["target_kind", "target_id", "created_at"])
    op.create_index("ix_comments_user", "comments", ["user_id", "created_at"])
    op.create_index("ix_comments_parent", "comments", ["parent_id"])
    op.create_index("ix_comments_created", "comments", ["created_at"])
    op.create_table(
        "comment_reports",
        sa.Column(
            "comment_id",
            sa.Integer,
            sa.ForeignKey(
                "comments.id", ondelete="CASCADE", name="fk_comment_reports_comment_id_comments"
            ),
            primary_key=True,
        ),
        _user("comment_reports", "user_id", primary_key=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.CheckConstraint(
            "reason in ('spam', 'abuse', 'off-topic', 'other')", name="ck_comment_reports_reason"
        ),
    )
    op.create_index("ix_comment_reports_user", "comment_reports", ["user_id"])
    op.create_table(
        "comment_mutes",
        _user("comment_mutes", "user_id", primary_key=True),
        _user("comment_mutes", "muted_user_id", primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_comment_mutes_muted", "comment_mutes", ["muted_user_id"])
    op.create_table(
        "comment_bans",
        _user("comment_bans", "user_id", primary_key=True),
        _user("comment_bans", "banned_by", cascade=False),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("until", UTCDateTime),
    )
    op.create_table(
        "comment_switches",
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("target", sa.String(120), primary_key=True),
        _user("comment_switches", "closed_by", cascade=False),
        sa.Column("closed_at", UTCDateTime, nullable=False),
        sa.CheckConstraint(
            "kind in ('source', 'article', 'story')", name="ck_comment_switches_kind"
        ),
    )


def downgrade() -> None:
    op.drop_table("comment_switches")
    op.drop_table("comment_bans")
    op.drop_index("ix_comment_mutes_muted", table_name="comment_mutes")
    op.drop_table("comment_mutes")
    op.drop_index("ix_comment_reports_user", table_name="comment_reports")
    op.drop_table("comment_reports")
    op.drop_index("ix_comments_created", table_name="comments")
    op.drop_index("ix_comments_parent", table_name="comments")
    op.drop_index("ix_comments_user", table_name="comments")
    op.drop_index("ix_comments_target", table_name="comments")
    op.drop_table("comments")
