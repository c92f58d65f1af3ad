"""What every ``/v1`` endpoint shares: who is asking, Miniflux's errors, categories.

A caller is an app password, sent as ``X-Auth-Token`` or as the password of Basic auth
(with the username); the session cookie never counts. Errors are Miniflux's
``{"error_message": "..."}`` with a 4xx, raised before anything is written.

Categories are the reader's folders. Miniflux puts every feed in a category, so feeds in
no folder are in "All", the category every account has; a category's id is the folder
name's stable number (``folder_number``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPBasic, HTTPBasicCredentials

from tidings.accounts.models import Role
from tidings.accounts.reader_state import Subscription
from tidings.api.auth import ApiReader, reader_from_basic, reader_from_token, reader_state
from tidings.api.ids import folder_number
from tidings.store import ReaderState, Repository

__all__ = [
    "ALL",
    "ERRORS",
    "Caller",
    "Category",
    "V1Error",
    "caller",
    "categories",
    "category_of",
    "find_category",
    "find_subscription",
]

ALL = "All"  # the category of feeds in no folder, as Miniflux names its first one

_token = APIKeyHeader(name="X-Auth-Token", auto_error=False, description="An app password.")
_basic = HTTPBasic(auto_error=False, description="Your username and an app password.")


class V1Error(Exception):
    """Answered as ``{"error_message": reason}`` with ``status``; nothing was changed."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


_ERROR_BODY = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error_message": {"type": "string"}},
                "required": ["error_message"],
            }
        }
    }
}
# The answers every endpoint may give besides its own (for the OpenAPI document).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input; nothing changed.", **_ERROR_BODY},
    401: {"description": "No app password, or a wrong one.", **_ERROR_BODY},
    403: {"description": "Not allowed for this account.", **_ERROR_BODY},
    404: {"description": "No such thing among yours.", **_ERROR_BODY},
}


@dataclass(frozen=True, slots=True)
class Caller:
    """The reader an app speaks for, with the stores and the clock."""

    reader: ApiReader
    state: ReaderState
    repo: Repository
    now: datetime

    @property
    def user_id(self) -> int:
        """The reader's account id."""
        return self.reader.user.id

    @property
    def is_admin(self) -> bool:
        """Whether the reader may add sources to the site."""
        return self.reader.user.has_role(Role.ADMIN)


def caller(
    request: Request,
    token: Annotated[str | None, Depends(_token)],
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> Caller:
    """The caller of a ``/v1`` request; 401 without a valid app password."""
    reader = None
    if token:
        reader = reader_from_token(request, token)
    elif basic is not None:
        reader = reader_from_basic(request)
    if reader is None:
        raise V1Error(401, "Access Unauthorized")
    repo: Repository = request.app.state.repository
    return Caller(reader, reader_state(request), repo, request.app.state.clock())


@dataclass(frozen=True, slots=True)
class Category:
    """A category as ``/v1`` serves it: the folder (None for "All") and its number."""

    id: int
    title: str
    folder: str | None

    def json(self, user_id: int) -> dict[str, Any]:
        """Miniflux's category object."""
        return {"id": self.id, "title": self.title, "user_id": user_id, "hide_globally": False}


def _category(title: str) -> Category:
    return Category(folder_number(title), title, None if title == ALL else title)


def categories(who: Caller, subs: list[Subscription] | None = None) -> list[Category]:
    """The reader's categories: "All" first, then every folder by name."""
    subs = who.state.subscriptions(who.user_id) if subs is None else subs
    named = {s.folder for s in subs if s.folder} | set(who.state.named_folders(who.user_id))
    named.discard(ALL)
    return [_category(ALL), *(_category(t) for t in sorted(named, key=lambda t: (t.casefold(), t)))]


def category_of(sub: Subscription) -> Category:
    """The category a subscription is in."""
    return _category(sub.folder or ALL)


def find_category(
    who: Caller, category_id: int, subs: list[Subscription] | None = None
) -> Category:
    """The reader's category with this id; 404 when there is none."""
    found = next((c for c in categories(who, subs) if c.id == category_id), None)
    if found is None:
        raise V1Error(404, f"Category {category_id} not found")
    return found


def find_subscription(who: Caller, feed_id: int) -> Subscription:
    """The reader's subscription to source ``feed_id``; 404 when they follow none."""
    found = who.state.subscription(who.user_id, feed_id)
    if found is None:
        raise V1Error(404, f"Feed {feed_id} not found")
    return found
