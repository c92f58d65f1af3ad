"""Canonical URLs and article ids."""

from __future__ import annotations

from tidings.ingest import article_id, canonical_url
from tidings.ingest.urls import site_key, trusted_canonical


def test_canonical_url_drops_tracking_fragment_and_default_port() -> None:
    assert (
        canonical_url("HTTPS://News.Example:443/a/b?utm_source=x&id=7&fbclid=1&gclid=2#top")
        == "https://news.example/a/b?id=7"
    )
    assert canonical_url("http://news.example:8080") == "http://news.example:8080/"


def test_article_id_is_stable_32_hex() -> None:
    a = article_id("https://news.example/a?utm_medium=rss")
    assert a == article_id("https://NEWS.example/a#comments")
    assert len(a) == 32 and int(a, 16) >= 0
    assert a != article_id("https://news.example/b")


def test_amp_and_more_tracking_variants_collapse() -> None:
    base = "https://news.example/world/story-1"
    for variant in (
        "https://news.example/world/story-1/amp",
        "https://news.example/world/story-1/amp/",
        "https://news.example/world/story-1?amp=1",
        "https://news.example/world/story-1?outputType=amp",
        "https://amp.news.example/world/story-1",
        "https://news.example/world/story-1?ocid=rss&_gl=1*abc&mkt_tok=x",
        "https://news.example./world/story-1#comments",
    ):
        assert canonical_url(variant) == base, variant
    assert canonical_url("https://news.example/story.amp.html") == "https://news.example/story.html"
    assert canonical_url("https://news.example/a?page=2&amp=1") == "https://news.example/a?page=2"
    assert (
        canonical_url("https://news.example/campaign/amplifier")
        == "https://news.example/campaign/amplifier"
    )


def test_trusted_canonical() -> None:
    page = "https://www.news.example/world/2026/story-1?utm_source=x"
    assert (
        trusted_canonical(page, "https://news.example/world/story-1")
        == "https://news.example/world/story-1"
    )
    assert trusted_canonical(page, "https://www.news.example/") is None  # home page template bug
    assert (
        trusted_canonical(page, "https://other.example/world/story-1") is None
    )  # another publisher
    assert trusted_canonical(page, "ftp://news.example/x") is None
    assert trusted_canonical(page, None) is None
    assert site_key("https://politics.news.co.uk/a") == "news.co.uk"
    assert site_key("https://a.b.news.example/") == "news.example"
