"""The command line, run in-process against a temp data folder and a local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.conftest import DATA
from tests.localserver import LocalServer, Reply
from tidings.cli import app, common, import_starter_sources
from tidings.config import Settings
from tidings.ingest.starter import STARTER_FEEDS
from tidings.store import open_repository

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_FETCH_TIMEOUT", "5")
    # A wide console, so that table cells do not wrap in the assertions below.
    monkeypatch.setattr(common, "console", Console(width=200))
    monkeypatch.setenv("TIDINGS_ALLOWED_NETWORKS", '["127.0.0.0/8"]')
    monkeypatch.setenv("TIDINGS_PER_HOST_DELAY_SECONDS", "0")
    return tmp_path / "data"


def test_add_ingest_and_list_with_a_broken_source(
    data_dir: Path, local_server: LocalServer
) -> None:
    feed = (
        (DATA / "site" / "feed.xml")
        .read_text(encoding="utf-8")
        .replace("{base}", local_server.base)
    )
    page = (
        (DATA / "site" / "tram-line.html")
        .read_text(encoding="utf-8")
        .replace("{base}", local_server.base)
    )
    local_server.routes["/feed.xml"] = Reply(
        feed.encode(), headers={"Content-Type": "application/rss+xml"}
    )
    local_server.routes["/news/tram-line.html"] = Reply(
        page.encode(), headers={"Content-Type": "text/html"}
    )
    bakery = page.replace("/news/tram-line.html", "/news/bakery.html").replace(
        "river bridge", "flour mill"
    )
    local_server.routes["/news/bakery.html"] = Reply(
        bakery.encode(), headers={"Content-Type": "text/html"}
    )

    added = runner.invoke(app, ["sources", "add", local_server.url("/feed.xml")])
    assert added.exit_code == 0 and "Added source 1" in added.output
    again = runner.invoke(app, ["sources", "add", local_server.url("/feed.xml")])
    assert "Already following" in again.output
    broken = runner.invoke(
        app, ["sources", "add", local_server.url("/gone.xml"), "--policy", "excerpt", "--no-check"]
    )
    assert broken.exit_code == 0
    assert runner.invoke(app, ["sources", "add", "ftp://x"]).exit_code == 2

    ingest = runner.invoke(app, ["ingest", "--once"])
    assert ingest.exit_code == 0, ingest.output
    assert (
        "Checked 2 feeds (1 failed); 2 new articles; 2 extracted, 0 failed; 1 placed in stories."
        in ingest.output
    )
    assert "gone.xml: HTTP 404" in ingest.output

    listing = runner.invoke(app, ["sources", "list"])
    assert listing.exit_code == 0
    assert "Kestrel Valley Post" in listing.output
    assert "error" in listing.output and "HTTP 404" in listing.output
    assert "ok" in listing.output

    assert runner.invoke(app, ["ingest", "--once", "--all"]).exit_code == 0
    assert open_repository(Settings(data_dir=data_dir)).articles.count_articles() == 2

    assert runner.invoke(app, ["sources", "policy", "2", "full"]).exit_code == 0
    assert runner.invoke(app, ["sources", "policy", "99", "full"]).exit_code == 1


def test_first_start_imports_the_starter_list_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, starter_sources=True)
    repo = open_repository(settings)
    assert import_starter_sources(repo, settings) == len(STARTER_FEEDS)
    assert import_starter_sources(repo, settings) == 0  # not on later starts
    assert len(repo.sources.list_sources()) == len(STARTER_FEEDS)
    assert repo.sources.list_sources()[0].title == STARTER_FEEDS[0].name


def test_operator_file_replaces_the_starter_list(tmp_path: Path) -> None:
    mine = tmp_path / "feeds.txt"
    mine.write_text("https://a.example/feed A News\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path, starter_sources_file=mine)
    repo = open_repository(settings)
    assert import_starter_sources(repo, settings) == 1
    assert [s.feed_url for s in repo.sources.list_sources()] == ["https://a.example/feed"]


def test_bad_configuration_is_reported(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_PAGE_SIZE", "many")
    result = runner.invoke(app, ["sources", "list"])
    assert result.exit_code == 2 and "Configuration error" in result.output


def test_a_separate_story_worker_places_what_ingest_extracted(
    data_dir: Path, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIDINGS_STORY_WORKER", "true")
    for name in ("feed.xml", "tram-line.html"):
        body = (
            (DATA / "site" / name).read_text(encoding="utf-8").replace("{base}", local_server.base)
        )
        kind = "application/rss+xml" if name.endswith(".xml") else "text/html"
        path = "/feed.xml" if name.endswith(".xml") else f"/news/{name}"
        local_server.routes[path] = Reply(body.encode(), headers={"Content-Type": kind})
    assert runner.invoke(app, ["sources", "add", local_server.url("/feed.xml")]).exit_code == 0
    ingest = runner.invoke(app, ["ingest", "--once"])
    assert "1 extracted, 1 failed." in ingest.output  # nothing placed: the worker's job
    repo = open_repository(Settings(data_dir=data_dir))
    (waiting,) = repo.stories.articles_to_cluster(limit=10)
    work = runner.invoke(app, ["stories", "work", "--once"])
    assert work.exit_code == 0, work.output
    assert "Placed 1 articles in stories." in work.output
    assert repo.stories.articles_to_cluster(limit=10) == []
    assert repo.articles.get_article(waiting.id).story_id is not None
    assert (data_dir / "vectors").is_dir()  # the worker saved its vector index
