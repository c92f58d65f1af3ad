"""Canonical URLs and article ids."""

from __future__ import annotations

from tidings.ingest import article_id, canonical_url


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
