"""When each vector was stored, so a web process can keep its own index (issue #19).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-10

A web process on a machine without the story stage's index file builds its vector index
from ``article_vectors`` and then reads, every few seconds, only the rows stored since
the newest it has seen: ``ix_article_vectors_stored`` serves that range. Rows stored
before this revision have no time; the first full read at start takes them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("article_vectors", sa.Column("stored_at", UTCDateTime))
    op.create_index("ix_article_vectors_stored", "article_vectors", ["model", "stored_at"])


def downgrade() -> None:
    op.drop_index("ix_article_vectors_stored", table_name="article_vectors")
    with op.batch_alter_table("article_vectors") as batch:
        batch.drop_column("stored_at")
