"""Shared fixtures: settings in a temp dir, real SQLite and PostgreSQL stores, local HTTP."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.demo_site import DemoSite, demo_site
from tests.localserver import LocalServer
from tidings.config import Settings
from tidings.store import SqlRepository, create_store_engine, migrate, repository_for_engine

DATA = Path(__file__).parent / "data"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
POSTGRES_ADMIN_URL = os.environ.get(
    "TIDINGS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        starter_sources=False,
        fetch_timeout=5.0,
        allowed_networks=["127.0.0.0/8"],  # the tests' servers live on loopback
        per_host_delay_seconds=0.0,
    )


@pytest.fixture
def sqlite_repository(settings: Settings) -> Iterator[SqlRepository]:
    engine = create_store_engine(settings.sqlalchemy_url)
    migrate(engine)
    yield repository_for_engine(engine)
    engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if os.environ.get("TIDINGS_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("TIDINGS_TEST_SKIP_POSTGRES=1")
    name = f"tidings_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def repository(request: pytest.FixtureRequest, settings: Settings) -> Iterator[SqlRepository]:
    """The same contract, run on both databases."""
    if request.param == "sqlite":
        url = settings.sqlalchemy_url
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_store_engine(url)
    migrate(engine)
    yield repository_for_engine(engine)
    engine.dispose()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    """The demo publisher on a free port, its feeds followed and ingested once."""
    with demo_site(tmp_path_factory.mktemp("demo")) as site:
        yield site
