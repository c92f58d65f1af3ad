"""Alembic environment: runs on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from tidings.store.schema import metadata
from tidings.store.search import is_search_object

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through tidings.store.migrate(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    # Search's FTS table and tsvector column are made by hand in migration 0009.
    include_object=lambda _obj, name, type_, *_: not is_search_object(name, type_),
)
with context.begin_transaction():
    context.run_migrations()
