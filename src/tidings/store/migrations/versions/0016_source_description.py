"""What a source says about itself: the feed's description (issue #6, the source page).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

Feeds carry a description (RSS ``<description>``, Atom ``<subtitle>``, JSON Feed
``description``); until now it was parsed and dropped. The source page shows it under
the outlet's name, as "who they are".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("description", sa.Text))


def downgrade() -> None:
    op.drop_column("sources", "description")
