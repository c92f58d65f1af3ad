"""Labels on single items for the reader apps (issue #18).

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-07

GReader clients (Reeder, FeedMe, Read You, NetNewsWire) add and remove the reader's own
labels on items with ``edit-tag``. ``item_labels`` keeps one row per reader, article and
label; the names share the folders' space, so a label's stream is its folder's feeds'
items and the items labelled with it. ``ix_item_labels_user_label`` lists one reader's
items of one label from the index alone, so a label's stream starts from those rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_labels",
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("label", sa.String(120), primary_key=True),
        sa.Column("labelled_at", UTCDateTime, nullable=False),
    )
    op.create_index(
        "ix_item_labels_user_label",
        "item_labels",
        ["user_id", "label", "article_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_item_labels_user_label", table_name="item_labels")
    op.drop_table("item_labels")
