"""The reader apps' long id lists at size (issue #18 point 7).

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-07

GReader ``stream/items/ids`` hands out up to 10,000 ids a page, newest first, across most
of a reader's sources. It walks ``ix_articles_item_id`` in order and tests each row's
source, and for unread lists its read mark through the article id; with only the item id
in that index every row meant a read of the (wide) article row. ``ix_articles_item_walk``
holds the item id, source, discovery time and article id, so the walk reads the index
alone: at 100,000 articles the query went from about 60 ms to 8 ms (docs/benchmarks.md).
"""

from __future__ import annotations

from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_item_walk",
        "articles",
        ["item_id", "source_id", "discovered_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_item_walk", table_name="articles")
