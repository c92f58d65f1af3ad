"""One feed, one source: URL identity, and OPML import and export through the command line
with nothing lost (a NetNewsWire export we wrote by hand, folders nested and shared)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.conftest import DATA
from tidings.cli import app, common
from tidings.config import Settings
from tidings.ingest.opml import folder_tag, read_opml, tag_folder
from tidings.ingest.urls import feed_identity, normal_feed_url
from tidings.pipeline.subscribe import follow_feed
from tidings.store import SqlRepository, open_repository

runner = CliRunner()
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
# (folder path, xmlUrl, title, htmlUrl): one row per place a feed sits.
Membership = tuple[tuple[str, ...], str, str | None, str | None]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_STARTER_SOURCES", "false")
    monkeypatch.setattr(common, "console", Console(width=250))
    return tmp_path / "data"


def _memberships(data: bytes) -> set[Membership]:
    """Every feed outline with the folders above it, read with ElementTree alone (not with
    the parser under test)."""
    found: set[Membership] = set()

    def walk(element: ElementTree.Element, folder: tuple[str, ...]) -> None:
        for outline in element.findall("outline"):
            if "xmlUrl" in outline.attrib:
                a = outline.attrib
                found.add((folder, a["xmlUrl"], a.get("title"), a.get("htmlUrl")))
            else:
                walk(outline, (*folder, outline.attrib["text"]))

    body = ElementTree.fromstring(data).find("body")
    assert body is not None
    walk(body, ())
    return found


@pytest.mark.parametrize(
    "spelling",
    [
        "https://news.example/feed",
        "https://news.example/feed/",
        "HTTPS://News.EXAMPLE/feed",
        "https://news.example:443/feed",
        "feeds://news.example/feed/",
        "feed:https://news.example/feed",
        "https://news.example/feed#latest",
    ],
)
def test_spellings_of_one_feed_are_one_identity(spelling: str) -> None:
    assert feed_identity(spelling) == feed_identity("https://news.example/feed")


def test_normal_feed_url_keeps_what_names_another_feed() -> None:
    assert normal_feed_url("feed://Blog.Example/feed/") == "http://blog.example/feed/"
    assert normal_feed_url("https://x.example:8443/a?b=1") == "https://x.example:8443/a?b=1"
    assert normal_feed_url("http://[::1]:80/f") == "http://[::1]/f"
    for other in (
        "http://news.example/feed",  # another scheme may be another server
        "https://news.example/feed?lang=de",
        "https://news.example/Feed",
        "https://www.news.example/feed",
    ):
        assert feed_identity(other) != feed_identity("https://news.example/feed"), other


def test_folder_tags_round_trip_names_with_slashes() -> None:
    for folder in [("Tech",), ("Tech", "AI"), ("News/Politics", "EU"), ("a\\b", "c/")]:
        assert tag_folder(folder_tag(folder)) == folder
    assert folder_tag(("Tech", "AI")) == "Tech/AI"


def test_follow_feed_finds_the_source_under_another_spelling(
    sqlite_repository: SqlRepository,
) -> None:
    repo = sqlite_repository
    # A row stored before URLs were normalised keeps its spelling; it is still found.
    old = repo.sources.add_source("https://News.Example/feed/", now=NOW, tags=["News"])
    for spelling in ("https://news.example/feed", "feeds://NEWS.example:443/feed/"):
        followed = follow_feed(repo, spelling, now=NOW, tags=["News", "World"])
        assert not followed.added and followed.source.id == old.id
    assert [s.feed_url for s in repo.sources.list_sources(with_counts=False)] == [
        "https://News.Example/feed/"
    ]
    assert repo.sources.get_source(old.id).tags == ("News", "World")  # gained, nothing lost
    added = follow_feed(repo, "feed://other.example/rss", now=NOW, site_url="http://o.example/")
    assert added.added and added.source.feed_url == "http://other.example/rss"
    assert added.source.site_url == "http://o.example/"


def test_netnewswire_round_trip_loses_nothing(data_dir: Path, tmp_path: Path) -> None:
    fixture = (DATA / "opml" / "netnewswire-export.opml").read_bytes()
    result = runner.invoke(
        app, ["sources", "import", str(DATA / "opml" / "netnewswire-export.opml")]
    )
    assert result.exit_code == 0, result.output
    assert "7 added, 0 already followed, 0 skipped, 0 failed" in result.output
    out = tmp_path / "export.opml"
    assert runner.invoke(app, ["sources", "export", "-o", str(out)]).exit_code == 0
    exported = out.read_bytes()
    assert "category" not in exported.decode()
    assert _memberships(exported) == _memberships(fixture)
    # Every feed, in every folder it sat in (nested and more than one), with its title and
    # site, and nothing else.
    assert len(_memberships(fixture)) == 9
    lantern = next(f for f in read_opml(exported).feeds if "lantern" in f.url)
    assert set(lantern.folders) == {("News",), ("Tech & Science",)}
    # Importing the export again changes nothing.
    again = runner.invoke(app, ["sources", "import", str(out)])
    assert "0 added, 7 already followed, 0 skipped, 0 failed" in again.output
    repo = open_repository(Settings(data_dir=data_dir))
    assert len(repo.sources.list_sources(with_counts=False)) == 7
    tramway = repo.sources.find_source("https://tramway.example/blog/feed.json")
    assert tramway is not None and tramway.site_url == "https://tramway.example/blog/"
    assert set(tramway.tags) == {"News/Regional/Transit", "Tech & Science/Transit"}


def test_import_names_each_skip_and_merges_spellings(data_dir: Path, tmp_path: Path) -> None:
    opml = tmp_path / "mixed.opml"
    opml.write_text(
        """<?xml version="1.0"?>
<opml version="2.0"><head><title>Mixed</title></head><body>
  <outline text="Blogs">
    <outline type="rss" text="Slash" xmlUrl="https://blog.example/feed/" htmlUrl="https://blog.example/"/>
    <outline type="rss" text="Old handler" xmlUrl="feed://handler.example/rss"/>
    <outline type="rss" text="No address" htmlUrl="https://nowhere.example/"/>
    <outline text="Nothing here"/>
  </outline>
  <outline text="Later">
    <outline type="rss" text="No slash" xmlUrl="https://BLOG.example/feed"/>
  </outline>
  <outline type="rss" text="Mail" xmlUrl="mailto:editor@blog.example"/>
  <outline type="rss" text="Relative" xmlUrl="/feed.xml"/>
</body></opml>""",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["sources", "import", str(opml)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 already followed, 4 skipped, 0 failed" in result.output
    assert "skipped 'No address' (in Blogs): no feed address (xmlUrl)" in result.output
    assert "skipped 'Nothing here' (in Blogs): an empty folder" in result.output
    assert "skipped 'Mail': not a web address (mailto:)" in result.output
    assert "skipped 'Relative': not an absolute address" in result.output
    repo = open_repository(Settings(data_dir=data_dir))
    sources = {s.feed_url: s for s in repo.sources.list_sources(with_counts=False)}
    assert set(sources) == {"https://blog.example/feed/", "http://handler.example/rss"}
    assert sources["https://blog.example/feed/"].tags == ("Blogs", "Later")
    assert sources["https://blog.example/feed/"].site_url == "https://blog.example/"


def test_sources_add_knows_a_feed_under_another_spelling(data_dir: Path) -> None:
    first = runner.invoke(app, ["sources", "add", "--no-check", "feed://news.example/feed/"])
    assert first.exit_code == 0 and "Added source 1" in first.output
    again = runner.invoke(app, ["sources", "add", "--no-check", "HTTP://News.Example:80/feed"])
    assert again.exit_code == 0 and "Already following" in again.output
    repo = open_repository(Settings(data_dir=data_dir))
    assert [s.feed_url for s in repo.sources.list_sources(with_counts=False)] == [
        "http://news.example/feed/"
    ]


def test_broken_addresses_are_skipped_not_raised() -> None:
    data = b"""<opml version="2.0"><body>
      <outline type="rss" text="Broken" xmlUrl="https://[broken/feed" htmlUrl="http://[x"/>
      <outline type="rss" text="Fine" xmlUrl="https://fine.example/feed" htmlUrl="http://[x"/>
    </body></opml>"""
    opml = read_opml(data)
    assert [(f.url, f.site_url) for f in opml.feeds] == [("https://fine.example/feed", None)]
    assert [(s.name, s.reason) for s in opml.skipped] == [("Broken", "not a valid address")]
