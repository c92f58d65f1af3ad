"""The starter list: at least 20 feeds, several countries and languages, documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.ingest.starter import STARTER_FEEDS, starter_feeds

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def test_starter_list_is_broad_and_documented() -> None:
    assert len(STARTER_FEEDS) >= 20
    assert len({f.country for f in STARTER_FEEDS}) >= 8
    assert len({f.language for f in STARTER_FEEDS}) >= 6
    assert len({f.url for f in STARTER_FEEDS}) == len(STARTER_FEEDS)
    docs = DOCS.read_text(encoding="utf-8")
    for feed in STARTER_FEEDS:
        assert feed.url in docs, feed.url
        assert feed.url.startswith("https://")


def test_replacement_file(tmp_path: Path) -> None:
    good = tmp_path / "feeds.txt"
    good.write_text(
        "# mine\nhttps://a.example/feed A News\n\nhttps://b.example/rss\n", encoding="utf-8"
    )
    assert starter_feeds(good) == [
        ("https://a.example/feed", "A News"),
        ("https://b.example/rss", None),
    ]
    bad = tmp_path / "bad.txt"
    bad.write_text("ftp://nope\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not an http"):
        starter_feeds(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        starter_feeds(tmp_path / "missing.txt")
