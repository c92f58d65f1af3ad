"""The ``/v1`` entry lists at size (issue #18 point 7).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-10

``/v1/entries`` orders a reader's sources' articles by list time then item id, filters
them by read and starred through the marks' primary keys, and counts them for ``total``.
``ix_articles_source_list`` holds every column those read (source, list time, item id,
article id, discovery time for the "read before" lines), so each source's range is walked
in order and counted without reading one article row; at 100,000 articles that took the
default page from about 1.1 s to a few milliseconds (docs/benchmarks.md).
"""

from __future__ import annotations

from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_source_list",
        "articles",
        ["source_id", "sort_time", "item_id", "id", "discovered_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_source_list", table_name="articles")
