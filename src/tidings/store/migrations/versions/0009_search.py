"""Full-text search over titles and bodies (issue #6): SQLite FTS5 or PostgreSQL tsvector.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

SQLite: an external-content FTS5 table over ``articles`` (rowid), kept in step by
triggers; accents folded, so "zurich" finds "Zürich". PostgreSQL: a stored generated
``tsvector`` column (title weighted above body, the ``simple`` configuration: no stemming,
right for a site in many languages) with a GIN index. Neither is in ``schema.metadata``:
``tidings.store.search.is_search_object`` tells migrations' comparisons to skip them.

The body is indexed up to 200,000 characters (a tsvector holds at most 1 MB). A later
migration that rebuilds ``articles`` on SQLite (``batch_alter_table``) drops these
triggers with the old table and renumbers rowids: it must run these statements again.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END",
    "CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO article_search(article_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO article_search(article_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END",
    "INSERT INTO article_search(article_search) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS article_search_update",
    "DROP TRIGGER IF EXISTS article_search_delete",
    "DROP TRIGGER IF EXISTS article_search_insert",
    "DROP TABLE IF EXISTS article_search",
)
_POSTGRES_UP = (
    "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', left(coalesce(text, ''), 200000)), 'B')) STORED",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
)
_POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_UP if sqlite else _POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DOWN if sqlite else _POSTGRES_DOWN:
        op.execute(statement)
