"""Engines and migrations: SQLite (WAL, one writer) by default, PostgreSQL for scale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from tidings.config import Settings

_MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web server read while ingest writes; NORMAL is durable at checkpoints.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Readers share the file through the OS page cache (mmap) instead of each pooled
    # connection copying pages into its own small cache (2 MB by default).
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA cache_size=-16000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings each database needs."""
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        pool: dict[str, Any] = {}
        if database and database != ":memory:":
            # The web server runs views on up to 40 threads: with the default pool of 5
            # (+10 overflow, closed on return) most requests opened a fresh connection and
            # ran the pragmas below again. Keep enough connections to be reused.
            pool = {"pool_size": 20, "max_overflow": 20}
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def engine_for(settings: Settings) -> Engine:
    """The engine for the configured database."""
    return create_store_engine(settings.sqlalchemy_url)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (append-only Alembic migrations)."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
