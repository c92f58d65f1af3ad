"""Folders a reader named before putting a feed in them (issue #18, the ``/v1`` API).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-09

A folder is otherwise the ``folder`` of the reader's subscriptions, so it exists while a
feed is in it. Miniflux clients create a category first and move feeds into it later:
``reader_folders`` keeps such a name, empty or not, until the reader deletes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reader_folders",
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reader_folders")
