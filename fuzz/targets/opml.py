"""OPML import: any bytes give feeds with http(s) URLs, or an ``OpmlError``."""

from __future__ import annotations

from fuzz.policy import expect, require
from tidings.errors import OpmlError
from tidings.ingest.opml import parse_opml, write_opml


def fuzz_one(data: bytes) -> None:
    """Import ``data``; check the feeds, and that exporting them reads back the same URLs."""
    feeds = expect(lambda: parse_opml(data), OpmlError)
    if feeds is None:
        return
    urls = [feed.url for feed in feeds]
    require(len(set(urls)) == len(urls), "a URL is listed twice")
    for feed in feeds:
        require(feed.url.lower().startswith(("http://", "https://")), f"feed URL {feed.url!r}")
        names = [name for folder in feed.folders for name in folder]
        require(all(n and n == n.strip() for n in names), f"folders {feed.folders!r}")
    again = parse_opml(write_opml(feeds))
    # Export groups feeds by folder, so the order may change; the set may not.
    require(sorted(f.url for f in again) == sorted(urls), "exported OPML reads back other URLs")
