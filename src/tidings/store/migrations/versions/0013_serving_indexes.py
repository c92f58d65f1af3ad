"""Indexes for serving a large archive (issue #6): keyword neighbours by time, copies.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

* ``article_keywords.sort_time`` copies the article's sort time, so the article page's
  "sharing keywords" fill reads only the postings of the last days from an index on
  (keyword, sort_time, article_id), not every article that ever had the keyword: its cost
  then follows the daily intake, not the archive's size.
* ``ix_articles_duplicate_of`` becomes partial (copies only). The full index also matched
  ``duplicate_of IS NULL``, so SQLite, without statistics, answered "latest originals"
  through it: every original read and sorted, instead of walking ``ix_articles_sort_time``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.types import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COPIES = sa.text("duplicate_of IS NOT NULL")


def upgrade() -> None:
    op.add_column("article_keywords", sa.Column("sort_time", UTCDateTime))
    op.execute(
        "UPDATE article_keywords SET sort_time = "
        "(SELECT sort_time FROM articles WHERE articles.id = article_keywords.article_id)"
    )
    op.drop_index("ix_article_keywords_keyword", table_name="article_keywords")
    op.create_index(
        "ix_article_keywords_recent", "article_keywords", ["keyword", "sort_time", "article_id"]
    )
    op.drop_index("ix_articles_duplicate_of", table_name="articles")
    op.create_index(
        "ix_articles_duplicate_of",
        "articles",
        ["duplicate_of"],
        sqlite_where=_COPIES,
        postgresql_where=_COPIES,
    )


def downgrade() -> None:
    op.drop_index("ix_articles_duplicate_of", table_name="articles")
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    op.drop_index("ix_article_keywords_recent", table_name="article_keywords")
    op.create_index("ix_article_keywords_keyword", "article_keywords", ["keyword"])
    with op.batch_alter_table("article_keywords") as batch:
        batch.drop_column("sort_time")
