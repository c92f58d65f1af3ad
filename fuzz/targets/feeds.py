"""Feed parsing: any bytes to ``parse_feed`` give a ``ParsedFeed`` or a ``FeedError``."""

from __future__ import annotations

from fuzz.policy import expect, require
from tidings.errors import FeedError
from tidings.ingest.feeds import parse_feed

URL = "https://news.example/feeds/main.xml"
_HTTP = ("http://", "https://")


def fuzz_one(data: bytes) -> None:
    """Parse ``data`` as a feed fetched from ``URL``; check every URL it names."""
    feed = expect(lambda: parse_feed(data, URL), FeedError, guard=parse_feed.__code__)
    if feed is None:
        return
    for name in ("site_url", "icon_url", "hub_url", "self_url"):
        value = getattr(feed, name)
        require(value is None or value.startswith(_HTTP), f"{name} is {value!r}")
    for entry in feed.entries:
        require(entry.url.startswith(_HTTP), f"entry URL {entry.url!r}")
        require(isinstance(entry.title, str) and bool(entry.title), "entry without a title")
        image = entry.image
        require(image is None or image.url.startswith(_HTTP), f"entry image {image!r}")
