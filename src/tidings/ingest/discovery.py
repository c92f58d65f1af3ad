"""Finding a site's feeds from its pages, a pure stage: HTML in, candidate feed URLs out.

The caller (``pipeline/subscribe.py``) does the fetching: the page first, then the links found
here in order, then ``COMMON_FEED_PATHS``; ``looks_like_feed`` tells it cheaply whether
a response is worth handing to ``parse_feed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from tidings.ingest.xmlsafety import (
    absolute_http_url,
    clean_text,
    decode_xml,
    local_name,
    root_element_name,
)

__all__ = ["COMMON_FEED_PATHS", "FeedLink", "find_feed_links", "looks_like_feed"]

COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",  # WordPress and many others
    "/rss",
    "/rss.xml",
    "/feed.xml",  # Jekyll
    "/atom.xml",
    "/index.xml",  # Hugo
    "/feeds/posts/default",  # Blogger
    "/?feed=rss2",  # WordPress without pretty links
    "/feed.json",
    "/rss/index.rss",
    "/news-sitemap.xml",
    "/sitemap_news.xml",
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page points to. ``type`` is the MIME type the page declared, if any."""

    url: str
    title: str | None
    type: str | None


_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
    }
)
_FEEDISH_HREF = re.compile(r"(\.rss|\.atom|\.xml|/feed/?|/rss/?|\.json)$", re.IGNORECASE)
_FEEDISH_TEXT = re.compile(r"\b(rss|atom|feed|feeds|json feed)\b", re.IGNORECASE)
_COMMENTS = re.compile(r"\bcomments?\b|kommentar|commentaires|comentarios", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def find_feed_links(html: str | bytes, page_url: str) -> list[FeedLink]:
    """Feeds a page announces, best first.

    ``<link rel="alternate">`` feeds come first in page order, then ``<a>`` links that
    look like feeds (a weaker sign), then comment feeds. URLs are absolute and each
    appears once.
    """
    text = _decode_html(html) if isinstance(html, bytes) else html
    collector = _LinkCollector()
    try:
        collector.feed(text)
        collector.close()
    except AssertionError:  # html.parser's verdict on some broken "<![" sections
        pass
    base = absolute_http_url(collector.base, page_url) or page_url
    announced: list[FeedLink] = []
    for attrs in collector.links:
        rels = (attrs.get("rel") or "").lower().split()
        mime = (attrs.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or mime not in _FEED_TYPES:
            continue
        url = absolute_http_url(attrs.get("href"), base)
        title = clean_text(attrs.get("title"))
        # WordPress announces its REST API as application/json; a JSON Feed says "feed".
        if url is None or (mime == "application/json" and not _mentions_feed(url, title)):
            continue
        announced.append(FeedLink(url, title, mime))
    comments = [link for link in announced if _is_comment_feed(link)]
    fallback = [
        FeedLink(url, label, None)
        for url, label in (
            (absolute_http_url(href, base), clean_text(words)) for href, words in collector.anchors
        )
        if url is not None and _FEEDISH_HREF.search(url.split("?")[0]) and _mentions_feed("", label)
    ]
    seen: set[str] = set()
    unique: list[FeedLink] = []
    # Comment feeds last of all: a real feed behind a plain link is the better guess.
    for link in [x for x in announced if x not in comments] + fallback + comments:
        if link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return unique


def looks_like_feed(body: bytes) -> bool:
    """A cheap sniff: does this response start like RSS, RDF, Atom, a sitemap or JSON Feed?"""
    head = decode_xml(body[:4096]).lstrip(" \t\r\n\ufeff")
    if head.startswith("{"):
        return "jsonfeed.org/version" in head
    root = root_element_name(head)
    if root is None:
        return False
    name = local_name(root).lower()
    if name == "rdf":  # RSS 1.0 and 0.90 are RDF documents; other RDF is not a feed
        return "<channel" in head or "purl.org/rss/" in head or "rdf/simple/0.9" in head
    return name in ("rss", "feed", "urlset")


def _mentions_feed(url: str, title: str | None) -> bool:
    return "feed" in url.lower() or bool(title and _FEEDISH_TEXT.search(title))


def _is_comment_feed(link: FeedLink) -> bool:
    return bool(_COMMENTS.search(link.title or "")) or "/comments/" in link.url.lower()


def _decode_html(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(body[:4096])
    if declared:
        try:
            return body.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return body.decode("windows-1252", "replace")


class _LinkCollector(HTMLParser):
    """Collects ``<base>``, ``<link>`` attributes and ``<a>`` hrefs with their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[dict[str, str | None]] = []
        self.anchors: list[tuple[str, str]] = []
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name.lower(): value for name, value in attrs}
        if tag == "base" and self.base is None and named.get("href"):
            self.base = named["href"]
        elif tag == "link":
            self.links.append(named)
        elif tag == "a" and named.get("href"):
            self._close_anchor()
            self._anchor = (named["href"] or "", [named.get("title") or ""])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self._close_anchor()

    def handle_data(self, data: str) -> None:
        if self._anchor is not None and sum(map(len, self._anchor[1])) < 500:
            self._anchor[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            href, parts = self._anchor
            self.anchors.append((href, " ".join(parts)))
            self._anchor = None
