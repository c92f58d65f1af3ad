"""Tidings' values as Miniflux's JSON objects: feeds, entries, icons, the user.

Fields Tidings has no counterpart for carry Miniflux's empty values ("" or false), so
strict clients decode every object; ``docs/apps.md`` lists which ones.
"""

from __future__ import annotations

import base64
import math
from datetime import datetime
from typing import Any

from tidings.accounts.models import Role, User
from tidings.accounts.reader_state import ReaderItem, Subscription
from tidings.api.items import item_author, item_html
from tidings.api.v1_common import Category
from tidings.config import Settings
from tidings.models import Source
from tidings.pipeline.media_cache import MediaCache
from tidings.pipeline.media_fetch import CACHE_FOLDER, sniff_image

__all__ = ["entry_json", "feed_json", "icon_json", "rfc3339", "user_json"]

_EPOCH = "0001-01-01T00:00:00Z"  # Go's zero time, as Miniflux writes "never"
_WORDS_A_MINUTE = 265  # Miniflux's default reading speed
_MAX_ICON = 256 * 1024


def rfc3339(moment: datetime | None) -> str:
    """A time as Miniflux writes it (UTC; Go's zero time for none)."""
    if moment is None:
        return _EPOCH
    return moment.isoformat().replace("+00:00", "Z")


def user_json(user: User, *, language: str) -> dict[str, Any]:
    """``/v1/me``: the account, with Miniflux's display settings at their defaults."""
    return {
        "id": user.id,
        "username": user.username,
        "is_admin": user.has_role(Role.ADMIN),
        "theme": "system_serif",
        "language": language,
        "timezone": "UTC",
        "entry_sorting_direction": "asc",
        "entry_sorting_order": "published_at",
        "entries_per_page": 100,
        "keyboard_shortcuts": False,
        "show_reading_time": True,
        "entry_swipe": True,
        "gesture_nav": "tap",
        "stylesheet": "",
        "custom_js": "",
        "google_id": "",
        "openid_connect_id": "",
        "display_mode": "standalone",
        "default_reading_speed": _WORDS_A_MINUTE,
        "cjk_reading_speed": 500,
        "default_home_page": "unread",
        "categories_sorting_order": "unread_count",
        "mark_read_on_view": True,
        "media_playback_rate": 1,
        "block_filter_entry_rules": "",
        "keep_filter_entry_rules": "",
        "last_login_at": None,
    }


def feed_json(
    sub: Subscription, source: Source | None, category: Category, user_id: int
) -> dict[str, Any]:
    """A subscription as Miniflux's feed object (``source`` adds its health)."""
    failing = source is not None and source.status == "error"
    return {
        "id": sub.source_id,
        "user_id": user_id,
        "feed_url": sub.feed_url,
        "site_url": sub.site_url or sub.feed_url,
        "title": sub.title,
        "checked_at": rfc3339(sub.last_checked_at),
        "next_check_at": rfc3339(source.next_check_at if source else None),
        "etag_header": (source.etag if source else None) or "",
        "last_modified_header": (source.last_modified if source else None) or "",
        "parsing_error_message": (source.last_error or "") if failing and source else "",
        "parsing_error_count": source.error_count if failing and source else 0,
        "scraper_rules": "",
        "rewrite_rules": "",
        "crawler": False,
        "blocklist_rules": "",
        "keeplist_rules": "",
        "user_agent": "",
        "cookie": "",
        "username": "",
        "password": "",
        "disabled": source is not None and not source.enabled,
        "no_media_player": False,
        "ignore_http_cache": False,
        "allow_self_signed_certificates": False,
        "fetch_via_proxy": False,
        "hide_globally": False,
        "category": category.json(user_id),
        "icon": {"feed_id": sub.source_id, "icon_id": sub.source_id} if sub.icon_url else None,
    }


def entry_json(item: ReaderItem, feed: dict[str, Any], user_id: int) -> dict[str, Any]:
    """An item as Miniflux's entry object, with its feed."""
    article = item.article
    words = len((article.text or article.summary or "").split())
    return {
        "id": item.item_id,
        "user_id": user_id,
        "feed_id": article.source_id,
        "status": "read" if item.read else "unread",
        "hash": article.id,
        "title": article.title,
        "url": article.url,
        "comments_url": "",
        "published_at": rfc3339(article.sort_time or article.discovered_at),
        "created_at": rfc3339(article.discovered_at),
        "changed_at": rfc3339(article.modified or article.discovered_at),
        "content": item_html(item),
        "author": item_author(item),
        "share_code": "",
        "starred": item.starred,
        "reading_time": math.ceil(words / _WORDS_A_MINUTE) if words else 0,
        "enclosures": [],
        "tags": list(article.keywords),
        "feed": feed,
    }


def icon_json(settings: Settings, sub: Subscription) -> dict[str, Any] | None:
    """The outlet's icon as the media proxy stored it (``data`` is ``type;base64,...``),
    None when it is not stored."""
    cache = MediaCache(settings.data_dir / CACHE_FOLDER, settings.media_cache_bytes)
    body = cache.get(sub.icon_url) if sub.icon_url else None
    kind = sniff_image(body[:64]) if body else None
    if body is None or kind is None or len(body) > _MAX_ICON:
        return None
    data = base64.b64encode(body).decode("ascii")
    return {"id": sub.source_id, "mime_type": kind, "data": f"{kind};base64,{data}"}
