"""OPML 1.0/2.0 subscription lists: reading what feed readers export, writing our own.

Folders become tags (outermost first), as does the ``category`` attribute. Reading goes
through ``xmlsafety`` (defusedxml, entity declarations refused); writing uses ElementTree,
which escapes every attribute, after dropping characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from tidings.errors import OpmlError
from tidings.ingest.xmlsafety import XmlRejected, local_name, parse_untrusted_xml

__all__ = ["MAX_FOLDER_DEPTH", "OpmlFeed", "parse_opml", "write_opml"]


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: the feed URL, its title and site, and the reader's tags for it."""

    url: str
    title: str | None
    site_url: str | None
    tags: tuple[str, ...]


# Folders below this depth add no tags: real readers nest a level or two, and a hostile
# file nesting thousands deep must not cost time quadratic in its depth.
MAX_FOLDER_DEPTH = 16
# Outlines of these types name their feed in ``url`` when ``xmlUrl`` is missing.
_URL_TYPES = frozenset({"rss", "atom", "link"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds in an OPML file, in document order, each URL once (the first wins)."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise OpmlError("the OPML file is empty")
    try:
        root = parse_untrusted_xml(data)
    except XmlRejected as exc:
        raise OpmlError(f"not an OPML file we can read: {exc}") from exc
    if local_name(root.tag).lower() != "opml":
        raise OpmlError(
            f"not an OPML file: the document is <{local_name(root.tag)}>, not <opml>"
            " (export your subscriptions as OPML from your feed reader)"
        )
    body = next((child for child in root if local_name(child.tag).lower() == "body"), None)
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    # An explicit stack, not recursion: a hostile file may nest outlines very deeply.
    stack: list[tuple[Element, tuple[str, ...]]] = [
        (child, ()) for child in reversed(_outlines(body))
    ]
    while stack:
        outline, folders = stack.pop()
        attrs = {name.lower(): value for name, value in outline.attrib.items()}
        url = _feed_url(attrs)
        if url is None:
            children = _outlines(outline)
            name = _clean(attrs.get("text")) or _clean(attrs.get("title"))
            inner = (*folders, name) if name and len(folders) < MAX_FOLDER_DEPTH else folders
            stack.extend((child, inner) for child in reversed(children))
            continue
        if not url.lower().startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        title = _clean(attrs.get("title")) or _clean(attrs.get("text"))
        site = (attrs.get("htmlurl") or "").strip()
        feeds.append(
            OpmlFeed(
                url=url,
                title=None if title == url else title,
                site_url=site if site.lower().startswith(("http://", "https://")) else None,
                tags=_unique((*folders, *_categories(attrs.get("category")))),
            )
        )
    return feeds


def write_opml(
    feeds: Sequence[OpmlFeed], *, title: str = "Tidings sources", created: datetime | None = None
) -> bytes:
    """OPML 2.0 in UTF-8; each feed sits in a folder named by its first tag.

    Further tags go in ``category`` ("/Tag" paths, comma-separated), so tags holding
    "," or "/" after the first do not survive a round trip. ``created`` is written as
    ``dateCreated`` when given (the function stays pure).
    """
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = _xml_text(title)
    if created is not None:
        stamp = created if created.tzinfo else created.replace(tzinfo=UTC)
        SubElement(head, "dateCreated").text = format_datetime(stamp)
    body = SubElement(root, "body")
    folders: dict[str, Element] = {}
    for feed in feeds:
        tags = _unique(tuple(_xml_text(tag) for tag in feed.tags))
        parent = body
        if tags:
            if tags[0] not in folders:
                folders[tags[0]] = SubElement(body, "outline", text=tags[0], title=tags[0])
            parent = folders[tags[0]]
        url = _xml_text(feed.url)
        feed_title = _xml_text(feed.title or "")
        attrs = {"type": "rss", "text": feed_title or url, "xmlUrl": url}
        if feed_title:
            attrs["title"] = feed_title
        if feed.site_url:
            attrs["htmlUrl"] = _xml_text(feed.site_url)
        if tags[1:]:
            attrs["category"] = ",".join(f"/{tag}" for tag in tags[1:])
        SubElement(parent, "outline", attrs)
    indent(root)
    document = tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document.encode("utf-8") + b"\n"


def _outlines(parent: Element | None) -> list[Element]:
    if parent is None:
        return []
    return [child for child in parent if local_name(child.tag).lower() == "outline"]


def _feed_url(attrs: dict[str, str]) -> str | None:
    url = (attrs.get("xmlurl") or "").strip()
    if not url and attrs.get("type", "").strip().lower() in _URL_TYPES:
        url = (attrs.get("url") or "").strip()
    return url or None


def _categories(value: str | None) -> tuple[str, ...]:
    """``"/Tech/AI,News"`` → ``("Tech", "AI", "News")``."""
    if not value:
        return ()
    parts = (_clean(part) for path in value.split(",") for part in path.split("/"))
    return tuple(part for part in parts if part)


def _unique(tags: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = (_clean(tag) for tag in tags)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)
