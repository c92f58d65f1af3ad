"""Sitemaps as feeds: Google News sitemaps and plain ``<urlset>`` sitemaps.

A news sitemap names each article's title, date, language and keywords. A plain sitemap
names only URLs and perhaps a ``lastmod``; its titles here are placeholders made from
the URL, since the page's own title comes later from extraction. Elements are matched by
local name, because publishers use the old and new namespaces and sometimes none.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from tidings.errors import FeedError
from tidings.ingest.xmlsafety import (
    XmlRejected,
    absolute_http_url,
    clean_text,
    language_code,
    local_name,
    parse_datetime,
    parse_untrusted_xml,
)
from tidings.models import FeedEntry, Image, ParsedFeed

__all__ = ["MAX_SITEMAP_ENTRIES", "parse_sitemap"]

MAX_SITEMAP_ENTRIES = 1000  # Google News caps a news sitemap at 1000 URLs too
_INDEX_URLS_SHOWN = 5
_PAGE_SUFFIXES = (".html", ".htm", ".php", ".aspx", ".asp", ".jsp", ".shtml")


def parse_sitemap(body: bytes, url: str) -> ParsedFeed:
    """Parse a ``<urlset>`` sitemap; a ``<sitemapindex>`` is an error naming its sitemaps."""
    try:
        root = parse_untrusted_xml(body)
    except XmlRejected as exc:
        raise FeedError(f"broken sitemap: {exc}") from exc
    kind = local_name(root.tag).lower()
    if kind == "sitemapindex":
        raise FeedError(_index_message(root, url))
    if kind != "urlset":
        raise FeedError(f"not a sitemap (the root element is <{local_name(root.tag)}>)")
    dated: list[tuple[datetime, FeedEntry]] = []
    undated: list[FeedEntry] = []
    seen: set[str] = set()
    publication: tuple[str | None, str | None] = (None, None)
    is_news = False
    for node in root:
        if local_name(node.tag) != "url":
            continue
        entry, news = _entry(node, url)
        if entry is None or entry.url in seen:
            continue
        seen.add(entry.url)
        if news is not None:
            is_news = True
            publication = publication if publication[0] else news
        when = entry.published or entry.updated
        if when is None:
            undated.append(entry)
        else:
            dated.append((when, entry))
    # Newest first, undated last; a stable sort keeps the document's order among equals.
    dated.sort(key=lambda pair: pair[0], reverse=True)
    ordered = [entry for _, entry in dated] + undated
    site = urlsplit(url)
    return ParsedFeed(
        title=publication[0],
        site_url=f"{site.scheme}://{site.netloc}/" if site.netloc else None,
        format="sitemap",
        entries=tuple(ordered[:MAX_SITEMAP_ENTRIES]),
        language=publication[1],
        version="news-sitemap" if is_news else "sitemap",
        self_url=absolute_http_url(url, url),
    )


def _entry(
    node: Element, sitemap_url: str
) -> tuple[FeedEntry | None, tuple[str, str | None] | None]:
    """One ``<url>``: the entry, and its news publication (name, language) if any."""
    fields = {local_name(child.tag): child for child in node}
    link = absolute_http_url(_text(fields.get("loc")), sitemap_url)
    if link is None:
        return None, None
    updated = parse_datetime(_text(fields.get("lastmod")))
    news = fields.get("news")
    image = _image(fields.get("image"), sitemap_url)
    if news is None:
        return FeedEntry(url=link, title=_title_from_url(link), updated=updated, image=image), None
    info = {local_name(child.tag): child for child in news}
    outlet = {local_name(child.tag): child for child in info.get("publication", Element("_"))}
    keywords = _text(info.get("keywords")) or ""
    entry = FeedEntry(
        url=link,
        title=clean_text(_text(info.get("title"))) or _title_from_url(link),
        published=parse_datetime(_text(info.get("publication_date"))),
        updated=updated,
        categories=tuple(k.strip() for k in keywords.split(",") if k.strip()),
        image=image,
    )
    name = clean_text(_text(outlet.get("name"))) or ""
    return entry, (name, language_code(_text(outlet.get("language"))))


def _image(node: Element | None, sitemap_url: str) -> Image | None:
    if node is None:
        return None
    info = {local_name(child.tag): child for child in node}
    image_url = absolute_http_url(_text(info.get("loc")), sitemap_url)
    if image_url is None:
        return None
    return Image(url=image_url, caption=clean_text(_text(info.get("caption"))))


def _text(node: Element | None) -> str | None:
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _title_from_url(url: str) -> str:
    """A readable stand-in: ``/2026/11/bridge-closed.html`` → ``Bridge closed``."""
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rpartition("/")[2])
    for suffix in _PAGE_SUFFIXES:
        segment = segment.removesuffix(suffix)
    words = " ".join(segment.replace("-", " ").replace("_", " ").replace("+", " ").split())
    if not words:
        return parts.netloc or url
    return words[0].upper() + words[1:]


def _index_message(root: Element, index_url: str) -> str:
    children: list[str] = []
    for node in root:
        if local_name(node.tag) != "sitemap":
            continue
        loc = next((c for c in node if local_name(c.tag) == "loc"), None)
        found = absolute_http_url(_text(loc), index_url)
        if found and found not in children:
            children.append(found)
    # News sitemaps first: they are the ones worth following as a source.
    children.sort(key=lambda u: "news" not in u.lower())
    if not children:
        return "this is a sitemap index with no sitemaps listed; add a news sitemap instead"
    shown = ", ".join(children[:_INDEX_URLS_SHOWN])
    more = len(children) - _INDEX_URLS_SHOWN
    tail = f" (and {more} more)" if more > 0 else ""
    return f"this is a sitemap index, not a sitemap; add one of its sitemaps instead: {shown}{tail}"
