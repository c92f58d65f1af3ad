"""The Fever API (issue #18) at ``/api/fever.php`` and ``/fever/``, as Reeder, ReadKit,
Unread, FeedMe and Fluent Reader speak it.

Every request carries ``api_key`` (md5 of "username:app password"), from the form (as
clients POST it) or the query. A wrong or missing key is ``{"api_version": 3, "auth": 0}``
as the protocol says; malformed input is a 400 and an unknown id a 404, each with an
``error`` and nothing changed. Writes (``mark``) run before reads, so one request can mark
and read the new state, and every argument is checked before anything is written.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from tidings.accounts.reader_state import ReaderItem, Subscription
from tidings.api.auth import ApiReader, reader_from_fever_key, reader_state
from tidings.api.ids import folder_number, parse_id_list, parse_number
from tidings.api.items import item_author, item_html, seconds
from tidings.config import Settings
from tidings.pipeline.media_cache import MediaCache
from tidings.pipeline.media_fetch import CACHE_FOLDER, sniff_image
from tidings.store import ReaderState

__all__ = ["PAGE", "router"]

router = APIRouter()

PAGE = 50  # items per answer, as Fever serves them
_LATEST_SECONDS = 253_402_300_799  # 9999-12-31: a "before" past it is not a time
_MAX_ICON = 64 * 1024
_HEADERS = {"Cache-Control": "no-store"}
_ITEM_MARKS = {"read", "unread", "saved", "unsaved"}
_SPARKS = "-1"  # Fever's "Sparks" group: Tidings has none, marking it changes nothing


class FeverError(Exception):
    """Bad input: answered with ``status`` and the reason, nothing changed."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Mark:
    kind: str  # item, feed, group
    as_: str
    source_ids: list[int] | None  # feed and group: which subscriptions (None: all)
    article_id: str | None  # item
    before: datetime | None  # feed and group


@router.api_route("/api/fever.php", methods=["GET", "POST"], include_in_schema=False)
@router.api_route("/fever/", methods=["GET", "POST"], include_in_schema=False)
@router.api_route("/fever", methods=["GET", "POST"], include_in_schema=False)
async def fever(request: Request) -> JSONResponse:
    """One Fever request: auth, then marks, then what was asked for."""
    params: dict[str, str] = dict(request.query_params)
    try:
        if request.method == "POST":
            await _read_form(request, params)
        answer = await anyio.to_thread.run_sync(_answer, request, params)
    except FeverError as exc:
        return JSONResponse(
            {"api_version": 3, "auth": 1, "error": exc.reason},
            status_code=exc.status,
            headers=_HEADERS,
        )
    return JSONResponse(answer, headers=_HEADERS)


async def _read_form(request: Request, params: dict[str, str]) -> None:
    """The form's fields over the query's (clients POST the key, some the rest too)."""
    form = await request.form()
    try:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                raise FeverError(400, f"{name} must be a form field, not a file")
            params[name] = value
    finally:
        await form.close()


def _answer(request: Request, params: Mapping[str, str]) -> dict[str, Any]:
    reader = reader_from_fever_key(request, params.get("api_key", ""))
    if reader is None:
        return {"api_version": 3, "auth": 0}
    state = reader_state(request)
    user_id = reader.user.id
    subs = state.subscriptions(user_id)
    mark = _parse_mark(state, reader, subs, params) if "mark" in params else None
    items_query = _parse_items(params) if "items" in params else None
    if mark is not None:
        _apply_mark(request, state, user_id, mark)
    out: dict[str, Any] = {
        "api_version": 3,
        "auth": 1,
        "last_refreshed_on_time": seconds(state.last_refreshed(user_id)),
    }
    if "groups" in params:
        out["groups"] = [{"id": folder_number(f), "title": f} for f in state.folders(user_id)]
        out["feeds_groups"] = _feeds_groups(subs)
    if "feeds" in params:
        out["feeds"] = [_feed(s) for s in subs]
        out["feeds_groups"] = _feeds_groups(subs)
    if "favicons" in params:
        out["favicons"] = _favicons(request.app.state.settings, subs)
    if items_query is not None:
        out["items"] = [_item(i) for i in state.items(user_id, limit=PAGE, **items_query)]
        out["total_items"] = state.count_items(user_id)
    if "links" in params:
        out["links"] = []  # Fever's "Hot" links: Tidings has its stories instead
    if "unread_item_ids" in params or (mark is not None and mark.as_ in ("read", "unread")):
        out["unread_item_ids"] = ",".join(map(str, state.unread_item_ids(user_id)))
    if "saved_item_ids" in params or (mark is not None and mark.as_ in ("saved", "unsaved")):
        out["saved_item_ids"] = ",".join(map(str, state.starred_item_ids(user_id)))
    return out


# -- reading -----------------------------------------------------------------------------------


def _parse_items(params: Mapping[str, str]) -> dict[str, Any]:
    """The ``items`` arguments: ``with_ids`` (at most 50), else ``since_id`` or ``max_id``."""
    if "with_ids" in params:
        ids = parse_id_list(params["with_ids"], most_ids=PAGE)
        if ids is None:
            raise FeverError(400, f"with_ids takes at most {PAGE} comma-separated item ids")
        return {"item_ids": ids}
    if "since_id" in params:
        since = parse_number(params["since_id"])
        if since is None:
            raise FeverError(400, "since_id must be an item id (a whole number)")
        return {"after_id": since}
    if "max_id" in params:
        most = parse_number(params["max_id"])
        if most is None:
            raise FeverError(400, "max_id must be an item id (a whole number)")
        return {"before_id": most or None}  # 0: from the newest
    return {}


def _feed(sub: Subscription) -> dict[str, Any]:
    return {
        "id": sub.source_id,
        "favicon_id": sub.source_id if sub.icon_url else 0,
        "title": sub.title,
        "url": sub.feed_url,
        "site_url": sub.site_url or "",
        "is_spark": 0,
        "last_updated_on_time": seconds(sub.last_checked_at),
    }


def _feeds_groups(subs: list[Subscription]) -> list[dict[str, Any]]:
    groups: dict[str, list[int]] = {}
    for sub in subs:
        if sub.folder is not None:
            groups.setdefault(sub.folder, []).append(sub.source_id)
    return [
        {"group_id": folder_number(name), "feed_ids": ",".join(map(str, sorted(ids)))}
        for name, ids in sorted(groups.items())
    ]


def _favicons(settings: Settings, subs: list[Subscription]) -> list[dict[str, Any]]:
    """The outlets' icons the media proxy has stored, as Fever's data strings; an icon
    not stored is left out (apps then draw their own)."""
    cache = MediaCache(settings.data_dir / CACHE_FOLDER, settings.media_cache_bytes)
    found = []
    for sub in subs:
        body = cache.get(sub.icon_url) if sub.icon_url else None
        kind = sniff_image(body[:64]) if body else None
        if body is None or kind is None or len(body) > _MAX_ICON:
            continue
        data = base64.b64encode(body).decode("ascii")
        found.append({"id": sub.source_id, "data": f"{kind};base64,{data}"})
    return found


def _item(item: ReaderItem) -> dict[str, Any]:
    article = item.article
    return {
        "id": item.item_id,
        "feed_id": article.source_id,
        "title": article.title,
        "author": item_author(item),
        "html": item_html(item),
        "url": article.url,
        "is_saved": int(item.starred),
        "is_read": int(item.read),
        "created_on_time": seconds(article.sort_time or article.discovered_at),
    }


# -- marking -----------------------------------------------------------------------------------


def _parse_mark(
    state: ReaderState, reader: ApiReader, subs: list[Subscription], params: Mapping[str, str]
) -> _Mark:
    kind, as_, raw_id = params["mark"], params.get("as", ""), params.get("id", "")
    if kind == "item":
        if as_ not in _ITEM_MARKS:
            raise FeverError(400, "mark=item takes as=read, unread, saved or unsaved")
        number = parse_number(raw_id)
        if number is None:
            raise FeverError(400, "id must be an item id (a whole number)")
        article = state.article_ids([number]).get(number)
        if article is None:
            raise FeverError(404, f"no item {number}")
        return _Mark(kind, as_, None, article, None)
    if kind not in ("feed", "group"):
        raise FeverError(400, "mark takes item, feed or group")
    if as_ != "read":
        raise FeverError(400, f"mark={kind} takes as=read")
    seconds_before = parse_number(params.get("before", ""), most=_LATEST_SECONDS)
    if seconds_before is None:
        raise FeverError(400, "before must be a time in seconds since 1970")
    # The whole second: an article stored during the refresh the client saw is included.
    before = datetime.fromtimestamp(seconds_before, UTC) + timedelta(seconds=1)
    if kind == "feed":
        number = parse_number(raw_id)
        if number is None:
            raise FeverError(400, "id must be a feed id (a whole number)")
        if number not in {s.source_id for s in subs}:
            raise FeverError(404, f"no feed {number} among your subscriptions")
        return _Mark(kind, as_, [number], None, before)
    if raw_id.strip() == _SPARKS:
        return _Mark(kind, as_, [], None, before)
    number = parse_number(raw_id)
    if number is None:
        raise FeverError(400, "id must be a group id (a whole number)")
    if number == 0:  # Fever's "Kindling": everything
        return _Mark(kind, as_, None, None, before)
    folders = {folder_number(s.folder): s.folder for s in subs if s.folder is not None}
    if number not in folders:
        raise FeverError(404, f"no group {number}")
    chosen = [s.source_id for s in subs if s.folder == folders[number]]
    return _Mark(kind, as_, chosen, None, before)


def _apply_mark(request: Request, state: ReaderState, user_id: int, mark: _Mark) -> None:
    now: datetime = request.app.state.clock()
    if mark.article_id is not None:
        if mark.as_ in ("read", "unread"):
            state.set_read(user_id, [mark.article_id], mark.as_ == "read", now=now)
        else:
            state.set_starred(user_id, [mark.article_id], mark.as_ == "saved", now=now)
        return
    assert mark.before is not None
    if mark.source_ids == []:
        return
    state.mark_read_before(user_id, mark.before, source_ids=mark.source_ids)
