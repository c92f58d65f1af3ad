"""A database that cannot be reached is a StoreError, whichever call meets it first (issue
#15: a PostgreSQL restart ended the story process through SQLAlchemy's own error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tidings.errors import StoreError
from tidings.store import SqlRepository


def test_reads_and_writes_on_an_unreachable_database_raise_store_error(tmp_path: Path) -> None:
    # A folder where the database file should be: every connection attempt fails.
    repository = SqlRepository(create_engine(f"sqlite:///{tmp_path}"))
    with pytest.raises(StoreError, match="database unavailable"):
        repository.stories.known_tags(limit=5)  # a read: the connection is opened at once
    with pytest.raises(StoreError, match="database unavailable"):
        repository.stories.save_vectors("model", [("a" * 32, "h" * 32, b"\0\0\0\0")])  # a write
    repository.engine.dispose()
