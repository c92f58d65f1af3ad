"""``tidings sources``: what an operator reads (issue #20, point 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tidings.cli import app, common
from tidings.cli.sources import URL_WIDTH, url_lines
from tidings.config import Settings
from tidings.store import open_repository

runner = CliRunner()
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (None, "never"),
        (NOW - timedelta(seconds=20), "just now"),
        (NOW + timedelta(seconds=20), "in under a minute"),
        (NOW - timedelta(minutes=12, seconds=30), "12 min ago"),
        (NOW + timedelta(hours=3, minutes=5), "in 3 h"),
        (NOW - timedelta(days=2, hours=1), "2 d ago"),
        (NOW - timedelta(days=9), "2026-11-27"),
    ],
)
def test_times_read_from_now(moment: datetime | None, said: str) -> None:
    assert common.relative(moment, NOW) == said


def test_a_long_url_breaks_after_its_slashes_not_mid_word() -> None:
    url = "https://news.example.com/sections/world/europe/rss/feed.xml?lang=en&kind=full"
    lines = url_lines(url).split("\n")
    assert "".join(lines) == url
    assert all(len(line) <= URL_WIDTH for line in lines)
    assert lines[0] == "https://news.example.com/sections/world/"
    assert all(line.endswith(("/", "?", "&")) for line in lines[:-1])
    # A part longer than a line is cut where it must, and nothing is lost.
    host = "https://" + "x" * 60 + ".example/feed"
    assert "".join(url_lines(host).split("\n")) == host


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_FETCH_TIMEOUT", "5")
    monkeypatch.delenv("TIDINGS_ALLOWED_NETWORKS", raising=False)
    monkeypatch.setattr(common, "console", Console(width=120))
    return tmp_path / "data"


def test_a_refused_address_is_said_once_with_the_setting_that_allows_it(
    data_dir: Path,
) -> None:
    result = runner.invoke(app, ["sources", "add", "http://127.0.0.1:9/feed.xml"])
    assert result.exit_code == 1
    refusals = [line for line in result.output.splitlines() if "refusing" in line]
    assert len(refusals) == 1
    assert "TIDINGS_ALLOWED_NETWORKS" in result.output.replace("\n", "")


def test_the_list_fits_120_columns_and_keeps_whole_urls(data_dir: Path) -> None:
    url = "https://www.averyverylongpublishername-example.com/some/deep/path/rss/feed.xml"
    assert (
        runner.invoke(app, ["sources", "add", url, "--no-check", "--title", "Long"]).exit_code == 0
    )
    result = runner.invoke(app, ["sources", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 120
    # The URL is there whole once the table's borders are taken away, broken after "/".
    cells = [line.split("│")[2].strip() for line in lines if line.startswith("│")]
    assert url in "".join(cells)
    assert "not checked yet" in result.output
    source = open_repository(Settings(data_dir=data_dir)).sources.list_sources()[0]
    assert source.feed_url == url
