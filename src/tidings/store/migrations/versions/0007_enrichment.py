"""Enrichment (issue #5): how the language was decided, the category, hashtags.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("language_how", sa.String(16)))
        batch.add_column(sa.Column("category", sa.String(32)))
        batch.add_column(sa.Column("category_how", sa.String(16)))
    op.create_index("ix_articles_category", "articles", ["category", "sort_time"])
    op.create_table(
        "article_tags",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_tags_article_id_articles"
            ),
            primary_key=True,
        ),
        sa.Column("slug", sa.String(120), primary_key=True),
        sa.Column("display", sa.String(200), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_tags_slug", "article_tags", ["slug"])


def downgrade() -> None:
    op.drop_index("ix_article_tags_slug", table_name="article_tags")
    op.drop_table("article_tags")
    op.drop_index("ix_articles_category", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("category_how")
        batch.drop_column("category")
        batch.drop_column("language_how")
