"""Where a merged story went (issue #15: a crash, a merge or a restart loses nothing).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

When a new article bridges two stories, the clusterer merges them and the absorbed
story's row is deleted. Its address then answered 404 and comments posted on it were
kept under an id no page shows. ``story_merges`` records each absorbed id and the story
it went into, so old addresses redirect and comments move with the story.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_merges",
        sa.Column("story_id", sa.String(32), primary_key=True),
        sa.Column("into_id", sa.String(32), nullable=False),
        sa.Column("merged_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_story_merges_into", "story_merges", ["into_id"])


def downgrade() -> None:
    op.drop_index("ix_story_merges_into", "story_merges")
    op.drop_table("story_merges")
