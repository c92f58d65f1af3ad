"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the standard library."""

from __future__ import annotations

import json
from typing import Any

from tidings.errors import FeedError
from tidings.ingest.xmlsafety import absolute_http_url, clean_text, language_code, parse_datetime
from tidings.models import FeedEntry, Image, ParsedFeed

__all__ = ["parse_json_feed"]

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed document fetched from ``url``."""
    try:
        # json.loads reads UTF-8, -16 and -32, with or without a BOM, from bytes.
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, huge numbers
        raise FeedError(f"broken JSON Feed: {exc}") from exc
    except RecursionError as exc:
        raise FeedError("broken JSON Feed: nested too deeply") from exc
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        _VERSION_PREFIX
    ):
        raise FeedError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("JSON Feed has no items list")
    feed_authors = _authors(document)
    entries = tuple(
        e
        for e in (_entry(item, url, feed_authors) for item in items if isinstance(item, dict))
        if e is not None
    )
    return ParsedFeed(
        title=clean_text(_str(document.get("title"))),
        site_url=absolute_http_url(_str(document.get("home_page_url")), url),
        format="json",
        entries=entries,
        language=language_code(_str(document.get("language"))),
        description=clean_text(_str(document.get("description"))),
        icon_url=absolute_http_url(
            _str(document.get("favicon")) or _str(document.get("icon")), url
        ),
        version=_version(str(document["version"])),
        hub_url=_hub(document.get("hubs"), url),
        self_url=absolute_http_url(_str(document.get("feed_url")), url),
    )


def _version(value: str) -> str | None:
    number = value.removeprefix(_VERSION_PREFIX).strip("/")
    return {"1": "json10", "1.0": "json10", "1.1": "json11"}.get(number)


def _hub(hubs: Any, feed_url: str) -> str | None:
    if not isinstance(hubs, list):
        return None
    for hub in hubs:
        if isinstance(hub, dict) and str(hub.get("type", "")).lower() == "websub":
            found = absolute_http_url(_str(hub.get("url")), feed_url)
            if found:
                return found
    return None


def _entry(item: dict[str, Any], feed_url: str, feed_authors: tuple[str, ...]) -> FeedEntry | None:
    link = absolute_http_url(_str(item.get("url")) or _str(item.get("external_url")), feed_url)
    if link is None:
        return None
    summary = (
        _str(item.get("summary"))
        or _str(item.get("content_text"))
        or _str(item.get("content_html"))
    )
    image_url = absolute_http_url(
        _str(item.get("image")) or _str(item.get("banner_image")), feed_url
    )
    tags = item.get("tags")
    guid = item.get("id")
    return FeedEntry(
        url=link,
        title=clean_text(_str(item.get("title"))) or link,
        summary=clean_text(summary),
        published=parse_datetime(_str(item.get("date_published"))),
        updated=parse_datetime(_str(item.get("date_modified"))),
        authors=_authors(item) or feed_authors,
        categories=tuple(t.strip() for t in tags if isinstance(t, str) and t.strip())
        if isinstance(tags, list)
        else (),
        # 1.0 allowed numeric ids; 1.1 says strings. Both identify the item.
        guid=str(guid)
        if isinstance(guid, int | float) and not isinstance(guid, bool)
        else _str(guid),
        image=Image(url=image_url) if image_url else None,
    )


def _authors(obj: dict[str, Any]) -> tuple[str, ...]:
    """1.1's ``authors`` list, or 1.0's single ``author``."""
    raw = obj.get("authors")
    if not isinstance(raw, list):
        raw = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    names = (clean_text(_str(a.get("name"))) for a in raw if isinstance(a, dict))
    return tuple(n for n in names if n)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
