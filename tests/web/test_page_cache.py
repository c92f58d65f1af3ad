"""The page cache (issue #6, point 9): signed-out readers' pages kept for a while, never a
signed-in reader's, forgotten when a comment or a moderator changes a page, renewed in the
background once stale. The site's own pages on a real SQLite store, and the middleware on
its own around small ASGI apps for what a site cannot easily be made to do."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.types import Receive, Scope, Send

from tests.readers import NOW, PASSWORD, QUICK
from tests.web.test_comments import Site, _posted_id, _token, make_site
from tidings.accounts.credentials import PasswordHasher
from tidings.config import Settings
from tidings.store import SqlRepository
from tidings.store.schema import articles
from tidings.web import create_app
from tidings.web.middleware import compression
from tidings.web.middleware.page_cache import (
    MAX_REFRESHING,
    STALE_FACTOR,
    PageCache,
    PageCacheMiddleware,
)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> Site:
    """Two articles of one outlet, as in the comments' tests."""
    return make_site(settings, sqlite_repository)


@contextmanager
def _site_client(site: Site, **changes: object) -> Iterator[tuple[TestClient, Ticks]]:
    """One app (one cache) for every client of the test, with a movable cache clock."""
    app = create_app(
        site.app_settings.model_copy(update=changes), repository=site.repo, clock=site.clock
    )
    app.state.password_hasher = PasswordHasher(QUICK)
    ticks = Ticks()
    app.state.page_cache.clock = ticks
    with TestClient(app, follow_redirects=False) as client:
        yield client, ticks


def _signed_in(client: TestClient, site: Site, name: str) -> TestClient:
    """Another browser on the same site (the same cache), signed in as a new reader."""
    site.repo.accounts.create_user(name, QUICK.hash(PASSWORD), now=NOW - timedelta(days=3))
    browser = TestClient(client.app, follow_redirects=False)
    form = _token(browser.get("/en/signin").text)
    done = browser.post(
        "/en/signin", data={"csrf_token": form, "username": name, "password": PASSWORD}
    )
    assert done.status_code == 303, done.text
    return browser


def _retitle(site: Site, title: str) -> None:
    """Change the article behind the cache's back, as another process would."""
    with site.repo.engine.begin() as conn:
        conn.execute(update(articles).where(articles.c.id == site.article).values(title=title))


def _until(check: Callable[[], bool]) -> bool:
    """Whether ``check`` comes true while the background render finishes (a few seconds)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_signed_out_pages_are_kept_then_renewed_in_the_background(site: Site) -> None:
    with _site_client(site) as (client, ticks):
        first = client.get(site.page())
        assert first.status_code == 200 and "Bridge news 1" in first.text
        # weak: the test client accepts br, and a compressed copy's tag is the page's, weak
        assert first.headers["etag"].startswith('W/"') and "set-cookie" not in first.headers
        for header in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert header in first.headers  # kept pages carry every header
        _retitle(site, "Renamed by another process")
        kept = client.get(site.page())
        assert kept.text == first.text and kept.headers["etag"] == first.headers["etag"]
        ticks.now += 61  # stale: the kept copy once more, while it renders again
        assert client.get(site.page()).text == first.text
        assert _until(lambda: "Renamed by another process" in client.get(site.page()).text)
        # Past ten times the cache time a copy is not served: the page renders at once.
        _retitle(site, "Renamed again")
        ticks.now += 60 * STALE_FACTOR + 1
        assert "Renamed again" in client.get(site.page()).text


def test_conditional_and_head_requests(site: Site) -> None:
    with _site_client(site) as (client, _):
        page = client.get(site.page())
        etag = page.headers["etag"]
        same = client.get(site.page(), headers={"If-None-Match": etag})
        assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
        other = client.get(site.page(), headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.text == page.text
        head = client.head(site.page())
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(page.content))


def test_signed_in_readers_get_their_own_pages(site: Site) -> None:
    with _site_client(site) as (anonymous, _):
        anonymous.get(site.page())
        ada = _signed_in(anonymous, site, "ada")
        signed_in = ada.get(site.page())
        assert "Sign in to comment" not in signed_in.text and 'name="body"' in signed_in.text
        assert "private" in signed_in.headers["cache-control"]
        _retitle(site, "Renamed")
        assert "Renamed" in ada.get(site.page()).text  # rendered for her, never kept
        assert "Renamed" not in anonymous.get(site.page()).text


def test_a_comment_shows_to_signed_out_readers_at_once(site: Site) -> None:
    with _site_client(site) as (anonymous, _):
        before = anonymous.get(site.page()).text
        assert "No comments yet" in before
        ada = _signed_in(anonymous, site, "ada")
        form = {"csrf_token": _token(ada.get("/en/account").text), "kind": "article",
                "target": site.article, "body": "A word on the bridge"}  # fmt: skip
        comment = _posted_id(ada.post("/en/comments", data=form))
        after = anonymous.get(site.page()).text
        assert f'id="comment-{comment}"' in after and "A word on the bridge" in after


def test_a_comment_forgets_the_pages_it_shows_on_and_keeps_the_others(site: Site) -> None:
    with _site_client(site) as (anonymous, _):
        other, home = site.page(site.other), "/en/"
        german = site.page().replace("/en/", "/de/", 1)
        kept = {path: anonymous.get(path).text for path in (other, home, german)}
        _retitle(site, "Renamed by another process")  # what a render now would show
        ada = _signed_in(anonymous, site, "ada")
        form = {"csrf_token": _token(ada.get("/en/account").text), "kind": "article",
                "target": site.article, "body": "A word on the bridge"}  # fmt: skip
        comment = _posted_id(ada.post("/en/comments", data=form))
        # The commented article's page, in every language, shows the comment ...
        assert f'id="comment-{comment}"' in anonymous.get(german).text
        # ... while every other kept page is served as kept, not rendered again.
        assert anonymous.get(other).text == kept[other]
        assert anonymous.get(home).text == kept[home]


def test_forget_drops_a_page_below_it_and_its_queries_only() -> None:
    cache = PageCache(seconds=60, max_bytes=1_000_000, languages=("en", "de"))
    inner = Counting()
    app = PageCacheMiddleware(inner, cache=cache, languages=("en", "de"), private_cookies=())
    paths = ["/en/article/a1", "/de/article/a1", "/en/article/a1/ask", "/en/article/a1?x=1",
             "/en/article/a12", "/en/story/a1", "/en/"]  # fmt: skip

    async def run() -> None:
        async with _client(app) as client:
            for path in paths:
                await client.get(path)

    asyncio.run(run())
    cache.forget(f"/{lang}/article/a1" for lang in cache.languages)
    assert sorted(k for k in paths if cache.get(k) is not None) == [
        "/en/", "/en/article/a12", "/en/story/a1"
    ]  # fmt: skip


def test_pages_setting_cookies_errors_and_other_queries(site: Site) -> None:
    with _site_client(site) as (client, _):
        # The sign-in page sets the cookie its form token signs: each reader gets their own.
        first, second = client.get("/en/signin"), client.get("/en/signin")
        assert "set-cookie" in first.headers
        client.cookies.clear()
        third = client.get("/en/signin")
        assert "set-cookie" in third.headers and third.text != first.text
        assert second.status_code == 200  # the reader with the cookie: not from the cache
        missing = "/en/article/" + "0" * 32
        assert client.get(missing).status_code == 404
        assert client.get(missing).status_code == 404
        assert len(client.app.state.page_cache) == 0  # type: ignore[attr-defined]
        # Each query is its own page (for a reader without the form's cookie).
        client.cookies.clear()
        one = client.get("/en/latest")
        two = client.get("/en/latest?lang=en")
        assert one.status_code == two.status_code == 200
        assert len(client.app.state.page_cache) == 2  # type: ignore[attr-defined]


def test_zero_seconds_turns_the_cache_off(site: Site) -> None:
    with _site_client(site, page_cache_seconds=0) as (client, _):
        client.get(site.page())
        _retitle(site, "Renamed")
        assert "Renamed" in client.get(site.page()).text
        assert "etag" not in client.get(site.page()).headers


# The middleware alone, around small ASGI apps.


class Counting:
    """An ASGI app answering ``/en/...`` after ``delay`` seconds; counts its renders."""

    def __init__(
        self, *, delay: float = 0.0, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        self.delay = delay
        self.headers = headers or []
        self.renders = 0
        self.running = 0
        self.most_running = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        self.renders += 1
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            await asyncio.sleep(self.delay)
            body = f"{scope['path']} render {self.renders}".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/plain"), *self.headers],
                }
            )
            # In two parts, as a streamed answer would come.
            await send({"type": "http.response.body", "body": body[:3], "more_body": True})
            await send({"type": "http.response.body", "body": body[3:]})
        finally:
            self.running -= 1


def _wrap(inner: Counting, **options: object) -> tuple[PageCacheMiddleware, PageCache, Ticks]:
    ticks = Ticks()
    cache = PageCache(
        seconds=float(options.get("seconds", 60)),
        max_bytes=int(options.get("max_bytes", 1_000_000)),  # type: ignore[call-overload]
        clock=ticks,
    )
    app = PageCacheMiddleware(inner, cache=cache, languages=("en",), private_cookies=("s",))
    return app, cache, ticks


def _client(app: PageCacheMiddleware) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


def test_concurrent_first_views_render_once() -> None:
    inner = Counting(delay=0.05)
    app, _, _ = _wrap(inner)

    async def many() -> list[httpx.Response]:
        async with _client(app) as client:
            return await asyncio.gather(*(client.get("/en/page") for _ in range(10)))

    answers = asyncio.run(many())
    assert inner.renders == 1
    assert {a.text for a in answers} == {"/en/page render 1"}


def test_background_renders_are_capped() -> None:
    inner = Counting(delay=0.05)
    app, _, ticks = _wrap(inner)
    paths = [f"/en/p{n}" for n in range(3 * MAX_REFRESHING)]

    async def run() -> None:
        async with _client(app) as client:
            for path in paths:
                await client.get(path)
            ticks.now += 61
            stale = await asyncio.gather(*(client.get(p) for p in paths))
            assert all("render" in a.text for a in stale)
            while app._tasks:
                await asyncio.sleep(0.01)

    asyncio.run(run())
    assert inner.most_running <= MAX_REFRESHING
    assert inner.renders == len(paths) + MAX_REFRESHING  # the rest wait for a later reader


@pytest.mark.parametrize(
    "headers",
    [
        [(b"set-cookie", b"a=b")],
        [(b"vary", b"accept-language")],
        [(b"cache-control", b"private, no-cache")],
        [(b"cache-control", b"no-store")],
    ],
)
def test_personal_answers_are_not_kept(headers: list[tuple[bytes, bytes]]) -> None:
    inner = Counting(headers=headers)
    app, cache, _ = _wrap(inner)

    async def twice() -> list[str]:
        async with _client(app) as client:
            return [(await client.get("/en/x")).text for _ in range(2)]

    assert asyncio.run(twice()) == ["/en/x render 1", "/en/x render 2"]
    assert len(cache) == 0


def test_private_cookies_other_paths_and_posts_pass_by() -> None:
    inner = Counting()
    app, cache, _ = _wrap(inner)

    async def run() -> None:
        async with _client(app) as client:
            await client.get("/en/x", headers={"Cookie": "theme=dark; s=token"})
            await client.get("/static/app.js")
            await client.post("/en/x")
            assert len(cache) == 0
            await client.get("/en/x", headers={"Cookie": "theme=dark"})  # not one of ours
            assert len(cache) == 1

    asyncio.run(run())


def test_memory_is_bounded_least_recently_read_first() -> None:
    inner = Counting()
    app, cache, _ = _wrap(inner, max_bytes=1_000)  # room for three or four small answers

    async def run() -> None:
        async with _client(app) as client:
            for n in range(20):
                await client.get(f"/en/p{n}")
                await client.get("/en/p0")  # read often: stays

    asyncio.run(run())
    assert 1 <= len(cache) <= 5
    assert cache.get("/en/p0") is not None and cache.get("/en/p1") is None


def test_pages_are_kept_packed_and_served_whole() -> None:
    page = b"<article><p>" + b"The bridge stays closed for six weeks. " * 1500 + b"</p></article>"

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/html"), (b"content-length", str(len(page)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": page})

    cache = PageCache(seconds=60, max_bytes=len(page) // 4)  # a quarter of the page
    app = PageCacheMiddleware(inner, cache=cache, languages=("en",), private_cookies=())

    async def run() -> list[bytes]:
        async with _client(app) as client:
            return [(await client.get("/en/long")).content for _ in range(2)]

    assert asyncio.run(run()) == [page, page]
    entry = cache.get("/en/long")
    assert entry is not None and entry.size < len(page) // 4 and entry.body == page


def test_a_kept_page_keeps_its_compressed_copies_and_they_go_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each coding of a kept page is made once and kept with the page, counted in the
    cache's bytes, not in the compression layer's own store (which, filled with copies of
    pages already rendered anew, made the soak's memory climb, #15)."""
    page = b"<p>" + b"The bridge stays closed for at least six weeks. " * 400 + b"</p>"
    made: list[str] = []
    real = compression._compress

    def counted(coding: str, body: bytes) -> bytes:
        made.append(coding)
        return real(coding, body)

    monkeypatch.setattr(compression, "_compress", counted)

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": page})

    cache = PageCache(seconds=60, max_bytes=1_000_000)
    kept = PageCacheMiddleware(inner, cache=cache, languages=("en",), private_cookies=())
    app = compression.Compression(kept)

    async def run() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as client:
            return [
                await client.get("/en/bridge", headers={"Accept-Encoding": coding})
                for coding in ("br", "br", "gzip", "br", "gzip", "identity")
            ]

    answers = asyncio.run(run())
    assert [a.headers.get("content-encoding") for a in answers] == [
        *("br", "br", "gzip", "br", "gzip"),
        None,
    ]
    assert {a.content for a in answers} == {page}  # httpx decodes br and gzip
    assert made == ["br", "gzip"]
    entry = cache.get("/en/bridge")
    assert entry is not None and set(entry.coded) == {"br", "gzip"}
    assert cache._bytes == entry.size > len(entry.packed) + len(entry.coded["br"])
    assert app._kept._bytes == 0
    cache.keep_coded("/en/other", entry, "zstd", b"x" * 100)  # not kept there: not counted
    assert "zstd" not in entry.coded and cache._bytes == entry.size
    cache.drop("/en/bridge")
    assert cache._bytes == 0


def test_copies_too_old_to_serve_are_swept_out() -> None:
    inner = Counting()
    app, cache, ticks = _wrap(inner, seconds=60)
    cache._swept = ticks.now  # the cache was made on this clock

    async def get(path: str) -> None:
        async with _client(app) as client:
            await client.get(path)

    asyncio.run(get("/en/read-once"))
    ticks.now += 60 * STALE_FACTOR - 1
    asyncio.run(get("/en/read-later"))  # a sweep: the first is old, not yet too old
    assert cache.get("/en/read-once") is not None
    ticks.now += 61
    asyncio.run(get("/en/read-last"))  # past ten times the cache time: gone
    assert cache.get("/en/read-once") is None
    assert cache.get("/en/read-later") is not None and len(cache) == 2


def test_a_clear_during_a_render_keeps_the_old_render_out() -> None:
    inner = Counting(delay=0.05)
    app, cache, _ = _wrap(inner)

    async def run() -> None:
        async with _client(app) as client:
            pending = asyncio.ensure_future(client.get("/en/x"))
            await asyncio.sleep(0.01)
            cache.clear()  # a comment was posted while the page rendered
            assert (await pending).status_code == 200
            assert len(cache) == 0

    asyncio.run(run())


def test_the_thread_pool_has_the_configured_size(site: Site) -> None:
    with _site_client(site, web_threads=3) as (client, _):
        tokens = client.portal.call(  # type: ignore[union-attr]
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == 3
