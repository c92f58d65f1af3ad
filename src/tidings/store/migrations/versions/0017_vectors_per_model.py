"""An article's embeddings, one per model (issue #14, stories across languages).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

The story stage now embeds each article twice, with the English model and the
multilingual one; ``article_vectors`` kept one row per article, so the second vector
replaced the first. Its primary key becomes (article, model). SQLite rebuilds the table
(Alembic's batch mode), PostgreSQL swaps the constraint in place.
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _primary_key(columns: list[str]) -> None:
    with op.batch_alter_table("article_vectors", recreate="auto") as batch:
        batch.drop_constraint("pk_article_vectors", type_="primary")
        batch.create_primary_key("pk_article_vectors", columns)


def upgrade() -> None:
    _primary_key(["article_id", "model"])


def downgrade() -> None:
    # One row per article again: the English model's, the older kind, is kept.
    op.execute("DELETE FROM article_vectors WHERE model LIKE 'use-multilingual%'")
    _primary_key(["article_id"])
