"""Per-host politeness: caps, spacing, Crawl-delay, Retry-After, bounded memory.

Time is simulated: the gate's clock moves only when it sleeps, and sleeps are recorded,
so nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import TypeVar

import pytest

from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.errors import RateLimited
from tidings.ingest.fetch import Fetcher, build_client
from tidings.ingest.hosts import HostGate, parse_retry_after

T = TypeVar("T")


class FakeTime:
    """A clock that moves only when someone sleeps; sleeps are recorded, not waited."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        # Virtual time: concurrent sleepers wake in order of their deadlines.
        deadline = self.now + seconds
        await asyncio.sleep(0)
        self.now = max(self.now, deadline)


def _gate(
    time: FakeTime, *, per_host: int = 2, total: int = 10, delay: float = 0.0, max_hosts: int = 100
) -> HostGate:
    return HostGate(
        per_host=per_host,
        total=total,
        delay=delay,
        clock=time.clock,
        sleep=time.sleep,
        max_hosts=max_hosts,
    )


async def _hold(
    gate: HostGate, host: str, log: list[tuple[str, int]], release: asyncio.Event
) -> None:
    async with gate.slot(host):
        log.append((host, +1))
        await release.wait()
        log.append((host, -1))


def _peak(log: list[tuple[str, int]], host: str | None = None) -> int:
    level = peak = 0
    for name, change in log:
        if host is None or name == host:
            level += change
            peak = max(peak, level)
    return peak


def test_per_host_and_global_caps() -> None:
    async def go() -> tuple[int, int, int]:
        gate = _gate(FakeTime(), per_host=2, total=3)
        log: list[tuple[str, int]] = []
        release = asyncio.Event()
        tasks = [
            asyncio.create_task(_hold(gate, host, log, release))
            for host in ["a:80"] * 5 + ["b:80"] * 5
        ]
        for _ in range(20):
            await asyncio.sleep(0)
        in_flight = _peak(log)
        release.set()
        await asyncio.gather(*tasks)
        return in_flight, _peak(log, "a:80"), _peak(log, "b:80")

    in_flight, peak_a, peak_b = asyncio.run(go())
    assert in_flight == 3
    assert peak_a <= 2 and peak_b <= 2


def test_starts_are_spaced_per_host_but_hosts_are_independent() -> None:
    time = FakeTime()
    starts: dict[str, list[float]] = {"a:80": [], "b:80": []}

    async def one(gate: HostGate, host: str) -> None:
        async with gate.slot(host):
            starts[host].append(time.now)
            await asyncio.sleep(0)

    async def go() -> None:
        gate = _gate(time, per_host=2, delay=2.0)
        await asyncio.gather(*(one(gate, host) for host in ["a:80"] * 4 + ["b:80"] * 4))

    asyncio.run(go())
    for host, times in starts.items():
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert len(times) == 4 and all(gap >= 2.0 for gap in gaps), (host, times)
    assert starts["a:80"][0] == starts["b:80"][0] == 1000.0  # b did not wait for a


def test_crawl_delay_raises_the_delay_up_to_a_minute() -> None:
    time = FakeTime()

    async def go() -> None:
        gate = _gate(time, delay=1.0)
        gate.set_crawl_delay("slow:80", 10.0)
        gate.set_crawl_delay("glacial:80", 86400.0)
        gate.set_crawl_delay("quick:80", 0.1)
        for host in ("slow:80", "glacial:80", "quick:80"):
            for _ in range(2):
                async with gate.slot(host):
                    pass

    asyncio.run(go())
    assert time.sleeps == [10.0, 60.0, 1.0]


def test_retry_after_waits_or_refuses() -> None:
    time = FakeTime()

    async def go() -> RateLimited:
        gate = _gate(time)
        gate.back_off("busy:80", 429, 30.0)
        async with gate.slot("busy:80"):  # 30 s is short: wait it out
            pass
        gate.back_off("busy:80", 503, 10 * 86400.0)  # capped at 6 h, and too long to wait
        with pytest.raises(RateLimited) as limited:
            async with gate.slot("busy:80", url="http://busy/"):
                pass
        async with gate.slot("other:80"):  # other hosts are not held up
            pass
        return limited.value

    limited = asyncio.run(go())
    assert time.sleeps == [30.0]
    assert limited.status == 503 and limited.retry_after == 6 * 3600.0
    assert limited.url == "http://busy/"


def test_host_state_is_bounded_and_busy_hosts_stay() -> None:
    async def go() -> tuple[int, bool]:
        gate = _gate(FakeTime(), max_hosts=3)
        release = asyncio.Event()
        busy = asyncio.create_task(_hold(gate, "busy:80", [], release))
        await asyncio.sleep(0)
        for n in range(50):
            async with gate.slot(f"host{n}:80"):
                pass
        kept = "busy:80" in gate._hosts
        release.set()
        await busy
        return len(gate), kept

    size, kept = asyncio.run(go())
    assert size <= 3 and kept


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 21 Oct 2026 07:30:00 GMT", 1800.0),
        ("Wed, 21 Oct 2026 06:00:00 GMT", 0.0),  # in the past
        ("Wed, 21 Oct 2036 07:00:00 GMT", 6 * 3600.0),  # capped
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    date = "Wed, 21 Oct 2026 07:00:00 GMT"
    assert parse_retry_after(value, date=date) == expected


def test_retry_after_date_without_a_date_header_uses_now() -> None:
    now = datetime(2026, 10, 21, 7, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 21 Oct 2026 07:01:00 GMT", now=now) == 60.0


# --- the Fetcher against a real server -------------------------------------------------


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    server = LocalServer()  # one per module: each server costs half a second to stop
    yield server
    server.close()


@pytest.fixture
def local_server(shared_server: LocalServer) -> LocalServer:
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


def _run(settings: Settings, time: FakeTime, go: Callable[[Fetcher], Awaitable[T]]) -> T:
    async def main() -> T:
        async with build_client(settings) as client:
            return await go(Fetcher(client, settings, clock=time.clock, sleep=time.sleep))

    return asyncio.run(main())


def test_fetcher_spaces_requests_to_one_host(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/feed"] = Reply(b"<rss/>")
    time = FakeTime()

    async def go(fetcher: Fetcher) -> None:
        for _ in range(3):
            await fetcher.fetch_feed(local_server.url("/feed"))

    _run(settings.model_copy(update={"per_host_delay_seconds": 2.5}), time, go)
    assert time.sleeps == [2.5, 2.5]


def test_fetcher_remembers_retry_after(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/short"] = Reply(status=429, headers={"Retry-After": "30"})
    local_server.routes["/long"] = Reply(status=503, headers={"Retry-After": "7200"})
    local_server.routes["/feed"] = Reply(b"<rss/>")
    time = FakeTime()

    async def go(fetcher: Fetcher) -> tuple[float | None, float | None]:
        with pytest.raises(RateLimited) as short:
            await fetcher.fetch_feed(local_server.url("/short"))
        await fetcher.fetch_feed(local_server.url("/feed"))  # waits 30 s first
        with pytest.raises(RateLimited):
            await fetcher.fetch_feed(local_server.url("/long"))
        with pytest.raises(RateLimited) as refused:  # not sent: two hours is too long to wait
            await fetcher.fetch_page(local_server.url("/feed"))
        return short.value.retry_after, refused.value.retry_after

    short, refused = _run(settings, time, go)
    assert short == 30.0 and refused == 7200.0
    assert time.sleeps == [30.0]
    assert [path for _, path, _ in local_server.requests] == ["/short", "/feed", "/long"]


def test_fetcher_caps_requests_in_flight_per_host(
    settings: Settings, local_server: LocalServer
) -> None:
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most seen
    two_at_once = threading.Event()

    def slow(request: BaseHTTPRequestHandler) -> Reply:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
            if in_flight[0] >= 2:
                two_at_once.set()
        two_at_once.wait(2.0)  # hold until a second request arrives (or give up)
        with lock:
            in_flight[0] -= 1
        return Reply(b"<rss/>")

    local_server.routes["/feed"] = slow

    async def go(fetcher: Fetcher) -> int:
        results = await asyncio.gather(
            *(fetcher.fetch_feed(local_server.url("/feed")) for _ in range(6))
        )
        return len(results)

    assert _run(settings.model_copy(update={"per_host_concurrency": 2}), FakeTime(), go) == 6
    assert in_flight[1] == 2
