"""Stories (the same event across outlets) and stored related articles (issue #4).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("first_seen", UTCDateTime),
        sa.Column("last_updated", UTCDateTime),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("outlet_count", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_stories_last_updated", "stories", ["last_updated"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_id", sa.String(32)))
    op.create_index("ix_articles_story", "articles", ["story_id", "sort_time"])
    op.create_table(
        "related_articles",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_related_articles_article_id_articles"
            ),
            primary_key=True,
        ),
        sa.Column(
            "related_id",
            sa.String(32),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_related_articles_related_id_articles"
            ),
            primary_key=True,
        ),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_related_articles_related", "related_articles", ["related_id"])


def downgrade() -> None:
    op.drop_table("related_articles")
    op.drop_index("ix_articles_story", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("story_id")
    op.drop_index("ix_stories_last_updated", table_name="stories")
    op.drop_table("stories")
