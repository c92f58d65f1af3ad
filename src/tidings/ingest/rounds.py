"""Fair shares of one ingest round, so that one source cannot hold up the others.

A round takes at most ``TIDINGS_MAX_NEW_PER_FEED`` new entries from a feed, the newest
first (``newest_first``), and fetches the pages waiting in turns across sources
(``in_turns``): a source with a hundred new articles and one with three both get their
first page fetched before either gets its second.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from tidings.models import FeedEntry

__all__ = ["in_turns", "newest_first"]

T = TypeVar("T")

_NO_DATE = datetime.min.replace(tzinfo=UTC)


def newest_first(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """Dated entries newest first (published, else updated), then undated ones in feed
    order: feeds list newest first when they give no dates."""
    # A stable sort, reversed stably too: entries with one date keep their feed order.
    return sorted(entries, key=_date_key, reverse=True)


def _date_key(entry: FeedEntry) -> tuple[bool, datetime]:
    when = entry.published or entry.updated
    if when is None:
        return False, _NO_DATE
    return True, when if when.tzinfo else when.replace(tzinfo=UTC)


def in_turns(items: Sequence[T], key: Callable[[T], Hashable]) -> list[T]:
    """``items`` reordered round-robin across their ``key`` (a source), each key's items
    in the order given; keys take turns in the order of their first item."""
    queues: dict[Hashable, deque[T]] = {}
    for item in items:
        queues.setdefault(key(item), deque()).append(item)
    ordered: list[T] = []
    turn = list(queues.values())
    while turn:
        ordered.extend(queue.popleft() for queue in turn)
        turn = [queue for queue in turn if queue]
    return ordered
