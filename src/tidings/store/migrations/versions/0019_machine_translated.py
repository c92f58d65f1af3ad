"""The publisher's own machine-translation notice (issue #16).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

Some publishers machine-translate their articles and say so, in the JSON-LD
(``translator`` is software, ``translationOfWork`` names the original) or in a disclaimer
line. Extraction now reads that; ``machine_translated`` keeps it so the article page can
tell the reader, and ``translated_from`` keeps the original's address when it is named.
Rows already stored read as not machine-translated until they are extracted again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: rebuilding ``articles`` on SQLite would drop the
    # search triggers of 0009.
    op.add_column(
        "articles",
        sa.Column("machine_translated", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column("articles", sa.Column("translated_from", sa.Text))


def downgrade() -> None:
    op.drop_column("articles", "translated_from")
    op.drop_column("articles", "machine_translated")
