"""AI outputs kept between requests and restarts (issue #5): key points, briefs, translations.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ai_outputs",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_ai_outputs_created", "ai_outputs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_ai_outputs_created", table_name="ai_outputs")
    op.drop_table("ai_outputs")
