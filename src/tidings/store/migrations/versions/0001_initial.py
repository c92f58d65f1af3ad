"""Sources, articles, figures and article keywords (issue #2).

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("site_url", sa.Text),
        sa.Column("icon_url", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("display_policy", sa.String(16), nullable=False, server_default="full"),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_checked_at", UTCDateTime),
        sa.Column("last_success_at", UTCDateTime),
        sa.Column("next_check_at", UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", UTCDateTime),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.CheckConstraint(
            "display_policy in ('full', 'excerpt')", name="ck_sources_display_policy"
        ),
        sa.UniqueConstraint("feed_url", name="uq_sources_feed_url"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE", name="fk_articles_source_id_sources"),
            nullable=False,
        ),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("guid", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("html", sa.Text),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("published", UTCDateTime),
        sa.Column("modified", UTCDateTime),
        sa.Column("discovered_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("sort_time", UTCDateTime, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("article_type", sa.String(64)),
        sa.Column("section", sa.Text),
        sa.Column("keywords", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTCDateTime),
        sa.CheckConstraint(
            "state in ('discovered', 'fetched', 'extracted', 'failed', 'enriched', 'clustered')",
            name="ck_articles_state",
        ),
    )
    op.create_index(
        "ix_articles_sort_time", "articles", [sa.text("sort_time DESC"), sa.text("id DESC")]
    )
    op.create_index("ix_articles_source_sort", "articles", ["source_id", sa.text("sort_time DESC")])
    op.create_index("ix_articles_state_next", "articles", ["state", "next_attempt_at"])
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_figures_article_id_articles"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("caption", sa.Text),
        sa.Column("credit", sa.Text),
        sa.Column("alt", sa.Text),
        sa.Column("width", sa.Integer),
        sa.Column("height", sa.Integer),
        sa.CheckConstraint("role in ('lead', 'body')", name="ck_figures_role"),
    )
    op.create_index("ix_figures_article", "figures", ["article_id", "position"])
    op.create_table(
        "article_keywords",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_keywords_article_id_articles"
            ),
            primary_key=True,
        ),
        sa.Column("keyword", sa.String(200), primary_key=True),
    )
    op.create_index("ix_article_keywords_keyword", "article_keywords", ["keyword"])


def downgrade() -> None:
    op.drop_table("article_keywords")
    op.drop_table("figures")
    op.drop_table("articles")
    op.drop_table("sources")
