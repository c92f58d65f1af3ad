"""Feed parsing, a pure stage: bytes in, ``ParsedFeed`` out.

This module sniffs what a document is and hands it to the reader for that format:

- RSS 0.90–2.0, RSS 1.0 and Atom 0.3/1.0: ``feeds_xml`` (feedparser);
- JSON Feed 1.0/1.1: ``feeds_json``;
- Google News sitemaps and plain sitemaps: ``sitemaps`` (defusedxml).

Every XML document is decoded by us and refused if it declares entities before any XML
parser sees it (``xmlsafety``). Anything that is not a feed raises ``FeedError`` with a
message a person can act on, and nothing else escapes.
"""

from __future__ import annotations

from tidings.errors import FeedError
from tidings.ingest.feeds_json import parse_json_feed
from tidings.ingest.feeds_xml import parse_xml_feed
from tidings.ingest.sitemaps import parse_sitemap
from tidings.ingest.xmlsafety import (
    declares_entities,
    decode_xml,
    local_name,
    root_element_name,
    utf8_document,
)
from tidings.models import ParsedFeed

__all__ = ["parse_feed"]

_BLANK = " \t\r\n\x00\ufeff"


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a feed document fetched from ``url``; raise ``FeedError`` if it is not one."""
    try:
        return _parse(body, url)
    except FeedError:
        raise
    except Exception as exc:
        # A last guard so one odd document cannot stop a whole fetch round. Each cause
        # found so far is handled where it arises; this message says what to look into.
        raise FeedError(f"could not parse the feed: {type(exc).__name__}: {exc}") from exc


def _parse(body: bytes, url: str) -> ParsedFeed:
    text = decode_xml(body)
    start = text.lstrip(_BLANK)
    if not start:
        raise FeedError("the document is empty")
    if start.startswith(("{", "[")):
        return parse_json_feed(body, url)
    if start[:14].lower() == "<!doctype html":
        raise FeedError("the document is an HTML page, not a feed")
    root = root_element_name(start)
    kind = local_name(root).lower() if root else ""
    if kind == "html":
        raise FeedError("the document is an HTML page, not a feed")
    if kind == "opml":
        raise FeedError("the document is an OPML list of feeds, not a feed; import it as OPML")
    document = utf8_document(start)
    if declares_entities(document):
        raise FeedError(
            "entity declarations are not allowed: the document's DOCTYPE declares XML"
            " entities, which feeds never need and attacks use"
        )
    if kind in ("urlset", "sitemapindex"):
        return parse_sitemap(document, url)
    if not start.startswith("<"):
        raise FeedError("not a feed (the document is not XML or JSON)")
    return parse_xml_feed(start, url)
