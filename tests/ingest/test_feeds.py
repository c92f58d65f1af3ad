"""Feed parsing: RSS 2.0, Atom 1.0 and JSON Feed 1.1 fixtures, and what is not a feed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import DATA
from tidings.errors import FeedError
from tidings.ingest import parse_feed
from tidings.models import Image

FEEDS = DATA / "feeds"


def test_rss2() -> None:
    feed = parse_feed((FEEDS / "rss2.xml").read_bytes(), "https://lantern.example/rss.xml")
    assert feed.format == "rss"
    assert feed.title == "The Lantern Courier"
    assert feed.site_url == "https://lantern.example/"
    assert feed.language == "en"
    assert feed.icon_url == "https://lantern.example/logo.png"
    assert len(feed.entries) == 2  # the item without a link is skipped
    first, second = feed.entries
    assert first.title == "Ferry service resumes after storm damage"
    assert first.url == "https://lantern.example/news/ferry-resumes?utm_source=rss&id=7#top"
    assert first.summary == "The morning ferry ran again on Tuesday."
    assert first.published == datetime(2026, 11, 17, 7, 15, tzinfo=UTC)
    assert first.authors == ("Mira Holt",)
    assert first.categories == ("Transport", "Weather")
    assert first.guid == "lantern-7"
    assert first.image == Image(url="https://lantern.example/img/ferry.jpg", width=1200, height=675)
    assert second.url == "https://lantern.example/news/library-budget"
    assert second.image == Image(url="https://lantern.example/img/library.jpg")


def test_atom() -> None:
    feed = parse_feed((FEEDS / "atom.xml").read_bytes(), "https://talbote.example/atom.xml")
    assert feed.format == "atom"
    assert feed.title == "Der Talbote"
    assert feed.language == "de"
    assert feed.icon_url == "https://talbote.example/favicon.svg"
    (entry,) = feed.entries
    assert entry.title == "Brücke gesperrt: Pendler müssen umplanen"
    assert entry.published == datetime(2026, 11, 18, 8, 30, tzinfo=UTC)
    assert entry.updated == datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert entry.authors == ("Jens Albers", "Petra Lang")
    assert entry.categories == ("Verkehr",)
    assert entry.summary == "Die Brücke bleibt bis Freitag gesperrt."


def test_json_feed() -> None:
    feed = parse_feed((FEEDS / "feed.json").read_bytes(), "https://northwind.example/feed.json")
    assert feed.format == "json"
    assert feed.title == "Northwind Business Wire"
    assert feed.language == "en"
    assert feed.icon_url == "https://northwind.example/favicon.svg"
    assert [e.url for e in feed.entries] == [
        "https://northwind.example/2026/11/rates",
        "https://northwind.example/2026/11/layoffs",
    ]
    rates, layoffs = feed.entries
    assert rates.published == datetime(2026, 11, 18, 14, 0, tzinfo=UTC)
    assert rates.updated == datetime(2026, 11, 18, 15, 10, tzinfo=UTC)
    assert rates.authors == ("Ola Berg",)
    assert rates.categories == ("Economy", "Rates")
    assert rates.image == Image(url="https://northwind.example/img/bank.jpg")
    assert layoffs.authors == ("Northwind Desk",)  # the feed's authors apply
    assert layoffs.summary == "The company said 400 roles would go."
    assert layoffs.published == datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("page.html", "HTML page"),
        ("broken.json", "broken JSON Feed"),
        ("not-a-feed.xml", "not a feed"),
    ],
)
def test_not_a_feed(name: str, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed((FEEDS / name).read_bytes(), "https://x.example/feed")


def test_empty_and_other_json() -> None:
    with pytest.raises(FeedError, match="empty"):
        parse_feed(b"  \n", "https://x.example/feed")
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"hello": "world"}', "https://x.example/feed")


def test_broken_xml_is_a_feed_error_with_a_reason() -> None:
    with pytest.raises(FeedError, match=r"broken feed: .+"):
        parse_feed((FEEDS / "broken.xml").read_bytes(), "https://x.example/feed")
