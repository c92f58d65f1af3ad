"""robots.txt: the parser, and the Fetcher honouring it for pages but not feeds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest

from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.errors import BlockedAddress, RobotsDisallowed
from tidings.ingest.fetch import Fetcher, build_client
from tidings.ingest.robots import RobotsCache, RobotsRules, parse_robots, rules_for_status

T = TypeVar("T")

SITE = """
# news site
User-agent: *
Disallow: /private/
Disallow: /*?share=
Disallow: /*.pdf$
Allow: /private/open/
Crawl-delay: 2

User-agent: BadBot
Disallow: /
"""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),
        ("/news/2026/story", True),
        ("/private/notes", False),
        ("/private/open/story", True),  # the longer rule wins
        ("/news/story?share=twitter", False),
        ("/news/story?page=2", True),
        ("/files/report.pdf", False),
        ("/files/report.pdf?download=1", True),  # "$" anchors the end
        ("/robots.txt", True),
    ],
)
def test_longest_match_and_wildcards(path: str, allowed: bool) -> None:
    assert parse_robots(SITE).allows(path) is allowed


def test_our_group_wins_over_star_and_groups_merge() -> None:
    text = """
User-agent: *
Disallow: /

User-agent: Tidings/1.0
User-agent: OtherBot
Disallow: /drafts/
Crawl-delay: 5

User-agent: tidings
Disallow: /embargo/
"""
    rules = parse_robots(text)
    assert rules.allows("/news/") and not rules.allows("/drafts/x")
    assert not rules.allows("/embargo/x")
    assert rules.crawl_delay == 5.0
    assert not parse_robots(text, agent="someone-else").allows("/news/")


def test_tie_goes_to_allow_and_empty_disallow_allows() -> None:
    assert parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n").allows("/page")
    assert parse_robots("User-agent: *\nDisallow:\n").allows("/anything")


def test_percent_encoding_is_compared_normalised() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /café/\n")
    assert not rules.allows("/caf%C3%A9/menu")


def test_junk_is_ignored() -> None:
    rules = parse_robots(
        "<html>not robots</html>\nDisallow: /x\nUser-agent: *\nCrawl-delay: soon\n"
    )
    assert rules.allows("/x") and rules.crawl_delay is None


@pytest.mark.parametrize(
    ("status", "allows", "retry_soon"),
    [
        (404, True, False),
        (410, True, False),
        (401, False, False),
        (403, False, False),
        (500, True, True),
        (503, True, True),
        (429, True, True),
    ],
)
def test_error_statuses(status: int, allows: bool, retry_soon: bool) -> None:
    rules, soon = rules_for_status(status)
    assert rules.allows("/news/") is allows and soon is retry_soon


class FakeTime:
    """A clock that moves only when someone sleeps; sleeps are recorded, not waited."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


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


def _paths(server: LocalServer) -> list[str]:
    return [path for _, path, _ in server.requests]


def test_pages_honour_robots_and_it_is_fetched_once(
    settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/robots.txt"] = Reply(
        SITE.encode(), headers={"Content-Type": "text/plain"}
    )
    local_server.routes["/news/a"] = Reply(b"<p>a</p>")
    local_server.routes["/news/b"] = Reply(b"<p>b</p>")
    time = FakeTime()

    async def go(fetcher: Fetcher) -> list[bytes]:
        pages = [await fetcher.fetch_page(local_server.url(p)) for p in ("/news/a", "/news/b")]
        with pytest.raises(RobotsDisallowed, match="/private/x"):
            await fetcher.fetch_page(local_server.url("/private/x"))
        return [page.body for page in pages]

    assert _run(settings, time, go) == [b"<p>a</p>", b"<p>b</p>"]
    assert _paths(local_server) == ["/robots.txt", "/news/a", "/news/b"]
    assert time.sleeps == [2.0, 2.0]  # Crawl-delay 2 spaces the pages


def test_concurrent_pages_share_one_robots_fetch(
    settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /x\n", delay=0.2)
    for n in range(4):
        local_server.routes[f"/news/{n}"] = Reply(b"ok")

    async def go(fetcher: Fetcher) -> None:
        await asyncio.gather(
            *(fetcher.fetch_page(local_server.url(f"/news/{n}")) for n in range(4))
        )

    _run(settings, FakeTime(), go)
    assert _paths(local_server).count("/robots.txt") == 1


def test_feeds_ignore_robots(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /\n")
    local_server.routes["/feed.xml"] = Reply(b"<rss/>")

    async def go(fetcher: Fetcher) -> bytes:
        return (await fetcher.fetch_feed(local_server.url("/feed.xml"))).body

    assert _run(settings, FakeTime(), go) == b"<rss/>"
    assert _paths(local_server) == ["/feed.xml"]


@pytest.mark.parametrize(
    ("reply", "page_allowed", "refetch_after"),
    [
        (Reply(b"", status=404), True, 60 * 60),
        (Reply(b"", status=410), True, 60 * 60),
        (Reply(b"", status=403), False, 60 * 60),
        (Reply(b"", status=401), False, 60 * 60),
        (Reply(b"", status=500), True, 5 * 60),
        (Reply(b"", status=503), True, 5 * 60),
        (Reply(b"User-agent: *\nDisallow: /news/\n"), False, 60 * 60),
    ],
)
def test_robots_outcomes_and_cache_lifetime(
    settings: Settings,
    local_server: LocalServer,
    reply: Reply,
    page_allowed: bool,
    refetch_after: float,
) -> None:
    local_server.routes["/robots.txt"] = reply
    local_server.routes["/news/a"] = Reply(b"ok")
    time = FakeTime()

    async def go(fetcher: Fetcher) -> list[bool]:
        seen = []
        for step in (0.0, refetch_after - 1, 2.0):  # just before and just after expiry
            time.now += step
            try:
                await fetcher.fetch_page(local_server.url("/news/a"))
                seen.append(True)
            except RobotsDisallowed:
                seen.append(False)
        return seen

    assert _run(settings, time, go) == [page_allowed] * 3
    assert _paths(local_server).count("/robots.txt") == 2


def test_unreachable_robots_allows(settings: Settings) -> None:
    # Nothing listens on port 9: robots.txt cannot be read, so the page is tried (and fails
    # with its own connection error, not a robots refusal).
    async def go(fetcher: Fetcher) -> RobotsRules:
        return await fetcher.fetch_robots("http://127.0.0.1:9/news/a")

    assert _run(settings, FakeTime(), go).allows("/news/a")


def test_robots_of_a_blocked_host_is_blocked(settings: Settings) -> None:
    strict = settings.model_copy(update={"allowed_networks": []})

    async def go(fetcher: Fetcher) -> None:
        await fetcher.fetch_page("http://10.0.0.1/news/a")

    with pytest.raises(BlockedAddress):
        _run(strict, FakeTime(), go)


def test_oversized_robots_is_read_up_to_the_cap(
    settings: Settings, local_server: LocalServer
) -> None:
    big = b"User-agent: *\nDisallow: /private/\n" + b"# padding\n" * 100_000  # ~1 MB
    local_server.routes["/robots.txt"] = Reply(big)

    async def go(fetcher: Fetcher) -> RobotsRules:
        return await fetcher.fetch_robots(local_server.url("/"))

    assert not _run(settings, FakeTime(), go).allows("/private/x")


def test_cache_is_bounded() -> None:
    time = FakeTime()
    cache = RobotsCache(time.clock, max_sites=3)

    async def load(origin: str) -> tuple[RobotsRules, float]:
        return RobotsRules.allow_all(), 60.0

    async def go() -> None:
        for n in range(10):
            await cache.get(f"http://site{n}.example:80", load)

    asyncio.run(go())
    assert cache.peek("http://site9.example:80") is not None
    assert cache.peek("http://site0.example:80") is None
    assert len(cache._rules) == 3
