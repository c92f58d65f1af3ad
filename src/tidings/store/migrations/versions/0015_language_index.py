"""Originals by language, newest first (issue #6): an index for the home page's lists.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

The home page counts original articles per language and lists one language's newest.
Without an index the count read every article row, bodies included (over a second at
100k articles); this partial index (originals only) answers both from the index alone.
It orders by (sort_time, id) within a language so a one-language list walks it in order,
rather than sorting all of that language's articles.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_ORIGINALS = sa.text("duplicate_of IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_articles_language",
        "articles",
        ["language", "sort_time", "id"],
        sqlite_where=_ORIGINALS,
        postgresql_where=_ORIGINALS,
    )


def downgrade() -> None:
    op.drop_index("ix_articles_language", table_name="articles")
