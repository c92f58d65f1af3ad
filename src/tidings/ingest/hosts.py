"""Politeness per host: few requests at once, spaced starts, and respect for Retry-After.

A host is ``hostname:port``. Its state lives in a bounded LRU map, so months of crawling
thousands of publishers keep memory flat; an idle host forgets its state, which costs at
worst one request sooner than its delay would allow.
"""

from __future__ import annotations

import asyncio
import math
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tidings.errors import RateLimited

__all__ = ["MAX_CRAWL_DELAY", "MAX_RETRY_AFTER", "HostGate", "parse_retry_after"]

MAX_RETRY_AFTER = 6 * 3600.0  # a server asking for days is misconfigured, not serious
MAX_CRAWL_DELAY = 60.0  # robots.txt Crawl-delay beyond this would starve a publisher's feed


def parse_retry_after(
    value: str | None, *, date: str | None = None, now: datetime | None = None
) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date), capped at 6 h.

    An HTTP-date is measured from the response's ``Date`` header when it has one, so
    the answer does not depend on our clock agreeing with the server's.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    when = _http_date(value)
    if when is None:
        return None
    base = _http_date(date) if date else None
    base = base or now or datetime.now(UTC)
    return min(max(0.0, (when - base).total_seconds()), MAX_RETRY_AFTER)


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(slots=True)
class _Host:
    semaphore: asyncio.Semaphore
    last_start: float = -math.inf
    blocked_until: float = -math.inf
    blocked_status: int = 429
    users: int = 0  # tasks inside or waiting for slot(); a host in use is never evicted
    crawl_delay: float = field(default=0.0)


class HostGate:
    """Admits requests to hosts politely; see ``slot``.

    When a host asked us to wait (429/503 with Retry-After), a request waits for the end
    of that time if it is at most ``max_wait`` seconds away; if it is further, ``slot``
    raises ``RateLimited`` at once so a worker is not parked for hours: the caller
    reschedules.
    """

    def __init__(
        self,
        *,
        per_host: int,
        total: int,
        delay: float,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        max_wait: float = 60.0,
        max_hosts: int = 10_000,
    ) -> None:
        self.per_host = per_host
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.max_hosts = max_hosts
        self._total = asyncio.Semaphore(total)
        self._hosts: OrderedDict[str, _Host] = OrderedDict()

    def __len__(self) -> int:
        return len(self._hosts)

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Record the host's robots.txt Crawl-delay (capped at ``MAX_CRAWL_DELAY``)."""
        self._host(host).crawl_delay = min(max(seconds or 0.0, 0.0), MAX_CRAWL_DELAY)
        self._evict()

    def back_off(self, host: str, status: int, seconds: float) -> None:
        """Send nothing to ``host`` for ``seconds`` (capped at ``MAX_RETRY_AFTER``)."""
        state = self._host(host)
        until = self.clock() + min(max(seconds, 0.0), MAX_RETRY_AFTER)
        if until > state.blocked_until:
            state.blocked_until, state.blocked_status = until, status
        self._evict()

    @asynccontextmanager
    async def slot(self, host: str, *, url: str | None = None) -> AsyncIterator[None]:
        """Hold one request slot for ``host``: host and global caps, spacing, back-off."""
        state = self._host(host)
        state.users += 1
        try:
            async with state.semaphore:
                while True:
                    await self._wait_turn(state, url)
                    await self._total.acquire()
                    # Waiting for a global slot may have let a sibling start: check again
                    # with no await between the check and taking the turn.
                    now = self.clock()
                    if now >= state.blocked_until and now >= self._next_start(state):
                        state.last_start = now
                        break
                    self._total.release()
                try:
                    yield
                finally:
                    self._total.release()
        finally:
            state.users -= 1
            self._evict()

    def _next_start(self, state: _Host) -> float:
        return state.last_start + max(self.delay, state.crawl_delay)

    async def _wait_turn(self, state: _Host, url: str | None) -> None:
        while True:
            now = self.clock()
            if state.blocked_until > now:
                wait = state.blocked_until - now
                if wait > self.max_wait:
                    raise RateLimited(state.blocked_status, retry_after=wait, url=url)
            else:
                wait = self._next_start(state) - now
            if wait <= 0:
                return
            await self.sleep(wait)

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(asyncio.Semaphore(self.per_host))
        self._hosts.move_to_end(host)
        return state

    def _evict(self) -> None:
        # Oldest first; hosts in use stay. The scan stops after the overflow plus the
        # hosts in use, which the caps keep small.
        overflow = len(self._hosts) - self.max_hosts
        victims: list[str] = []
        for name, state in self._hosts.items():
            if len(victims) >= overflow:
                break
            if state.users == 0:
                victims.append(name)
        for name in victims:
            del self._hosts[name]
