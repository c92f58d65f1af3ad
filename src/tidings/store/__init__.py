"""Storage: schema, migrations and the repository over SQLite or PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine

from tidings.config import Settings

# Value objects the store takes and returns live in models (the stages share them);
# re-exported here so ``from tidings.store import NewEntry`` keeps working.
from tidings.models import (
    ArticleFacts,
    Cursor,
    Enrichment,
    NewEntry,
    PendingArticle,
    StoryPlacement,
)
from tidings.store.database import create_store_engine, engine_for, migrate
from tidings.store.reader import AppPasswords, ReaderState
from tidings.store.repository import (
    Accounts,
    Articles,
    Comments,
    Repository,
    Search,
    Sources,
    Stories,
)
from tidings.store.sql import SqlRepository
from tidings.store.sql_app_passwords import SqlAppPasswords
from tidings.store.sql_reader import SqlReaderState

__all__ = [
    "Accounts",
    "AppPasswords",
    "ArticleFacts",
    "Articles",
    "Comments",
    "Cursor",
    "Enrichment",
    "NewEntry",
    "PendingArticle",
    "ReaderState",
    "Repository",
    "Search",
    "Sources",
    "SqlAppPasswords",
    "SqlReaderState",
    "SqlRepository",
    "Stories",
    "StoryPlacement",
    "create_store_engine",
    "engine_for",
    "migrate",
    "open_repository",
    "repository_for_engine",
]


def repository_for_engine(engine: Engine) -> SqlRepository:
    """The store over ``engine``, on SQLite or PostgreSQL (``flavour.flavour_for``)."""
    return SqlRepository(engine)


def open_repository(settings: Settings, *, run_migrations: bool = True) -> SqlRepository:
    """Connect to the configured database, migrate it, and return its repository."""
    engine = engine_for(settings)
    if run_migrations:
        migrate(engine)
    return repository_for_engine(engine)
