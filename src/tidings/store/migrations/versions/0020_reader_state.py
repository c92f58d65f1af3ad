"""Reader state for the reader apps (issue #18): item ids, subscriptions, read marks,
app passwords.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08

* ``articles.item_id``: the integer id the Google Reader, Fever and Miniflux APIs use,
  unique. Rows already stored get theirs here, oldest discovery first, as new ones do at
  ingest (``tidings.store.item_ids``).
* ``user_follows.folder``, ``title``, ``read_before``: a followed source is a
  subscription, in a folder the reader names, under a title they may change, with the
  time before which they marked everything read.
* ``article_reads``: explicit read and "kept unread" marks per reader and article.
* ``app_passwords``: the hashed app passwords and Fever keys.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.item_ids import next_item_id
from tidings.store.types import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: rebuilding ``articles`` on SQLite would drop the
    # search triggers of 0009.
    op.add_column("articles", sa.Column("item_id", sa.BigInteger))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, discovered_at FROM articles ORDER BY discovered_at, id")
    ).all()
    last = 0
    updates = []
    kind = UTCDateTime()
    for article_id, discovered in rows:
        when = kind.process_result_value(discovered, conn.dialect)
        assert when is not None
        last = next_item_id(when, last)
        updates.append({"i": last, "a": article_id})
    if updates:
        conn.execute(sa.text("UPDATE articles SET item_id = :i WHERE id = :a"), updates)
    op.create_index("ix_articles_item_id", "articles", ["item_id"], unique=True)

    op.add_column("user_follows", sa.Column("folder", sa.String(120)))
    op.add_column("user_follows", sa.Column("title", sa.Text))
    op.add_column("user_follows", sa.Column("read_before", UTCDateTime))

    op.create_table(
        "article_reads",
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("read", sa.Boolean, nullable=False),
        sa.Column("marked_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "app_passwords",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("fever_key", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_used_at", UTCDateTime),
    )
    op.create_index("ix_app_passwords_user", "app_passwords", ["user_id"])
    op.create_index("ix_app_passwords_secret_hash", "app_passwords", ["secret_hash"], unique=True)
    op.create_index("ix_app_passwords_fever_key", "app_passwords", ["fever_key"], unique=True)


def downgrade() -> None:
    op.drop_table("app_passwords")
    op.drop_table("article_reads")
    op.drop_column("user_follows", "read_before")
    op.drop_column("user_follows", "title")
    op.drop_column("user_follows", "folder")
    op.drop_index("ix_articles_item_id", table_name="articles")
    op.drop_column("articles", "item_id")
