"""CLI: discovery, OPML import/export, source health, and ``tidings extract``."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.conftest import DATA
from tests.localserver import LocalServer, Reply
from tidings.cli import app, common
from tidings.config import Settings
from tidings.ingest.opml import OpmlFeed, parse_opml, write_opml
from tidings.store import open_repository

runner = CliRunner()
RSS = "application/rss+xml"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_FETCH_TIMEOUT", "5")
    monkeypatch.setenv("TIDINGS_ALLOWED_NETWORKS", '["127.0.0.0/8"]')
    monkeypatch.setenv("TIDINGS_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setattr(common, "console", Console(width=250))
    return tmp_path / "data"


def _feed(server: LocalServer) -> bytes:
    return (
        (DATA / "site" / "feed.xml")
        .read_text(encoding="utf-8")
        .replace("{base}", server.base)
        .encode()
    )


def test_add_finds_feeds_linked_from_a_page(data_dir: Path, local_server: LocalServer) -> None:
    page = b'<html><head><link rel="alternate" type="application/rss+xml" title="All" href="/feeds/all.xml"></head><body>Hi</body></html>'
    local_server.routes["/"] = Reply(page, headers={"Content-Type": "text/html"})
    local_server.routes["/feeds/all.xml"] = Reply(
        _feed(local_server), headers={"Content-Type": RSS}
    )
    result = runner.invoke(app, ["sources", "add", local_server.url("/")])
    assert result.exit_code == 0, result.output
    assert (
        "Found 1 feed(s)" in result.output
        and "/feeds/all.xml" in result.output
        and "via link" in result.output
    )
    assert [
        s.feed_url for s in open_repository(Settings(data_dir=data_dir)).sources.list_sources()
    ] == [local_server.url("/feeds/all.xml")]


def test_add_tries_common_paths_and_says_what_failed(
    data_dir: Path, local_server: LocalServer
) -> None:
    local_server.routes["/"] = Reply(
        b"<html><body>No links here</body></html>", headers={"Content-Type": "text/html"}
    )
    local_server.routes["/feed.xml"] = Reply(_feed(local_server), headers={"Content-Type": RSS})
    result = runner.invoke(app, ["sources", "add", local_server.url("/")])
    assert result.exit_code == 0, result.output
    assert "via common path" in result.output
    local_server.routes.pop("/feed.xml")
    nothing = runner.invoke(app, ["sources", "add", local_server.url("/?page=2")])
    assert nothing.exit_code == 1 and "No feed found" in nothing.output


def test_add_a_feed_directly_and_list_health(data_dir: Path, local_server: LocalServer) -> None:
    local_server.routes["/rss"] = Reply(_feed(local_server), headers={"Content-Type": RSS})
    assert runner.invoke(app, ["sources", "add", local_server.url("/rss")]).exit_code == 0
    assert runner.invoke(app, ["sources", "add", local_server.url("/rss")]).output.startswith(
        "Already following"
    )
    assert (
        runner.invoke(app, ["sources", "add", local_server.url("/gone"), "--no-check"]).exit_code
        == 0
    )
    assert runner.invoke(app, ["ingest", "--once"]).exit_code == 0
    listing = runner.invoke(app, ["sources", "list"]).output
    for column in ("format", "a day", "last ok", "next check", "status"):
        assert column in listing
    assert "rss20" in listing and "HTTP 404" in listing and "ok" in listing
    assert runner.invoke(app, ["sources", "disable", "2", "--reason", "spam"]).exit_code == 0
    assert "disabled: spam" in runner.invoke(app, ["sources", "list"]).output
    assert runner.invoke(app, ["sources", "enable", "2"]).exit_code == 0
    assert runner.invoke(app, ["sources", "enable", "99"]).exit_code == 1


def test_opml_import_of_250_sources_and_export(data_dir: Path, tmp_path: Path) -> None:
    folders = ["World", "Tech", "Sport", "Local", "Science"]
    feeds = [
        OpmlFeed(
            url=f"https://outlet{n}.example/feed.xml",
            title=f"Outlet {n} & Co",
            site_url=f"https://outlet{n}.example/",
            folders=((folders[n % 5],),) if n % 7 else (),
        )
        for n in range(250)
    ]
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(write_opml(feeds))
    first = runner.invoke(app, ["sources", "import", str(opml)])
    assert first.exit_code == 0, first.output
    assert "250 added, 0 already followed, 0 skipped, 0 failed" in first.output
    again = runner.invoke(app, ["sources", "import", str(opml)])
    assert "0 added, 250 already followed, 0 skipped, 0 failed" in again.output
    repo = open_repository(Settings(data_dir=data_dir))
    assert repo.sources.find_source("https://outlet3.example/feed.xml").tags == ("Local",)  # type: ignore[union-attr]
    out = tmp_path / "export.opml"
    assert runner.invoke(app, ["sources", "export", "-o", str(out)]).exit_code == 0
    exported = parse_opml(out.read_bytes())
    assert {f.url for f in exported} == {f.url for f in feeds}
    assert {f.url: f.folders for f in exported}["https://outlet3.example/feed.xml"] == (("Local",),)
    broken = tmp_path / "broken.opml"
    broken.write_bytes(b"<opml><body><outline")
    result = runner.invoke(app, ["sources", "import", str(broken)])
    assert result.exit_code == 1 and "broken.opml" in result.output


def test_extract_prints_json_lines(tmp_path: Path) -> None:
    page = (
        (DATA / "site" / "tram-line.html")
        .read_text(encoding="utf-8")
        .replace("{base}", "https://kvp.example")
    )
    plain = tmp_path / "tram.html"
    plain.write_text(page, encoding="utf-8")
    packed = tmp_path / "tram.html.gz"
    packed.write_bytes(gzip.compress(page.encode()))
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        json.dumps({"file": "tram.html.gz", "url": "https://kvp.example/news/tram-line.html"})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["extract", str(plain), "--url", "https://kvp.example/news/tram-line.html"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    assert record["title"] == "Tram line to reopen in spring"
    assert record["article_type"] == "ReportageNewsArticle"
    assert record["authors"] == ["Nadia Okafor"]
    assert record["published"] == "2026-11-16T09:00:00+00:00"
    assert record["lead_image"]["url"] == "https://kvp.example/img/tram.jpg"
    assert record["figures"][0]["caption"].startswith("New trams wait")
    assert "\n\n" in record["text"] and "Tram line to reopen" not in record["text"]
    assert set(record) >= {
        "file",
        "url",
        "title",
        "text",
        "html",
        "authors",
        "published",
        "modified",
        "language",
        "article_type",
        "section",
        "keywords",
        "lead_image",
        "figures",
    }
    from_manifest = runner.invoke(app, ["extract", "--manifest", str(manifest)])
    assert json.loads(from_manifest.stdout)["text"] == record["text"]
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.html")])
    assert missing.exit_code == 1 and '"error"' in missing.stdout


def test_a_source_language_is_set_and_cleared(data_dir: Path) -> None:
    repo = open_repository(Settings(data_dir=data_dir))
    source = repo.sources.add_source("https://example.org/feed.xml", now=common.now())
    result = runner.invoke(app, ["sources", "language", str(source.id), "de-CH"])
    assert result.exit_code == 0 and "language: de" in result.output
    assert repo.sources.get_source(source.id).language == "de"
    assert runner.invoke(app, ["sources", "language", str(source.id), "auto"]).exit_code == 0
    assert repo.sources.get_source(source.id).language is None
    bad = runner.invoke(app, ["sources", "language", str(source.id), "Klingon!!"])
    assert bad.exit_code == 2
    assert runner.invoke(app, ["sources", "language", "999", "fr"]).exit_code == 1
