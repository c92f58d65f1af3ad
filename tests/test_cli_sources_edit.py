"""``tidings sources edit``: the owner and country readers see in an outlet's about line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.config import Settings
from tidings.store import open_repository

runner = CliRunner()


@pytest.fixture
def source_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    repo = open_repository(Settings(data_dir=tmp_path / "data", starter_sources=False))
    found = repo.sources.add_source("https://paper.example/feed", now=datetime.now(UTC)).id
    repo.engine.dispose()
    return found


def _source(tmp_path: Path, source_id: int) -> tuple[str | None, str | None]:
    repo = open_repository(Settings(data_dir=tmp_path / "data", starter_sources=False))
    try:
        source = repo.sources.get_source(source_id)
        return source.owner, source.country
    finally:
        repo.engine.dispose()


def test_edit_sets_and_clears_owner_and_country(tmp_path: Path, source_id: int) -> None:
    done = runner.invoke(
        app, ["sources", "edit", str(source_id), "--owner", "Paper Ltd", "--country", "gb"]
    )
    assert done.exit_code == 0, done.output
    assert _source(tmp_path, source_id) == ("Paper Ltd", "GB")
    assert runner.invoke(app, ["sources", "edit", str(source_id), "--owner", ""]).exit_code == 0
    assert _source(tmp_path, source_id) == (None, "GB")  # the country left as it was


@pytest.mark.parametrize(
    "args",
    [["--country", "XX"], ["--country", "Germany"], ["--owner", "x" * 201], []],
)
def test_edit_refuses_bad_values_and_changes_nothing(
    tmp_path: Path, source_id: int, args: list[str]
) -> None:
    refused = runner.invoke(app, ["sources", "edit", str(source_id), *args])
    assert refused.exit_code == 2, refused.output
    assert _source(tmp_path, source_id) == (None, None)


def test_edit_of_an_unknown_source_fails(source_id: int) -> None:
    assert runner.invoke(app, ["sources", "edit", "999", "--owner", "Nobody"]).exit_code == 1
