"""The conventions crawlers read: ``robots.txt``, a sitemap index, article sitemaps by
month and a Google News sitemap of the last two days.

Article sitemaps go by the month an article was listed in (``sort_time``, UTC): a past
month's file no longer changes, so crawlers that honour ``lastmod`` in the index skip it.
A month holds at most ``PAGE_SIZE`` URLs per file and gets numbered pages past that.
Each URL names the article page in the default UI language and its versions in the other
UI languages (``xhtml:link rel="alternate" hreflang``). Everything here is pure: values in,
bytes or text out; the views read the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from tidings.store.sql_sitemaps import SitemapEntry

__all__ = [
    "NEWS_LIMIT",
    "PAGE_SIZE",
    "SitemapFile",
    "article_sitemap",
    "month_bounds",
    "news_sitemap",
    "robots_txt",
    "sitemap_index",
]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# The protocol allows 50,000 URLs a file; with four hreflang alternates a URL takes about
# 600 bytes, so 10,000 keep a file near 6 MB and its rendering well under a second.
PAGE_SIZE = 10_000
NEWS_LIMIT = 1_000  # Google News reads at most this many URLs from a news sitemap

# Pages that are a reader's own, forms, or actions: nothing for a search engine.
_PRIVATE_PATHS = (
    "account",
    "for-you",
    "moderation",
    "signin",
    "signup",
    "comments/",
    "search?",  # result pages: endless, and thin; the empty search form stays allowed
    "search/",  # a search's feeds
)


@dataclass(frozen=True, slots=True)
class SitemapFile:
    """One entry of the sitemap index: a path after the site and when it last changed."""

    path: str
    lastmod: datetime | None


def robots_txt(base_url: str, languages: Sequence[str]) -> str:
    """Allow every page; keep crawlers off personal pages, actions and the media proxy."""
    lines = ["User-agent: *", "Allow: /"]
    for lang in languages:
        lines += [f"Disallow: /{lang}/{path}" for path in _PRIVATE_PATHS]
    lines += ["Disallow: /media/", "Disallow: /websub/", "", f"Sitemap: {base_url}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The start of a month and of the next, in UTC."""
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _document(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def sitemap_index(base_url: str, files: Sequence[SitemapFile]) -> bytes:
    """A ``sitemapindex`` naming ``files`` by absolute URL."""
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for file in files:
        item = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(item, f"{{{SITEMAP_NS}}}loc").text = f"{base_url}{file.path}"
        if file.lastmod is not None:
            etree.SubElement(item, f"{{{SITEMAP_NS}}}lastmod").text = _w3c(file.lastmod)
    return _document(root)


def article_sitemap(
    base_url: str, entries: Sequence[SitemapEntry], languages: Sequence[str], default: str
) -> bytes:
    """A ``urlset`` of article pages, each with its other-language versions."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for entry in entries:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(
            url, f"{{{SITEMAP_NS}}}loc"
        ).text = f"{base_url}/{default}/article/{entry.id}"
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _w3c(entry.lastmod)
        for lang in languages:
            etree.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang=lang,
                href=f"{base_url}/{lang}/article/{entry.id}",
            )
    return _document(root)


def news_sitemap(
    base_url: str, entries: Sequence[SitemapEntry], *, site_name: str, default: str
) -> bytes:
    """A Google News sitemap: each article with our publication's name and its language."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for entry in entries[:NEWS_LIMIT]:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(
            url, f"{{{SITEMAP_NS}}}loc"
        ).text = f"{base_url}/{default}/article/{entry.id}"
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = site_name
        # ISO 639 as Google asks: the two or three letters before any region.
        language = (entry.language or default).split("-")[0].lower()
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = language
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = _w3c(entry.sort_time)
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = _xml_text(entry.title)
    return _document(root)


def _xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return "".join(c for c in text if c in "\t\n\r" or " " <= c < "\ufffe")
