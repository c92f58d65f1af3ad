"""Feed parsing, a pure stage: bytes in, ``ParsedFeed`` out.

RSS 0.9x–2.0, RSS 1.0 and Atom go through feedparser; JSON Feed 1.0/1.1 is read here.
Anything that is not a feed raises ``FeedError`` with a message a person can act on.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from tidings.errors import FeedError
from tidings.models import FeedEntry, Image, ParsedFeed

__all__ = ["parse_feed"]

_TAG = re.compile(r"<[^>]+>")


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a feed document fetched from ``url``."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    if not head:
        raise FeedError("the document is empty")
    if head.startswith(b"{"):
        return _parse_json_feed(body, url)
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise FeedError("the document is an HTML page, not a feed")
    return _parse_xml_feed(body, url)


def _parse_xml_feed(body: bytes, url: str) -> ParsedFeed:
    parsed: Any = feedparser.parse(body, response_headers={"content-location": url})
    version = parsed.get("version") or ""
    if not version:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        raise FeedError(f"not a feed (no RSS or Atom document found{detail})")
    feed = parsed.feed
    entries = tuple(e for e in (_xml_entry(raw, url) for raw in parsed.entries) if e is not None)
    if parsed.get("bozo") and not entries:
        # Malformed XML from which nothing usable came: an error the operator should see.
        # (Malformed feeds that still yield entries are accepted, as readers expect.)
        raise FeedError(f"broken feed: {parsed.get('bozo_exception')}")
    image = feed.get("image") or {}
    return ParsedFeed(
        title=_clean_text(feed.get("title")),
        site_url=_absolute(feed.get("link"), url),
        format="atom" if version.startswith("atom") else "rss",
        entries=entries,
        language=_language(feed.get("language")),
        description=_clean_text(feed.get("subtitle")),
        icon_url=_absolute(feed.get("icon") or image.get("href"), url),
    )


def _xml_entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = _absolute(raw.get("link"), feed_url)
    if link is None:
        guid = raw.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else None
    if link is None:
        return None
    title = _clean_text(raw.get("title")) or link
    authors = tuple(
        name for name in (_clean_text(a.get("name")) for a in raw.get("authors") or []) if name
    )
    if not authors and raw.get("author"):
        authors = (_clean_text(raw.get("author")) or "",)
    categories = tuple(
        term for term in (_clean_text(t.get("term")) for t in raw.get("tags") or []) if term
    )
    return FeedEntry(
        url=link,
        title=title,
        summary=_clean_text(raw.get("summary")),
        published=_from_struct(raw.get("published_parsed")),
        # dict.get: feedparser would quietly substitute the published date (and warn).
        updated=_from_struct(dict.get(raw, "updated_parsed")),
        authors=tuple(a for a in authors if a),
        categories=categories,
        guid=raw.get("id"),
        image=_xml_image(raw, feed_url),
    )


def _xml_image(raw: Any, feed_url: str) -> Image | None:
    for media in raw.get("media_content") or []:
        if media.get("medium", "image") == "image" and media.get("url"):
            return Image(
                url=_absolute(media["url"], feed_url) or media["url"],
                width=_int(media.get("width")),
                height=_int(media.get("height")),
            )
    for thumb in raw.get("media_thumbnail") or []:
        if thumb.get("url"):
            return Image(url=_absolute(thumb["url"], feed_url) or thumb["url"])
    for link in raw.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return Image(url=_absolute(link.get("href"), feed_url) or link["href"])
    return None


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"broken JSON Feed: {exc}") from exc
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("JSON Feed has no items list")
    feed_authors = _json_authors(document)
    entries = tuple(
        e
        for e in (_json_entry(item, url, feed_authors) for item in items if isinstance(item, dict))
        if e is not None
    )
    return ParsedFeed(
        title=_clean_text(_str(document.get("title"))),
        site_url=_absolute(_str(document.get("home_page_url")), url),
        format="json",
        entries=entries,
        language=_language(_str(document.get("language"))),
        description=_clean_text(_str(document.get("description"))),
        icon_url=_absolute(_str(document.get("favicon")) or _str(document.get("icon")), url),
    )


def _json_entry(
    item: dict[str, Any], feed_url: str, feed_authors: tuple[str, ...]
) -> FeedEntry | None:
    link = _absolute(_str(item.get("url")) or _str(item.get("external_url")), feed_url)
    if link is None:
        return None
    summary = _str(item.get("summary")) or _str(item.get("content_text"))
    if summary is None and _str(item.get("content_html")):
        summary = _str(item.get("content_html"))
    image_url = _absolute(_str(item.get("image")) or _str(item.get("banner_image")), feed_url)
    tags = item.get("tags")
    return FeedEntry(
        url=link,
        title=_clean_text(_str(item.get("title"))) or link,
        summary=_clean_text(summary),
        published=_from_iso(_str(item.get("date_published"))),
        updated=_from_iso(_str(item.get("date_modified"))),
        authors=_json_authors(item) or feed_authors,
        categories=tuple(t.strip() for t in tags if isinstance(t, str) and t.strip())
        if isinstance(tags, list)
        else (),
        guid=_str(item.get("id")),
        image=Image(url=image_url) if image_url else None,
    )


def _json_authors(obj: dict[str, Any]) -> tuple[str, ...]:
    raw = obj.get("authors")
    if not isinstance(raw, list):
        raw = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    names = (_clean_text(_str(a.get("name"))) for a in raw if isinstance(a, dict))
    return tuple(n for n in names if n)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clean_text(value: str | None) -> str | None:
    """Plain text from a feed field that may hold HTML or entities."""
    if not value:
        return None
    text = html.unescape(_TAG.sub(" ", value))
    text = " ".join(text.split())
    return text or None


def _absolute(link: str | None, base: str) -> str | None:
    if not link:
        return None
    resolved = urljoin(base, link.strip())
    return resolved if resolved.startswith(("http://", "https://")) else None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _from_struct(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
