"""A PostgreSQL cluster of a test's own (Debian's ``pg_createcluster``), which the test may
restart with ``pg_ctlcluster`` without cutting off the tests that share the main server
on 127.0.0.1:5432 (``make test`` runs two at a time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.servers import free_port

_VERSIONS = Path("/usr/lib/postgresql")


class PrivateCluster:
    """A running cluster on a free port of 127.0.0.1, trusting local connections."""

    def __init__(self, version: str, name: str, port: int) -> None:
        self.version, self.name, self.port = version, name, port

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"tidings_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return self.url(name)

    def restart(self) -> None:
        """Restart the server as an operator would: every session is cut off."""
        self._ctl("restart", "--mode", "fast")

    def stop(self) -> None:
        """Stop the server; connections are refused until ``start``."""
        self._ctl("stop", "--mode", "fast")

    def start(self) -> None:
        self._ctl("start")

    def _ctl(self, *action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, *action],
            check=True,
            capture_output=True,
        )


def _unavailable() -> str | None:
    """Why no private cluster can be made here, if it cannot."""
    if os.environ.get("TIDINGS_TEST_SKIP_POSTGRES") == "1":
        return "TIDINGS_TEST_SKIP_POSTGRES=1"
    if shutil.which("pg_createcluster") is None or not _VERSIONS.is_dir():
        return "Debian's PostgreSQL cluster tools (pg_createcluster) are not installed"
    if os.geteuid() != 0:
        return "pg_createcluster needs root (it creates the cluster as the postgres user)"
    return None


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """A fresh cluster of the newest installed PostgreSQL, dropped afterwards. Skips where
    none can be made, except in CI (``CI`` set), where that fails."""
    reason = _unavailable()
    if reason is not None:
        if os.environ.get("CI") and "SKIP_POSTGRES" not in reason:
            pytest.fail(f"no private PostgreSQL cluster: {reason}")
        pytest.skip(reason)
    version = max(
        (p.name for p in _VERSIONS.iterdir() if (p / "bin" / "postgres").exists()),
        key=lambda v: [int(part) for part in v.split(".") if part.isdigit()],
    )
    cluster = PrivateCluster(version, f"tidings-test-{uuid.uuid4().hex[:8]}", free_port())
    create = ["pg_createcluster", version, cluster.name, "--port", str(cluster.port), "--start"]
    subprocess.run(
        [*create, "--", "--auth=trust"],  # initdb's option: no passwords on this private one
        check=True,
        capture_output=True,
    )
    try:
        yield cluster
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", version, cluster.name], check=False, capture_output=True
        )
