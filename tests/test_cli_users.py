"""CLI: ``tidings users create``, ``list`` and ``role`` (issue #7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import Role
from tidings.cli import app, common
from tidings.cli import users as users_cli
from tidings.config import Settings
from tidings.store import SqlRepository, open_repository

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(common, "console", Console(width=200))
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path) -> Iterator[SqlRepository]:
    repository = open_repository(Settings(data_dir=data_dir))
    yield repository
    repository.engine.dispose()


def _answers(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Feed ``getpass`` these answers; returns the prompts it was asked with."""
    queue, prompts = list(answers), []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr(users_cli.getpass, "getpass", fake_getpass)
    return prompts


def test_create_with_a_password(data_dir: Path, repo: SqlRepository) -> None:
    result = runner.invoke(app, ["users", "create", "Ada", "--password", "correct horse"])
    assert result.exit_code == 0, result.output
    assert "Created reader ada" in result.output
    found = repo.accounts.user_credentials("ada")
    assert found is not None and found[0].role is Role.READER
    assert found[1].startswith("$argon2id$")
    assert PasswordHasher().verify(found[1], "correct horse")
    again = runner.invoke(app, ["users", "create", "ada", "--password", "another one"])
    assert again.exit_code == 1 and "taken" in again.output


def test_create_an_admin_asks_for_the_password_twice(
    data_dir: Path, repo: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = _answers(monkeypatch, "short", "a good password", "a good password")
    result = runner.invoke(app, ["users", "create", "boss", "--admin"])
    assert result.exit_code == 0, result.output
    assert prompts == ["Password: ", "Password: ", "Password again: "]  # "short" was refused
    assert "at least 8 characters" in result.output
    user = repo.accounts.find_user("boss")
    assert user is not None and user.role is Role.ADMIN
    found = repo.accounts.user_credentials("boss")
    assert found is not None and PasswordHasher().verify(found[1], "a good password")


def test_create_gives_up_when_the_answers_differ(
    data_dir: Path, repo: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(monkeypatch, *["password one", "password two"] * 3)
    result = runner.invoke(app, ["users", "create", "bob"])
    assert result.exit_code == 2 and "differ" in result.output
    assert repo.accounts.find_user("bob") is None


def test_create_refuses_bad_names_and_passwords(data_dir: Path, repo: SqlRepository) -> None:
    assert runner.invoke(app, ["users", "create", "x", "--password", "long enough"]).exit_code == 2
    assert runner.invoke(app, ["users", "create", "bob", "--password", "short"]).exit_code == 2
    assert repo.accounts.list_users() == []


def test_list_and_role(data_dir: Path, repo: SqlRepository) -> None:
    empty = runner.invoke(app, ["users", "list"])
    assert empty.exit_code == 0 and "No accounts yet" in empty.output
    runner.invoke(app, ["users", "create", "ada", "--password", "correct horse"])
    changed = runner.invoke(app, ["users", "role", "ada", "moderator"])
    assert changed.exit_code == 0 and "ada is now moderator" in changed.output
    user = repo.accounts.find_user("ada")
    assert user is not None and user.role is Role.MODERATOR
    listing = runner.invoke(app, ["users", "list"])
    assert "ada" in listing.output and "moderator" in listing.output
    assert runner.invoke(app, ["users", "role", "nobody", "admin"]).exit_code == 1
    assert runner.invoke(app, ["users", "role", "ada", "emperor"]).exit_code == 2
