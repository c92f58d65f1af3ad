"""Article embeddings, cached by the hash of the embedded text (issue #4).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_vectors",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_vectors_article_id_articles"
            ),
            primary_key=True,
        ),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("text_hash", sa.String(32), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_article_vectors_text", "article_vectors", ["model", "text_hash"])


def downgrade() -> None:
    op.drop_table("article_vectors")
