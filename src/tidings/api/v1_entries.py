"""``/v1`` entries: lists with Miniflux's filters, one entry, status and bookmark.

An entry is an article of one of the reader's subscriptions; its id is the article's item
id (the same number the Fever and Google Reader APIs use). Times in filters are Unix
seconds compared with the article's list time (the publisher's, else when Tidings found
it); ``before_entry_id``/``after_entry_id`` compare item ids, which grow with crawl time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal, NoReturn

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from tidings.accounts.reader_state import EntryFilter, ReaderItem, Subscription
from tidings.api.v1_common import (
    ERRORS,
    Caller,
    V1Error,
    caller,
    categories,
    category_of,
    find_category,
    find_subscription,
)
from tidings.api.v1_json import entry_json, feed_json

__all__ = ["MAX_LIMIT", "MAX_UPDATE", "raise_missing", "router"]

router = APIRouter(tags=["entries"], responses=ERRORS)

MAX_LIMIT = 10_000  # entries in one answer
MAX_UPDATE = 1_000  # entry ids in one status change
_MAX_ID = 2**63 - 1
_LATEST = 253_402_300_799  # 9999-12-31 in seconds

Who = Annotated[Caller, Depends(caller)]
EntryId = Annotated[int, Path(ge=1, le=_MAX_ID, description="An entry (item) id.")]
FeedId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A feed (source) id.")]
CategoryId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A category id.")]
Seconds = Annotated[int | None, Query(ge=0, le=_LATEST, description="Unix seconds.")]
ItemBound = Annotated[int | None, Query(ge=0, le=_MAX_ID)]


class EntryUpdate(BaseModel):
    """``PUT /v1/entries``: a status for these entries."""

    entry_ids: list[Annotated[int, Field(ge=1, le=_MAX_ID)]] = Field(
        min_length=1, max_length=MAX_UPDATE
    )
    status: Literal["read", "unread"]


_ENTRY: dict[str, Any] = {
    "type": "object",
    "description": "Miniflux's entry object, with its feed.",
}
_PAGE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page of entries and how many match in all.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "total": {"type": "integer"},
                        "entries": {"type": "array", "items": _ENTRY},
                    },
                    "required": ["total", "entries"],
                }
            }
        },
    }
}
_ONE: dict[int | str, dict[str, Any]] = {
    200: {"description": "One entry.", "content": {"application/json": {"schema": _ENTRY}}}
}


class EntryQuery:
    """The filters of every entry list, as query parameters."""

    feed_id: int | None = None
    category_id: int | None = None

    def __init__(
        self,
        status: Annotated[list[Literal["read", "unread", "removed"]] | None, Query()] = None,
        starred: Annotated[bool | None, Query()] = None,
        search: Annotated[str | None, Query(max_length=200)] = None,
        before: Seconds = None,
        after: Seconds = None,
        published_before: Seconds = None,
        published_after: Seconds = None,
        before_entry_id: ItemBound = None,
        after_entry_id: ItemBound = None,
        order: Annotated[
            Literal["id", "status", "published_at", "category_title", "category_id"], Query()
        ] = "published_at",
        direction: Annotated[Literal["asc", "desc"], Query()] = "asc",
        limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=_MAX_ID)] = 0,
    ) -> None:
        self.status = status
        self.starred = starred
        self.search = search
        self.before = _latest(before, published_before)
        self.after = _earliest(after, published_after)
        self.before_entry_id = before_entry_id
        self.after_entry_id = after_entry_id
        self.order = order
        self.direction = direction
        self.limit = limit
        self.offset = offset


def _all_entries_query(
    q: Annotated[EntryQuery, Depends()],
    feed_id: Annotated[int | None, Query(ge=1, le=_MAX_ID)] = None,
    category_id: Annotated[int | None, Query(ge=1, le=_MAX_ID)] = None,
) -> EntryQuery:
    """The filters of ``/v1/entries``, which also takes a feed and a category."""
    q.feed_id = feed_id
    q.category_id = category_id
    return q


def _time(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _latest(*values: int | None) -> datetime | None:
    given = [v for v in values if v is not None]
    return _time(min(given)) if given else None


def _earliest(*values: int | None) -> datetime | None:
    given = [v for v in values if v is not None]
    return _time(max(given)) if given else None


def _page(who: Caller, q: EntryQuery, source_ids: list[int] | None) -> dict[str, Any]:
    subs = who.state.subscriptions(who.user_id)
    if q.feed_id is not None:
        source_ids = [i for i in source_ids or [q.feed_id] if i == q.feed_id]
    if q.category_id is not None:
        folder = find_category(who, q.category_id, subs).folder
        inside = {s.source_id for s in subs if s.folder == folder}
        source_ids = [i for i in (source_ids or inside) if i in inside]
    statuses = set(q.status or ())
    read = None
    if statuses:
        statuses.discard("removed")  # Tidings removes nothing: no entry is "removed"
        if not statuses:
            return {"total": 0, "entries": []}
        read = None if len(statuses) == 2 else "read" in statuses
    rank: dict[int, int] = {}
    if q.order in ("category_title", "category_id"):
        cats = sorted(
            categories(who, subs),
            key=lambda c: c.id if q.order == "category_id" else c.title.casefold(),
        )
        position = {c.folder: n for n, c in enumerate(cats)}
        rank = {s.source_id: position.get(s.folder, 0) for s in subs}
    query = EntryFilter(
        read=read,
        starred=q.starred,
        source_ids=source_ids,
        search=q.search,
        after=q.after,
        before=q.before,
        after_item_id=q.after_entry_id,
        before_item_id=q.before_entry_id,
        order="rank" if rank else q.order,
        descending=q.direction == "desc",
        source_rank=rank,
        limit=q.limit,
        offset=q.offset,
    )
    items, total = who.state.entries(who.user_id, query)
    return {"total": total, "entries": _entries(who, items, subs)}


def _entries(who: Caller, items: list[ReaderItem], subs: list[Subscription]) -> list[Any]:
    by_id = {s.source_id: s for s in subs}
    wanted = sorted({i.article.source_id for i in items})
    sources = who.repo.sources.sources_by_ids(wanted) if wanted else {}
    feeds = {
        i: feed_json(by_id[i], sources.get(i), category_of(by_id[i]), who.user_id)
        for i in wanted
        if i in by_id
    }
    return [
        entry_json(item, feeds[item.article.source_id], who.user_id)
        for item in items
        if item.article.source_id in feeds
    ]


def _one(who: Caller, entry_id: int, source_ids: set[int] | None = None) -> dict[str, Any]:
    subs = who.state.subscriptions(who.user_id)
    followed = {s.source_id for s in subs} if source_ids is None else source_ids
    found = [
        i
        for i in who.state.items(who.user_id, item_ids=[entry_id], limit=1)
        if i.article.source_id in followed
    ]
    entries = _entries(who, found, subs)
    if not entries:
        raise_missing(entry_id)
    first: dict[str, Any] = entries[0]
    return first


def raise_missing(entry_id: int) -> NoReturn:
    """404 for an entry the reader cannot see."""
    raise V1Error(404, f"Entry {entry_id} not found")


@router.get("/entries", responses=_PAGE, summary="List entries")
def list_entries(who: Who, q: Annotated[EntryQuery, Depends(_all_entries_query)]) -> Any:
    """The reader's entries with Miniflux's filters."""
    return _page(who, q, None)


@router.get("/entries/{entry_id:int}", responses=_ONE, summary="Get an entry")
def get_entry(who: Who, entry_id: EntryId) -> Any:
    """One entry of the reader's subscriptions."""
    return _one(who, entry_id)


@router.put("/entries", status_code=204, summary="Change entries' status")
def update_entries(who: Who, change: Annotated[EntryUpdate, Body()]) -> Response:
    """Mark entries read or unread; every id must be an entry the reader can see."""
    articles = who.state.article_ids(change.entry_ids)
    followed = {s.source_id for s in who.state.subscriptions(who.user_id)}
    visible = {
        i.item_id
        for i in who.state.items(who.user_id, item_ids=list(articles), limit=MAX_UPDATE)
        if i.article.source_id in followed
    }
    missing = [i for i in change.entry_ids if i not in visible]
    if missing:
        raise_missing(missing[0])
    wanted = [articles[i] for i in dict.fromkeys(change.entry_ids)]
    who.state.set_read(who.user_id, wanted, change.status == "read", now=who.now)
    return Response(status_code=204)


@router.put("/entries/{entry_id:int}/bookmark", status_code=204, summary="Toggle starred")
def toggle_bookmark(who: Who, entry_id: EntryId) -> Response:
    """Star the entry, or unstar it when it is starred (Tidings' "save")."""
    entry = _one(who, entry_id)
    who.state.set_starred(who.user_id, [entry["hash"]], not entry["starred"], now=who.now)
    return Response(status_code=204)


@router.get("/feeds/{feed_id:int}/entries", responses=_PAGE, summary="List a feed's entries")
def feed_entries(who: Who, feed_id: FeedId, q: Annotated[EntryQuery, Depends()]) -> Any:
    """A subscription's entries with the same filters."""
    find_subscription(who, feed_id)
    return _page(who, q, [feed_id])


@router.get(
    "/feeds/{feed_id:int}/entries/{entry_id:int}", responses=_ONE, summary="Get a feed's entry"
)
def feed_entry(who: Who, feed_id: FeedId, entry_id: EntryId) -> Any:
    """One entry of a subscription."""
    find_subscription(who, feed_id)
    return _one(who, entry_id, {feed_id})


@router.get(
    "/categories/{category_id:int}/entries", responses=_PAGE, summary="List a category's entries"
)
def category_entries(who: Who, category_id: CategoryId, q: Annotated[EntryQuery, Depends()]) -> Any:
    """The entries of a category's feeds with the same filters."""
    subs = who.state.subscriptions(who.user_id)
    folder = find_category(who, category_id, subs).folder
    return _page(who, q, [s.source_id for s in subs if s.folder == folder] or [0])


@router.get(
    "/categories/{category_id:int}/entries/{entry_id:int}",
    responses=_ONE,
    summary="Get a category's entry",
)
def category_entry(who: Who, category_id: CategoryId, entry_id: EntryId) -> Any:
    """One entry of a category's feeds."""
    subs = who.state.subscriptions(who.user_id)
    folder = find_category(who, category_id, subs).folder
    return _one(who, entry_id, {s.source_id for s in subs if s.folder == folder})
