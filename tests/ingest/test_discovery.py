"""Feed discovery from HTML pages, and the cheap feed sniff."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from tidings.ingest.discovery import COMMON_FEED_PATHS, FeedLink, find_feed_links, looks_like_feed

FEEDS = DATA / "feeds"

PAGE = """<!doctype html>
<html><head>
<base href="https://news.example/section/">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/">
<LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=utf-8" TITLE="Top &amp; stories" HREF="/feed/">
<link rel="alternate" type="application/atom+xml" href="atom.xml">
<link rel="alternate" type="application/feed+json" title="JSON" href="https://news.example/feed.json">
<link rel="alternate" type="application/json" href="https://news.example/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/rdf+xml" href="//news.example/index.rdf">
<link rel="alternate" type="text/html" hreflang="de" href="https://news.example/de/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="/feed/">
</head><body>
<a href="/podcast.rss">Podcast <b>RSS</b></a>
<a href="/feed/">RSS</a>
<a href="/sitemap.xml">Site map</a>
<a href="https://other.example/export.xml" title="Atom feed">export</a>
<a href="/about">About our RSS feeds</a>
</body></html>"""


def test_feed_links_in_page_order_then_anchors_then_comments() -> None:
    links = find_feed_links(PAGE, "https://news.example/section/page.html")
    assert links == [
        FeedLink("https://news.example/feed/", "Top & stories", "application/rss+xml"),
        FeedLink("https://news.example/section/atom.xml", None, "application/atom+xml"),
        FeedLink("https://news.example/feed.json", "JSON", "application/feed+json"),
        FeedLink("https://news.example/index.rdf", None, "application/rdf+xml"),
        FeedLink("https://news.example/podcast.rss", "Podcast RSS", None),
        FeedLink("https://other.example/export.xml", "Atom feed export", None),
        FeedLink("https://news.example/comments/feed/", "Comments Feed", "application/rss+xml"),
    ]


def test_bytes_in_a_legacy_charset() -> None:
    html = (
        '<html><head><meta charset="windows-1251"><link rel="alternate" '
        'type="application/rss+xml" title="Новости" href="/rss"></head></html>'
    ).encode("cp1251")
    (link,) = find_feed_links(html, "https://ru.example/")
    assert (link.url, link.title) == ("https://ru.example/rss", "Новости")


@pytest.mark.parametrize(
    "html",
    ["", "<html", "<![if !supportLists]><link rel=alternate>", "\x00\x01" * 100, "<a href>x"],
)
def test_broken_pages_give_no_links(html: str) -> None:
    assert find_feed_links(html, "https://x.example/") == []
    assert find_feed_links(html.encode(), "https://x.example/") == []


def test_common_paths() -> None:
    assert "/feed" in COMMON_FEED_PATHS and "/news-sitemap.xml" in COMMON_FEED_PATHS
    assert all(path.startswith("/") for path in COMMON_FEED_PATHS)
    assert len(set(COMMON_FEED_PATHS)) == len(COMMON_FEED_PATHS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rss2.xml", True),
        ("rss091.xml", True),
        ("rss10.rdf", True),
        ("atom.xml", True),
        ("atom03.xml", True),
        ("feed.json", True),
        ("feed-1.0.json", True),
        ("news-sitemap.xml", True),
        ("sitemap.xml", True),
        ("sitemap-index.xml", False),
        ("page.html", False),
        ("not-a-feed.xml", False),
        ("broken.json", True),  # a sniff, not a parse: it says it is a JSON Feed
    ],
)
def test_looks_like_feed(name: str, expected: bool) -> None:
    assert looks_like_feed((FEEDS / name).read_bytes()) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", False),
        (b"\xff\xfe" + "<rss version='2.0'>".encode("utf-16-le"), True),
        (b"<!-- <rss> --><html></html>", False),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', False),
        (b'{"hello": "world"}', False),
        (bytes(range(256)), False),
    ],
)
def test_looks_like_feed_edge_cases(body: bytes, expected: bool) -> None:
    assert looks_like_feed(body) is expected
