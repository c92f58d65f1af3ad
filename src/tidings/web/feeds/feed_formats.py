"""Every list as a feed: RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the feed readers people use.

Each item links to our article page (where the article is shown as its publisher allows),
names the publisher, carries the excerpt and the lead image (RSS ``media:content`` of Media
RSS, Atom ``link rel="enclosure"``, JSON Feed ``image``). An item's id is the same in
every UI language's feed: the article's address without the language prefix
(``{site}/article/{id}``, ``isPermaLink="false"`` in RSS), so a reader who follows the
English and the German feed, or switches, sees each article once. XML is built with
lxml's element builder, so every text is escaped by the serializer; JSON with the json
module. Dates are RFC 822 in RSS and RFC 3339 in Atom and JSON Feed, as each format wants.

Our texts are plain text (a publisher's ``&lt;img&gt;`` is stored as ``<img>``), and each
format is told so in its own way, so that no reader takes them for markup:

- RSS readers take every title and description for HTML, so RSS gets each text as HTML
  that shows it (``html.escape`` first, then the XML escape: ``<`` is ``&amp;lt;``);
- Atom says what its texts are, and ours say ``type="text"`` (the XML escape is enough);
  an author's name has no type: it is plain text by RFC 4287, as feedparser reads it;
- JSON Feed's title, summary, ``content_text`` and author names are plain text by its
  spec; we send no ``content_html``.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from tidings.models import Article, Image, Source
from tidings.web.presentation.presenters import excerpt, outlet_name

__all__ = [
    "FEED_FORMATS",
    "FeedFormat",
    "FeedLink",
    "FeedList",
    "alternates",
    "article_guid",
    "render_feed",
]

_ATOM = "http://www.w3.org/2005/Atom"
_MEDIA = "http://search.yahoo.com/mrss/"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedFormat:
    """One feed format: the file name it is served under and its media type."""

    name: str
    filename: str
    media_type: str
    label: str


FEED_FORMATS = (
    FeedFormat("rss", "feed.xml", "application/rss+xml", "RSS"),
    FeedFormat("atom", "atom.xml", "application/atom+xml", "Atom"),
    FeedFormat("json", "feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass(frozen=True, slots=True)
class FeedList:
    """A list page as a feed: what it is called, where the page lives (a path after the
    language, "" for the home page; a query string for a search) and what it holds."""

    title: str
    path: str
    description: str
    lang: str
    base_url: str
    query: str = ""

    @property
    def page_url(self) -> str:
        page = f"{self.base_url}/{self.lang}{self.path}" + ("" if self.path else "/")
        return f"{page}?{self.query}" if self.query else page

    def feed_url(self, fmt: FeedFormat) -> str:
        feed = f"{self.base_url}/{self.lang}{self.path}/{fmt.filename}"
        return f"{feed}?{self.query}" if self.query else feed


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A page's link to one of its feeds (``<link rel="alternate">`` and a visible link)."""

    media_type: str
    href: str
    title: str
    label: str


def alternates(lang: str, path: str, title: str, query: str = "") -> list[FeedLink]:
    """The links to a list page's feeds, one per format (``query``: the page's query
    string, which its feeds take too)."""
    tail = f"?{query}" if query else ""
    return [
        FeedLink(
            fmt.media_type,
            f"/{lang}{path}/{fmt.filename}{tail}",
            f"{title} ({fmt.label})",
            fmt.label,
        )
        for fmt in FEED_FORMATS
    ]


def render_feed(
    fmt: FeedFormat,
    feed: FeedList,
    articles: Sequence[Article],
    sources: dict[int, Source],
    *,
    now: datetime,
) -> bytes:
    """The list ``articles`` (newest first) as a document in ``fmt``."""
    if fmt.name == "atom":
        return _atom(feed, fmt, articles, sources, now)
    if fmt.name == "json":
        return _json_feed(feed, fmt, articles, sources)
    return _rss(feed, fmt, articles, sources)


def _link(feed: FeedList, article: Article) -> str:
    return f"{feed.base_url}/{feed.lang}/article/{article.id}"


def article_guid(base_url: str, article: Article) -> str:
    """The one id of ``article`` in every feed, whatever the UI language."""
    return f"{base_url}/article/{article.id}"


def _image_type(url: str) -> str | None:
    """The image's media type when its address says it (``.jpg``, ``.webp``...)."""
    guessed, _ = mimetypes.guess_type(url.split("?", 1)[0].split("#", 1)[0])
    return guessed if guessed and guessed.startswith("image/") else None


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (most control characters,
    U+FFFE, U+FFFF): lxml refuses them, and a search's words may carry them."""
    return _NOT_XML.sub("", text)


def _shown_as_html(text: str) -> str:
    """``text`` as HTML that reads as ``text`` (what an RSS title or description is)."""
    return html.escape(_xml_chars(text), quote=False)


def _text(parent: etree._Element, name: str, text: str) -> None:
    """An Atom text construct holding plain ``text``, saying so."""
    etree.SubElement(parent, f"{{{_ATOM}}}{name}", type="text").text = _xml_chars(text)


def _rss(
    feed: FeedList, fmt: FeedFormat, articles: Sequence[Article], sources: dict[int, Source]
) -> bytes:
    rss = etree.Element("rss", version="2.0", nsmap={"atom": _ATOM, "media": _MEDIA})
    channel = etree.SubElement(rss, "channel")
    etree.SubElement(channel, "title").text = _shown_as_html(feed.title)
    etree.SubElement(channel, "link").text = feed.page_url
    etree.SubElement(channel, "description").text = _shown_as_html(feed.description)
    etree.SubElement(channel, "language").text = feed.lang
    etree.SubElement(
        channel, f"{{{_ATOM}}}link", rel="self", type=fmt.media_type, href=feed.feed_url(fmt)
    )
    if articles and articles[0].sort_time is not None:
        etree.SubElement(channel, "lastBuildDate").text = format_datetime(articles[0].sort_time)
    for article in articles:
        item = etree.SubElement(channel, "item")
        link = _link(feed, article)
        etree.SubElement(item, "title").text = _shown_as_html(article.title)
        etree.SubElement(item, "link").text = link
        guid = article_guid(feed.base_url, article)
        etree.SubElement(item, "guid", isPermaLink="false").text = guid
        if article.sort_time is not None:
            etree.SubElement(item, "pubDate").text = format_datetime(article.sort_time)
        etree.SubElement(item, "description").text = _shown_as_html(excerpt(article))
        if article.lead_image is not None:
            _media_content(item, article.lead_image)
        source = sources.get(article.source_id)
        named = etree.SubElement(item, "source", url=source.feed_url if source else article.url)
        named.text = _shown_as_html(outlet_name(source))
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))


def _atom(
    feed: FeedList,
    fmt: FeedFormat,
    articles: Sequence[Article],
    sources: dict[int, Source],
    now: datetime,
) -> bytes:
    root = etree.Element(f"{{{_ATOM}}}feed", nsmap={None: _ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", feed.lang)
    etree.SubElement(root, f"{{{_ATOM}}}id").text = feed.page_url
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.description)
    newest = articles[0].sort_time if articles and articles[0].sort_time else now
    etree.SubElement(root, f"{{{_ATOM}}}updated").text = _rfc3339(newest)
    etree.SubElement(root, f"{{{_ATOM}}}link", rel="alternate", href=feed.page_url)
    etree.SubElement(
        root, f"{{{_ATOM}}}link", rel="self", type=fmt.media_type, href=feed.feed_url(fmt)
    )
    for article in articles:
        entry = etree.SubElement(root, f"{{{_ATOM}}}entry")
        link = _link(feed, article)
        etree.SubElement(entry, f"{{{_ATOM}}}id").text = article_guid(feed.base_url, article)
        _text(entry, "title", article.title)
        etree.SubElement(entry, f"{{{_ATOM}}}link", rel="alternate", href=link)
        if article.lead_image is not None:
            enclosure = etree.SubElement(
                entry, f"{{{_ATOM}}}link", rel="enclosure", href=article.lead_image.url
            )
            kind = _image_type(article.lead_image.url)
            if kind:
                enclosure.set("type", kind)
        published = article.sort_time or now
        etree.SubElement(entry, f"{{{_ATOM}}}published").text = _rfc3339(published)
        updated = max(published, article.modified) if article.modified else published
        etree.SubElement(entry, f"{{{_ATOM}}}updated").text = _rfc3339(updated)
        author = etree.SubElement(entry, f"{{{_ATOM}}}author")
        name = etree.SubElement(author, f"{{{_ATOM}}}name")
        name.text = _xml_chars(outlet_name(sources.get(article.source_id)))
        _text(entry, "summary", excerpt(article))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def _json_feed(
    feed: FeedList, fmt: FeedFormat, articles: Sequence[Article], sources: dict[int, Source]
) -> bytes:
    items = []
    for article in articles:
        link = _link(feed, article)
        item: dict[str, object] = {
            "id": article_guid(feed.base_url, article),
            "url": link,
            "external_url": article.url,
            "title": article.title,
            "summary": excerpt(article),
            "content_text": excerpt(article),
            "authors": [{"name": outlet_name(sources.get(article.source_id))}],
        }
        if article.sort_time is not None:
            item["date_published"] = _rfc3339(article.sort_time)
        if article.modified is not None:
            item["date_modified"] = _rfc3339(article.modified)
        if article.lead_image is not None:
            item["image"] = article.lead_image.url
        if article.language:
            item["language"] = article.language
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": feed.feed_url(fmt),
        "description": feed.description,
        "language": feed.lang,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _media_content(item: etree._Element, image: Image) -> None:
    """The lead image as Media RSS ``media:content`` (its size in bytes is rarely known,
    which an RSS ``enclosure`` would require)."""
    content = etree.SubElement(item, f"{{{_MEDIA}}}content", url=image.url, medium="image")
    kind = _image_type(image.url)
    if kind:
        content.set("type", kind)
    if image.width and image.height:
        content.set("width", str(image.width))
        content.set("height", str(image.height))
