"""OPML 1.0/2.0 subscription lists: reading what feed readers export, writing our own.

Pure: bytes in, values out, and back. A feed may sit in several folders, and folders may
nest; each place a feed sits is a folder path (outermost first), and the ``category``
attribute's "/A/B" paths count as folders too. A source keeps its folders as tags, one
tag per path (``folder_tag``: names joined by "/", a "/" inside a name escaped), so an
import followed by an export puts every feed back in every folder it was in.

Reading goes through ``xmlsafety`` (defusedxml, entity declarations refused) and says why
it skipped each outline it did not take. Writing uses ElementTree, which escapes every
attribute, after dropping characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from tidings.errors import OpmlError
from tidings.ingest.urls import feed_identity, normal_feed_url
from tidings.ingest.xmlsafety import XmlRejected, local_name, parse_untrusted_xml

__all__ = [
    "MAX_FOLDER_DEPTH",
    "OpmlFeed",
    "OpmlList",
    "OpmlSkip",
    "folder_tag",
    "parse_opml",
    "read_opml",
    "tag_folder",
    "write_opml",
]

Folder = tuple[str, ...]  # folder names, outermost first


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: the feed URL, its title and site, and every folder it sits in."""

    url: str
    title: str | None
    site_url: str | None
    folders: tuple[Folder, ...]


@dataclass(frozen=True, slots=True)
class OpmlSkip:
    """An outline that was not taken, and why."""

    name: str  # its text or title, else its address, else "(untitled)"
    folder: Folder
    reason: str


@dataclass(frozen=True, slots=True)
class OpmlList:
    """What an OPML file holds: its feeds (each once) and the outlines skipped."""

    title: str | None
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[OpmlSkip, ...]


# Folders below this depth are not followed into deeper names: real readers nest a level
# or two, and a hostile file nesting thousands deep must not cost quadratic time.
MAX_FOLDER_DEPTH = 16
# Outlines of these types name their feed in ``url`` when ``xmlUrl`` is missing.
_URL_TYPES = frozenset({"rss", "atom", "link"})
_FEED_HINTS = frozenset({"type", "xmlurl", "url", "htmlurl"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG_PART = re.compile(r"((?:[^/\\]|\\.)*)(?:/|$)")


def folder_tag(folder: Sequence[str]) -> str:
    """The source tag for a folder path: ``("Tech", "AI")`` → ``"Tech/AI"`` (a "/" or "\\"
    inside a name is written with a backslash before it)."""
    return "/".join(name.replace("\\", "\\\\").replace("/", "\\/") for name in folder)


def tag_folder(tag: str) -> Folder:
    """The folder path a source tag stands for; the inverse of ``folder_tag``."""
    parts = [m.group(1) for m in _TAG_PART.finditer(tag) if m.end() > m.start()]
    names = (re.sub(r"\\(.)", r"\1", part) for part in parts)
    return tuple(name for name in names if name)


def read_opml(data: bytes) -> OpmlList:
    """The feeds in an OPML file in document order, one per source (a feed listed again,
    under another spelling of its URL or in another folder, adds its folders to the first),
    and every outline skipped with its reason."""
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
    head = _child(root, "head")
    title_element = _child(head, "title") if head is not None else None
    feeds: dict[str, _Gathered] = {}
    skipped: list[OpmlSkip] = []
    # An explicit stack, not recursion: a hostile file may nest outlines very deeply.
    stack: list[tuple[Element, Folder]] = [
        (child, ()) for child in reversed(_outlines(_child(root, "body")))
    ]
    while stack:
        outline, folder = stack.pop()
        attrs = {name.lower(): value for name, value in outline.attrib.items()}
        name = _clean(attrs.get("text")) or _clean(attrs.get("title"))
        url = _feed_url(attrs)
        if url is None:
            children = _outlines(outline)
            if children:
                inner = (*folder, name) if name and len(folder) < MAX_FOLDER_DEPTH else folder
                stack.extend((child, inner) for child in reversed(children))
            else:
                skipped.append(OpmlSkip(name or "(untitled)", folder, _why_no_feed(attrs)))
            continue
        normal = normal_feed_url(url)
        problem = _url_problem(normal)
        if problem:
            skipped.append(OpmlSkip(name or url, folder, problem))
            continue
        title = _clean(attrs.get("title")) or _clean(attrs.get("text"))
        site = normal_feed_url(attrs.get("htmlurl") or "")
        places = [folder] if folder else []
        places += _categories(attrs.get("category"))
        gathered = feeds.setdefault(feed_identity(normal), _Gathered(normal))
        gathered.add(
            title=None if title in (url, normal) else title,
            site_url=None if _url_problem(site) else site,
            folders=places,
        )
    return OpmlList(
        title=_clean(title_element.text) if title_element is not None else None,
        feeds=tuple(g.feed() for g in feeds.values()),
        skipped=tuple(skipped),
    )


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds of ``read_opml``, without the skipped outlines."""
    return list(read_opml(data).feeds)


def write_opml(
    feeds: Sequence[OpmlFeed], *, title: str = "Tidings sources", created: datetime | None = None
) -> bytes:
    """OPML 2.0 in UTF-8: folders as nested outlines, a feed written in every folder it
    sits in (as feed readers write it), feeds without a folder at the top.

    ``created`` is written as ``dateCreated`` when given (the function stays pure).
    """
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = _xml_text(title)
    if created is not None:
        stamp = created if created.tzinfo else created.replace(tzinfo=UTC)
        SubElement(head, "dateCreated").text = format_datetime(stamp)
    body = SubElement(root, "body")
    folders: dict[Folder, Element] = {}

    def folder_element(path: Folder) -> Element:
        if not path:
            return body
        if path not in folders:
            name = path[-1]
            folders[path] = SubElement(folder_element(path[:-1]), "outline", text=name, title=name)
        return folders[path]

    for feed in feeds:
        url = _xml_text(feed.url)
        feed_title = _xml_text(feed.title or "")
        attrs = {"type": "rss", "text": feed_title or url}
        if feed_title:
            attrs["title"] = feed_title
        attrs["xmlUrl"] = url
        if feed.site_url:
            attrs["htmlUrl"] = _xml_text(feed.site_url)
        places = dict.fromkeys(_clean_folder(tuple(_xml_text(n) for n in f)) for f in feed.folders)
        for path in places or [()]:
            SubElement(folder_element(path), "outline", attrs)
    indent(root)
    document = tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document.encode("utf-8") + b"\n"


class _Gathered:
    """One feed as the file lists it, perhaps several times."""

    __slots__ = ("folders", "site_url", "title", "url")

    def __init__(self, url: str) -> None:
        self.url = url
        self.title: str | None = None
        self.site_url: str | None = None
        self.folders: dict[Folder, None] = {}

    def add(self, *, title: str | None, site_url: str | None, folders: list[Folder]) -> None:
        self.title = self.title or title
        self.site_url = self.site_url or site_url
        self.folders.update(dict.fromkeys(folders))

    def feed(self) -> OpmlFeed:
        return OpmlFeed(self.url, self.title, self.site_url, tuple(self.folders))


def _child(parent: Element | None, name: str) -> Element | None:
    if parent is None:
        return None
    return next((child for child in parent if local_name(child.tag).lower() == name), None)


def _outlines(parent: Element | None) -> list[Element]:
    if parent is None:
        return []
    return [child for child in parent if local_name(child.tag).lower() == "outline"]


def _feed_url(attrs: dict[str, str]) -> str | None:
    url = (attrs.get("xmlurl") or "").strip()
    if not url and attrs.get("type", "").strip().lower() in _URL_TYPES:
        url = (attrs.get("url") or "").strip()
    return url or None


def _why_no_feed(attrs: dict[str, str]) -> str:
    if _FEED_HINTS & attrs.keys():
        return "no feed address (xmlUrl)"
    return "an empty folder (folders are kept as tags of their feeds)"


def _url_problem(url: str) -> str | None:
    if not url:
        return "no address"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "not a valid address"
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return None if host else "no host in the address"
    if not scheme:
        return "not an absolute address"
    return f"not a web address ({scheme}:)"


def _categories(value: str | None) -> list[Folder]:
    """``"/Tech/AI,News"`` → ``[("Tech", "AI"), ("News",)]``."""
    if not value:
        return []
    paths = (_clean_folder(tuple(path.split("/"))) for path in value.split(","))
    return [path for path in paths if path]


def _clean_folder(folder: Folder) -> Folder:
    names = (_clean(name) for name in folder)
    return tuple(name for name in names if name)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)
