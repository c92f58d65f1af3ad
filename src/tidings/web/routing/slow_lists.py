"""Lists that scan many rows and change slowly (the languages of the archive, each
category's newest articles, rising hashtags): computed at most once a minute per web
process, then shared by the pages that show them (the home page, the search page's
filters), not computed on every view. A page's own articles are never read from here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar, cast

from fastapi import Request

__all__ = ["SLOW_LISTS_EVERY", "slow_list"]

T = TypeVar("T")

SLOW_LISTS_EVERY = timedelta(seconds=60)
_LOCK = threading.Lock()


def _fresh(kept: tuple[datetime, object] | None, moment: datetime) -> bool:
    return kept is not None and kept[0] <= moment < kept[0] + SLOW_LISTS_EVERY


def slow_list(request: Request, name: str, moment: datetime, compute: Callable[[], T]) -> T:
    """The list ``name``, as ``compute`` made it at most ``SLOW_LISTS_EVERY`` before
    ``moment`` in this process."""
    state = request.app.state
    memo: dict[str, tuple[datetime, object]] | None = getattr(state, "slow_lists", None)
    if memo is None:
        memo = state.slow_lists = {}
    kept = memo.get(name)
    if not _fresh(kept, moment):
        # One request computes; the others that arrive meanwhile (a burst after a restart
        # or at expiry) wait for its result instead of each running the same scan.
        with _LOCK:
            kept = memo.get(name)
            if not _fresh(kept, moment):
                kept = memo[name] = (moment, compute())
    assert kept is not None
    return cast(T, kept[1])
