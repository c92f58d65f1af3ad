"""``tidings users api-key USERNAME`` (issue #18): create, list with last use, revoke."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tidings.accounts.app_passwords import app_password_hash, fever_key
from tidings.cli import app, common
from tidings.config import Settings
from tidings.store import SqlAppPasswords, SqlRepository, open_repository

runner = CliRunner()
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SqlRepository]:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(common, "console", Console(width=200))
    repository = open_repository(Settings(data_dir=tmp_path / "data"))
    repository.accounts.create_user("ada", "argon2-hash-not-used", now=NOW)
    yield repository
    repository.engine.dispose()


def test_create_list_and_revoke(repo: SqlRepository) -> None:
    made = runner.invoke(app, ["users", "api-key", "Ada", "--name", "Reeder"])
    assert made.exit_code == 0, made.output
    secret = re.search(r"^([a-z2-9]{5}(?:-[a-z2-9]{5}){3})$", made.output, re.M)
    assert secret, made.output
    keys = SqlAppPasswords(repo.engine)
    found = keys.app_password_user(secret_hash=app_password_hash(secret.group(1)), now=NOW)
    assert found is not None and found[0].username == "ada"
    assert keys.app_password_user(fever_key=fever_key("ada", secret.group(1)), now=NOW)
    # Only hashes are stored: the password appears nowhere in the database file.
    with repo.engine.connect() as conn:
        dump = "\n".join(conn.connection.driver_connection.iterdump())  # type: ignore[union-attr]
    assert secret.group(1) not in dump

    listed = runner.invoke(app, ["users", "api-key", "ada", "--list"])
    assert listed.exit_code == 0, listed.output
    assert "Reeder" in listed.output and "2026-11-20 12:00 UTC" in listed.output

    revoked = runner.invoke(app, ["users", "api-key", "ada", "--revoke", str(found[1])])
    assert revoked.exit_code == 0, revoked.output
    assert keys.app_passwords(1) == []
    again = runner.invoke(app, ["users", "api-key", "ada", "--revoke", str(found[1])])
    assert again.exit_code == 1
    assert "no app passwords" in runner.invoke(app, ["users", "api-key", "ada", "--list"]).output


def test_unknown_user_and_bad_name(repo: SqlRepository) -> None:
    assert runner.invoke(app, ["users", "api-key", "nobody"]).exit_code == 1
    assert runner.invoke(app, ["users", "api-key", "ada", "--name", " "]).exit_code == 2
    assert runner.invoke(app, ["users", "api-key", "ada", "--name", "x" * 65]).exit_code == 2
    assert SqlAppPasswords(repo.engine).app_passwords(1) == []
