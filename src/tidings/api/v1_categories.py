"""``/v1`` categories: the reader's folders, listed, created, renamed and deleted.

"All" holds the feeds in no folder; it cannot be renamed or deleted. Deleting a category
moves its feeds to "All" (Tidings never unsubscribes a reader as a side effect).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tidings.api.v1_common import ALL, ERRORS, Caller, V1Error, caller, categories, find_category
from tidings.store.sql_subscriptions import MAX_FOLDER

__all__ = ["router"]

router = APIRouter(tags=["categories"], responses=ERRORS)

Who = Annotated[Caller, Depends(caller)]
CategoryId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A category id.")]
_CATEGORY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "user_id": {"type": "integer"},
        "hide_globally": {"type": "boolean"},
        "feed_count": {"type": "integer"},
        "total_unread": {"type": "integer"},
    },
    "required": ["id", "title", "user_id"],
}


class CategoryTitle(BaseModel):
    """A category's title."""

    title: str = Field(min_length=1, max_length=MAX_FOLDER)


def _title(given: CategoryTitle) -> str:
    title = " ".join(given.title.split())
    if not title:
        raise V1Error(400, "The category title is empty")
    return title


def _unused(who: Caller, title: str) -> None:
    if any(c.title.casefold() == title.casefold() for c in categories(who)):
        raise V1Error(400, "This category already exists.")


@router.get(
    "/categories",
    summary="List categories",
    responses={
        200: {
            "description": "Categories.",
            "content": {"application/json": {"schema": {"type": "array", "items": _CATEGORY}}},
        }
    },
)
def list_categories(who: Who, counts: Annotated[bool, Query()] = False) -> Any:
    """ "All" and the reader's folders; ``counts=true`` adds feed and unread counts."""
    subs = who.state.subscriptions(who.user_id)
    found = [c.json(who.user_id) for c in categories(who, subs)]
    if counts:
        unread = who.state.counters(who.user_id)
        for cat, body in zip(categories(who, subs), found, strict=True):
            inside = [s.source_id for s in subs if s.folder == cat.folder]
            body["feed_count"] = len(inside)
            body["total_unread"] = sum(unread.get(i, (0, 0))[1] for i in inside)
    return found


@router.post(
    "/categories",
    status_code=201,
    summary="Create a category",
    responses={
        201: {"description": "Created.", "content": {"application/json": {"schema": _CATEGORY}}}
    },
)
def create_category(who: Who, given: Annotated[CategoryTitle, Body()]) -> JSONResponse:
    """A new, empty folder; 400 when the reader has one of that name."""
    title = _title(given)
    _unused(who, title)
    who.state.add_folder(who.user_id, title, now=who.now)
    made = next(c for c in categories(who) if c.title == title)
    return JSONResponse(made.json(who.user_id), status_code=201)


@router.put(
    "/categories/{category_id:int}",
    status_code=201,
    summary="Rename a category",
    responses={
        201: {"description": "Renamed.", "content": {"application/json": {"schema": _CATEGORY}}}
    },
)
def update_category(
    who: Who, category_id: CategoryId, given: Annotated[CategoryTitle, Body()]
) -> JSONResponse:
    """A new title for a folder (its feeds move with it)."""
    cat = find_category(who, category_id)
    title = _title(given)
    if cat.folder is None:
        raise V1Error(400, f'"{ALL}" holds the feeds in no folder; it cannot be renamed')
    if title != cat.title:
        if title.casefold() != cat.title.casefold():
            _unused(who, title)
        who.state.rename_folder(who.user_id, cat.folder, title)
        who.state.rename_named_folder(who.user_id, cat.folder, title)
    made = next(c for c in categories(who) if c.title == title)
    return JSONResponse(made.json(who.user_id), status_code=201)


@router.delete("/categories/{category_id:int}", status_code=204, summary="Delete a category")
def delete_category(who: Who, category_id: CategoryId) -> Response:
    """Delete a folder; its feeds move to "All"."""
    cat = find_category(who, category_id)
    if cat.folder is None:
        raise V1Error(400, f'"{ALL}" holds the feeds in no folder; it cannot be deleted')
    who.state.remove_folder(who.user_id, cat.folder)
    who.state.drop_named_folder(who.user_id, cat.folder)
    return Response(status_code=204)
