"""Cursor pagination of lists: one page of items, and links to the pages either side.

Lists are keyset-paged: a page ends at an item, and the next starts just past it, so a
page is one bounded index walk however deep it is, and items arriving meanwhile neither
repeat nor vanish. Article lists (newest first) take ``?before=`` (older) and ``?after=``
(newer); their tokens are ``presenters.encode_cursor``'s. Going back up walks the other
way and turns round; reaching the top that way shows the first page, full.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlencode

from tidings.models import Article
from tidings.store import Cursor
from tidings.web.presentation.presenters import decode_cursor, encode_cursor

__all__ = ["ArticleFetch", "Pager", "article_page", "pager", "sliced_page"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pager(Generic[T]):
    """A page of a list: its items and the hrefs of the first, previous and next pages
    (None where there is no such page, or it is this one)."""

    items: list[T]
    first_href: str | None
    previous_href: str | None
    next_href: str | None


class ArticleFetch(Protocol):
    """A newest-first article list query (``Repository.latest_articles`` with filters)."""

    def __call__(
        self, *, limit: int, before: Cursor | None = None, after: Cursor | None = None
    ) -> list[Article]: ...


def pager(
    items: list[T],
    *,
    path: str,
    params: Mapping[str, str],
    previous: str | None,
    next_: str | None,
    names: tuple[str, str] = ("after", "before"),
) -> Pager[T]:
    """A ``Pager`` whose links keep ``params`` and add ``names[0]=previous`` or
    ``names[1]=next_``; the first page is linked whenever there is a previous one."""
    kept = {k: v for k, v in params.items() if v and k not in names}

    def href(extra: dict[str, str]) -> str:
        query = urlencode({**kept, **extra})
        return f"{path}?{query}" if query else path

    return Pager(
        items=items,
        first_href=href({}) if previous else None,
        previous_href=href({names[0]: previous}) if previous else None,
        next_href=href({names[1]: next_}) if next_ else None,
    )


def article_page(
    fetch: ArticleFetch,
    size: int,
    *,
    before: str | None,
    after: str | None,
    path: str,
    params: Mapping[str, str] | None = None,
) -> Pager[Article]:
    """One page of a newest-first article list, from the tokens in the request."""
    newer = decode_cursor(after)
    if newer is not None:
        found = fetch(limit=size + 1, after=newer)
        if len(found) > size:
            items = found[-size:]
            return pager(
                items,
                path=path,
                params=params or {},
                previous=encode_cursor(items[0]),
                next_=encode_cursor(items[-1]),
            )
    older = decode_cursor(before) if newer is None else None
    found = fetch(limit=size + 1, before=older)
    items = found[:size]
    return pager(
        items,
        path=path,
        params=params or {},
        previous=encode_cursor(items[0]) if older is not None and items else None,
        next_=encode_cursor(items[-1]) if len(found) > size else None,
    )


def sliced_page(
    items: Sequence[T],
    size: int,
    key: Callable[[T], str],
    *,
    start: str | None,
    path: str,
    params: Mapping[str, str] | None = None,
) -> Pager[T]:
    """A page of a list held whole in memory, in its order, by the ``key`` of its first
    item (``?from=``); an unknown key starts at the top."""
    keys = [key(item) for item in items]
    at = keys.index(start) if start in keys else 0
    back = max(0, at - size)
    return pager(
        list(items[at : at + size]),
        path=path,
        params=params or {},
        previous=keys[back] if at > 0 else None,
        next_=keys[at + size] if at + size < len(keys) else None,
        names=("from", "from"),
    )
