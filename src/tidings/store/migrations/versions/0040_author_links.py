"""Each author's own page, where the publisher names one (issue #20, point 10).

Revision ID: 0040
Revises: 0032
Create Date: 2026-12-07

Extraction reads an author's page from the article's JSON-LD (``author.url``) or from a
``rel=author`` link whose text is the author's name; the article page's JSON-LD then
gives ``author.url``. Empty for articles stored before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("author_links", sa.JSON))


def downgrade() -> None:
    op.drop_column("articles", "author_links")
