"""Who an outlet is: its owner and country, as the operator sets them (issue #20).

Revision ID: 0030
Revises: 0020
Create Date: 2026-12-08

The outlet page and the article's publisher box show a short "about" line from what is
known of a source: the feed's own title, link and language, the site's domain and the
country its domain names. ``tidings sources edit ID --owner … --country …`` adds the two
facts a feed does not carry; both are empty until an operator sets them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("owner", sa.Text))
    op.add_column("sources", sa.Column("country", sa.String(2)))


def downgrade() -> None:
    op.drop_column("sources", "country")
    op.drop_column("sources", "owner")
