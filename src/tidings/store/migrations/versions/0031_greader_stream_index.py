"""A feed's items in id order for the Google Reader API (issue #18).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-09

``stream/items/ids`` pages a feed (or a folder's feeds) newest or oldest first by item id,
keyset-paged (``item_id < last``), so an article arriving meanwhile never shifts a page.
``ix_articles_source_item`` serves it: one range scan per source instead of a sort.
"""

from __future__ import annotations

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_source_item", "articles", ["source_id", "item_id"])


def downgrade() -> None:
    op.drop_index("ix_articles_source_item", table_name="articles")
