"""Every URL an article is known by, so it is stored once (issue #4).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_urls",
        sa.Column("url_id", sa.String(32), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_urls_article_id_articles"
            ),
            nullable=False,
        ),
    )
    op.create_index("ix_article_urls_article", "article_urls", ["article_id"])
    # Every stored article is known by the URL its id came from.
    op.execute("INSERT INTO article_urls (url_id, article_id) SELECT id, id FROM articles")


def downgrade() -> None:
    op.drop_table("article_urls")
