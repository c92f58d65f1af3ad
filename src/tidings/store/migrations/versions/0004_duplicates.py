"""Exact and near-duplicate copies: content hash, fingerprint, the original (issue #4).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(32)))
        batch.add_column(sa.Column("fingerprint", sa.LargeBinary))
        batch.add_column(
            sa.Column(
                "duplicate_of",
                sa.String(32),
                sa.ForeignKey(
                    "articles.id", ondelete="SET NULL", name="fk_articles_duplicate_of_articles"
                ),
            )
        )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_articles_duplicate_of", "articles")
    op.drop_index("ix_articles_content_hash", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("duplicate_of")
        batch.drop_column("fingerprint")
        batch.drop_column("content_hash")
