"""``/v1`` feeds: the reader's subscriptions, adding one by address, icons, counters,
refreshing, marking read; ``discover``; OPML out and in.

Sources are the site's. Any reader subscribes to a feed Tidings follows already (under
any spelling of its address); only an admin's request makes a new source, found by
discovery as ``tidings sources add`` finds it. Deleting a feed unsubscribes the reader;
the source stays for everyone else. "Refresh" makes the feeds due for the scheduler's
next round (202: accepted, not yet done).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tidings.api.v1_common import (
    ERRORS,
    Caller,
    V1Error,
    caller,
    category_of,
    find_category,
    find_subscription,
)
from tidings.api.v1_json import feed_json, icon_json
from tidings.errors import FeedError
from tidings.pipeline.reader_feeds import NotAllowed, quick_add_source
from tidings.pipeline.subscribe import discover_site_feeds

__all__ = ["router"]

router = APIRouter(tags=["feeds"], responses=ERRORS)

_MAX_ID = 2**63 - 1
Who = Annotated[Caller, Depends(caller)]
FeedId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A feed (source) id.")]
CategoryId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A category id.")]
_OBJECT: dict[str, Any] = {"type": "object"}


def _json(description: str, schema: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": schema}}}}


_FEED = _json("A feed.", _OBJECT)
_SCHEDULED: dict[int | str, dict[str, Any]] = {202: {"description": "Scheduled."}}
_FEEDS = _json("Feeds.", {"type": "array", "items": _OBJECT})


class FeedCreation(BaseModel):
    """``POST /v1/feeds``: a feed's or a site's address, and a category."""

    feed_url: str = Field(min_length=1, max_length=2048)
    category_id: int | None = Field(default=None, ge=1, le=_MAX_ID)


class FeedModification(BaseModel):
    """``PUT /v1/feeds/{id}``: the reader's title and category (other fields ignored)."""

    title: str | None = Field(default=None, max_length=500)
    category_id: int | None = Field(default=None, ge=1, le=_MAX_ID)


class Discover(BaseModel):
    """``POST /v1/discover``: a site's or a feed's address."""

    url: str = Field(min_length=1, max_length=2048)


def _feeds(who: Caller, source_ids: set[int] | None = None) -> list[dict[str, Any]]:
    subs = [
        s
        for s in who.state.subscriptions(who.user_id)
        if source_ids is None or s.source_id in source_ids
    ]
    sources = who.repo.sources.sources_by_ids([s.source_id for s in subs]) if subs else {}
    return [feed_json(s, sources.get(s.source_id), category_of(s), who.user_id) for s in subs]


def _feed(who: Caller, feed_id: int) -> dict[str, Any]:
    find_subscription(who, feed_id)
    return _feeds(who, {feed_id})[0]


@router.get("/feeds", responses=_FEEDS, summary="List feeds")
def list_feeds(who: Who) -> Any:
    """The reader's subscriptions by title."""
    return _feeds(who)


@router.get("/feeds/counters", summary="Read and unread counts per feed")
def counters(who: Who) -> dict[str, dict[str, int]]:
    """``reads`` and ``unreads`` per feed id (feeds with no articles left out)."""
    counts = who.state.counters(who.user_id)
    return {
        "reads": {str(i): r for i, (r, _) in counts.items()},
        "unreads": {str(i): u for i, (_, u) in counts.items()},
    }


@router.put(
    "/feeds/refresh",
    status_code=202,
    response_class=Response,
    responses=_SCHEDULED,
    summary="Refresh every feed",
)
def refresh_all(who: Who) -> Response:
    """Make every subscription due at the scheduler's next round."""
    who.state.make_due([s.source_id for s in who.state.subscriptions(who.user_id)], now=who.now)
    return Response(status_code=202)


@router.get("/feeds/{feed_id:int}", responses=_FEED, summary="Get a feed")
def get_feed(who: Who, feed_id: FeedId) -> Any:
    """One subscription."""
    return _feed(who, feed_id)


@router.post(
    "/feeds",
    status_code=201,
    summary="Subscribe to a feed",
    responses=_json("The feed id.", {"type": "object"}) | {201: {"description": "Subscribed."}},
)
async def create_feed(request: Request, who: Who, given: Annotated[FeedCreation, Body()]) -> Any:
    """Subscribe by a feed's or a site's address (discovery finds the feed); 400 when the
    reader follows it already, 403 when it is new and the reader is no admin."""
    folder = None
    if given.category_id is not None:
        folder = find_category(who, given.category_id).folder
    settings = request.app.state.settings
    try:
        source = await quick_add_source(
            who.repo, settings, given.feed_url, now=who.now, may_add=who.is_admin
        )
    except NotAllowed as exc:
        raise V1Error(403, str(exc)) from exc
    except FeedError as exc:
        raise V1Error(400, str(exc)) from exc
    if who.state.subscription(who.user_id, source.id) is not None:
        raise V1Error(400, "This feed already exists.")
    who.state.subscribe(who.user_id, source.id, now=who.now, folder=folder)
    return _created({"feed_id": source.id})


def _created(body: Any) -> JSONResponse:
    return JSONResponse(body, status_code=201)


@router.put("/feeds/{feed_id:int}", status_code=201, responses=_FEED, summary="Change a feed")
def update_feed(who: Who, feed_id: FeedId, change: Annotated[FeedModification, Body()]) -> Any:
    """The reader's title for the feed ("" for the feed's own) and its category."""
    find_subscription(who, feed_id)
    folder: str | None = None
    if change.category_id is not None:
        folder = find_category(who, change.category_id).folder
    if change.title is not None:
        who.state.set_title(who.user_id, feed_id, change.title.strip() or None)
    if change.category_id is not None:
        who.state.set_folder(who.user_id, feed_id, folder)
    return _created(_feed(who, feed_id))


@router.delete("/feeds/{feed_id:int}", status_code=204, summary="Unsubscribe")
def delete_feed(who: Who, feed_id: FeedId) -> Response:
    """Unsubscribe from the feed (the site keeps the source)."""
    find_subscription(who, feed_id)
    who.state.unsubscribe(who.user_id, feed_id)
    return Response(status_code=204)


@router.put(
    "/feeds/{feed_id:int}/refresh",
    status_code=202,
    response_class=Response,
    responses=_SCHEDULED,
    summary="Refresh a feed",
)
def refresh_feed(who: Who, feed_id: FeedId) -> Response:
    """Make the feed due at the scheduler's next round."""
    find_subscription(who, feed_id)
    who.state.make_due([feed_id], now=who.now)
    return Response(status_code=202)


@router.put("/feeds/{feed_id:int}/mark-all-as-read", status_code=204, summary="Mark a feed read")
def mark_feed_read(who: Who, feed_id: FeedId) -> Response:
    """Mark everything the feed holds now read."""
    find_subscription(who, feed_id)
    who.state.mark_read_before(who.user_id, who.now, source_ids=[feed_id])
    return Response(status_code=204)


@router.get(
    "/feeds/{feed_id:int}/icon",
    responses=_json("The icon.", _OBJECT),
    summary="A feed's icon",
)
def feed_icon(request: Request, who: Who, feed_id: FeedId) -> Any:
    """The outlet's icon, when the media proxy has stored it; 404 otherwise."""
    icon = icon_json(request.app.state.settings, find_subscription(who, feed_id))
    if icon is None:
        raise V1Error(404, f"Feed {feed_id} has no icon")
    return icon


@router.get("/icons/{icon_id:int}", responses=_json("The icon.", _OBJECT), summary="An icon")
def icon(request: Request, who: Who, icon_id: FeedId) -> Any:
    """An icon by id (a feed's icon id is the feed id)."""
    return feed_icon(request, who, icon_id)


@router.get("/categories/{category_id:int}/feeds", responses=_FEEDS, summary="A category's feeds")
def category_feeds(who: Who, category_id: CategoryId) -> Any:
    """The feeds in a category."""
    subs = who.state.subscriptions(who.user_id)
    folder = find_category(who, category_id, subs).folder
    return _feeds(who, {s.source_id for s in subs if s.folder == folder})


@router.put(
    "/categories/{category_id:int}/refresh",
    status_code=202,
    response_class=Response,
    responses=_SCHEDULED,
    summary="Refresh a category",
)
def refresh_category(who: Who, category_id: CategoryId) -> Response:
    """Make a category's feeds due at the scheduler's next round."""
    subs = who.state.subscriptions(who.user_id)
    folder = find_category(who, category_id, subs).folder
    who.state.make_due([s.source_id for s in subs if s.folder == folder], now=who.now)
    return Response(status_code=202)


@router.put(
    "/categories/{category_id:int}/mark-all-as-read",
    status_code=204,
    summary="Mark a category read",
)
def mark_category_read(who: Who, category_id: CategoryId) -> Response:
    """Mark everything a category's feeds hold now read."""
    subs = who.state.subscriptions(who.user_id)
    folder = find_category(who, category_id, subs).folder
    chosen = [s.source_id for s in subs if s.folder == folder]
    if chosen:
        who.state.mark_read_before(who.user_id, who.now, source_ids=chosen)
    return Response(status_code=204)


@router.post(
    "/discover",
    responses=_json("The feeds found.", {"type": "array", "items": _OBJECT}),
    summary="Find a site's feeds",
)
async def discover(request: Request, who: Who, given: Annotated[Discover, Body()]) -> Any:
    """Every feed found at the address (each fetched and parsed); 404 when none."""
    found = await discover_site_feeds(request.app.state.settings, given.url)
    if not found.feeds:
        raise V1Error(404, f"No feed found at {given.url}")
    return [
        {"url": f.url, "title": f.feed.title or f.url, "type": f.feed.format} for f in found.feeds
    ]
