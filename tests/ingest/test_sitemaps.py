"""Sitemaps as feeds: Google News sitemaps, plain sitemaps, indexes, and hostile ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import DATA
from tests.ingest.test_feeds import xml_attacks
from tests.localserver import LocalServer
from tidings.errors import FeedError
from tidings.ingest import parse_feed, xmlsafety
from tidings.ingest.sitemaps import MAX_SITEMAP_ENTRIES
from tidings.ingest.xmlsafety import XmlRejected
from tidings.models import Image

FEEDS = DATA / "feeds"
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'


def test_news_sitemap() -> None:
    body = (FEEDS / "news-sitemap.xml").read_bytes()
    feed = parse_feed(body, "https://meridian.example/news-sitemap.xml")
    assert (feed.format, feed.version) == ("sitemap", "news-sitemap")
    assert (feed.title, feed.language) == ("The Meridian", "en")
    assert feed.site_url == "https://meridian.example/"
    assert feed.self_url == "https://meridian.example/news-sitemap.xml"
    # Newest first; the javascript: URL is dropped.
    assert [e.url for e in feed.entries] == [
        "https://meridian.example/world/summit",
        "https://meridian.example/politics/budget-passes",
        "https://meridian.example/sport/derby",
    ]
    budget = feed.entries[1]
    assert budget.title == "Budget passes after all-night session & recount"
    assert budget.published == datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert budget.updated == datetime(2026, 11, 18, 11, 5, tzinfo=UTC)  # lastmod
    assert budget.categories == ("budget", "parliament", "taxes")
    assert budget.image == Image(
        url="https://meridian.example/img/budget.jpg", caption="The chamber at dawn"
    )
    assert feed.entries[2].published == datetime(2026, 11, 18, tzinfo=UTC)  # a date alone


def test_plain_sitemap() -> None:
    feed = parse_feed((FEEDS / "sitemap.xml").read_bytes(), "https://orchard.example/sitemap.xml")
    assert (feed.format, feed.version, feed.title) == ("sitemap", "sitemap", None)
    # Newest lastmod first, undated after in document order, each URL once.
    assert [(e.title, e.updated) for e in feed.entries] == [
        ("Cider festival moves indoors", datetime(2026, 11, 17, 8, 0, tzinfo=UTC)),
        ("Apple harvest breaks record", datetime(2026, 11, 10, tzinfo=UTC)),
        ("About", None),
        ("orchard.example", None),
    ]


def test_a_big_sitemap_keeps_the_newest_thousand() -> None:
    urls = "".join(
        f"<url><loc>https://big.example/p/{i}</loc><lastmod>2026-01-01T00:00:{i % 60:02d}Z</lastmod></url>"
        if i % 2
        else f"<url><loc>https://big.example/p/{i}</loc></url>"
        for i in range(3000)
    )
    feed = parse_feed(URLSET.format(urls).encode(), "https://big.example/sitemap.xml")
    assert len(feed.entries) == MAX_SITEMAP_ENTRIES == 1000
    assert all(e.updated is not None for e in feed.entries)
    assert feed.entries[0].updated == datetime(2026, 1, 1, 0, 0, 59, tzinfo=UTC)


def test_a_sitemap_without_namespaces_or_with_odd_dates() -> None:
    body = (
        b"<urlset><url><loc> https://odd.example/a </loc><lastmod>yesterday</lastmod></url>"
        b"<url><loc>https://odd.example/b</loc><lastmod>2026-02</lastmod></url>"
        b"<url><loc>https://odd.example/c</loc><lastmod>2026-02-30</lastmod></url>"
        b"<url><lastmod>2026-01-01</lastmod></url><junk/></urlset>"
    )
    feed = parse_feed(body, "https://odd.example/sitemap.xml")
    assert [(e.url, e.updated) for e in feed.entries] == [
        ("https://odd.example/b", datetime(2026, 2, 1, tzinfo=UTC)),
        ("https://odd.example/a", None),
        ("https://odd.example/c", None),
    ]


def test_a_sitemap_index_names_its_sitemaps_news_first() -> None:
    body = (FEEDS / "sitemap-index.xml").read_bytes()
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "https://meridian.example/sitemap.xml")
    message = str(caught.value)
    assert message.startswith("this is a sitemap index")
    assert (
        "https://meridian.example/news-sitemap.xml, https://meridian.example/sitemap-pages.xml"
        in message
    )
    assert message.count("https://") == 5 and message.endswith("(and 2 more)")


def test_an_empty_sitemap_index() -> None:
    with pytest.raises(FeedError, match="no sitemaps listed"):
        parse_feed(b"<sitemapindex/>", "https://x.example/sitemap.xml")


def test_entity_attacks_on_sitemaps_are_refused(local_server: LocalServer) -> None:
    inner = "<url><loc>https://x.example/{ref}</loc></url>"
    for name, body in xml_attacks("urlset", inner, local_server.url("/evil.dtd")).items():
        with pytest.raises(FeedError, match="entity declarations are not allowed"):
            parse_feed(body, "https://x.example/sitemap.xml")
        assert local_server.requests == [], name


def test_an_external_dtd_on_a_sitemap_is_never_fetched(local_server: LocalServer) -> None:
    body = f'<!DOCTYPE urlset SYSTEM "{local_server.url("/s.dtd")}"><urlset><url><loc>https://x.example/a</loc></url></urlset>'
    feed = parse_feed(body.encode(), "https://x.example/sitemap.xml")
    assert [e.url for e in feed.entries] == ["https://x.example/a"]
    assert local_server.requests == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<urlset><url><loc>https://x.example/</loc></url>", "broken sitemap: broken XML"),
        (b"<urlset>" + b"<url>" * 50_000 + b"</url>" * 50_000 + b"</urlset>", None),
        (URLSET.format("<url><loc>https://x.example/\x01</loc></url>").encode(), "broken XML"),
    ],
)
def test_broken_or_deep_sitemaps(body: bytes, message: str | None) -> None:
    if message is None:
        assert parse_feed(body, "https://x.example/sitemap.xml").entries == ()
    else:
        with pytest.raises(FeedError, match=message):
            parse_feed(body, "https://x.example/sitemap.xml")


def test_defusedxml_is_a_second_lock(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With our own check switched off, defusedxml still refuses every attack.
    monkeypatch.setattr(xmlsafety, "declares_entities", lambda document: False)
    inner = "<url><loc>https://x.example/{ref}</loc></url>"
    for name, body in xml_attacks("urlset", inner, local_server.url("/evil.dtd")).items():
        with pytest.raises(XmlRejected, match="unsafe XML refused: EntitiesForbidden"):
            xmlsafety.parse_untrusted_xml(body)
        assert local_server.requests == [], name
