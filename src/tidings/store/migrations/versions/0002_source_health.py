"""Source health, adaptive polling, tags and WebSub (issue #3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("tags", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("feed_format", sa.String(32)))
        batch.add_column(sa.Column("poll_interval_minutes", sa.Float))
        batch.add_column(sa.Column("disabled_reason", sa.Text))
        batch.add_column(sa.Column("websub_hub", sa.Text))
        batch.add_column(sa.Column("websub_topic", sa.Text))
        batch.add_column(sa.Column("websub_secret", sa.String(64)))
        batch.add_column(sa.Column("websub_state", sa.String(16)))
        batch.add_column(sa.Column("websub_lease_until", UTCDateTime))
    op.create_index("ix_articles_source_discovered", "articles", ["source_id", "discovered_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_source_discovered", "articles")
    with op.batch_alter_table("sources") as batch:
        for column in (
            "websub_lease_until",
            "websub_state",
            "websub_secret",
            "websub_topic",
            "websub_hub",
            "disabled_reason",
            "poll_interval_minutes",
            "feed_format",
            "tags",
        ):
            batch.drop_column(column)
