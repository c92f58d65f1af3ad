"""Signed-out readers' pages kept in memory for a short while (a microcache).

Most views come from readers who are not signed in, and their pages are the same for all
of them: an article page is read many times between the changes that alter it. This ASGI
middleware keeps such answers for ``seconds`` and serves them again without routing,
querying or rendering. It is the outermost layer, so what it keeps carries every header
the inner layers added.

What is kept: a ``GET`` under a UI language prefix (``/en/...``), from a request that
carries none of the cookies a page is rendered for (session, form), answered ``200`` with
no ``Set-Cookie``, no ``Vary`` and no ``Cache-Control: private``/``no-store``. Anything
personal therefore passes by: a signed-in reader's pages, forms with a CSRF token, pages
the views mark private.

Freshness: an answer is fresh for ``seconds``; after that the next request gets the kept
copy while one background request renders the page again, for as long as the copy is
younger than ``STALE_FACTOR`` times ``seconds``; older copies are not served. Concurrent
first requests for one page wait for one rendering instead of each rendering it. A change
made through this process's pages that others see drops the pages it shows on
(``forget_pages``): a comment, its edit, deletion or reports the article's or story's page
in every language; a moderator's decision, a ban or a deleted account every page. Changes
from other processes (ingest, workers, the CLI) show within ``seconds``.

Answers carry a strong ``ETag``; a matching ``If-None-Match`` gets ``304``. A kept answer
is sent whole to an ``If-Modified-Since`` alone (``web.http_cache`` answers that one when
the page is rendered): whoever got a kept answer holds its ``ETag`` and sends that.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import zstandard
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.web.middleware.compression import CODED

__all__ = ["MAX_REFRESHING", "STALE_FACTOR", "PageCache", "PageCacheMiddleware", "forget_pages"]

log = logging.getLogger(__name__)

STALE_FACTOR = 10
# Background renders at once: past this, readers keep getting the kept copy a little
# longer. Renders are Python and share one interpreter lock with the event loop serving
# kept pages: with every page stale, 4 at once left 0.15x the bare page's rate for kept
# pages, 2 left 0.42x and 1 0.53x (docs/serving.md); 2 keeps a slow render from holding
# up all the others.
MAX_REFRESHING = 2
_MAX_BODY = 2_000_000  # larger answers pass through unkept
# zstd level 3 packs a page in about 0.2 ms on the event loop; higher levels save little.
_PACK_LEVEL = 3
_SAFE = frozenset({"GET", "HEAD"})
_UNCACHEABLE_HEADERS = frozenset({b"set-cookie", b"vary"})
# A background render is for everyone: no reader's conditions, which could make it a 304.
_CONDITIONS = frozenset({b"if-none-match", b"if-modified-since"})


@dataclass(slots=True)
class _Entry:
    """A kept answer. Its body is kept zstd-compressed (the demo's pages to a quarter of
    their size or less, docs/serving.md), so ``max_bytes`` holds several times as many
    pages; unpacking one costs tens of microseconds."""

    headers: list[tuple[bytes, bytes]]
    packed: bytes
    etag: bytes
    stored: float
    # The body in the codings readers asked for, made by the compression layer on the
    # first request for each (``PageCache.keep_coded``), counted in the entry's size.
    coded: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(
        cls, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes, stored: float
    ) -> _Entry:
        return cls(headers, zstandard.compress(body, _PACK_LEVEL), etag, stored)

    @property
    def body(self) -> bytes:
        return zstandard.decompress(self.packed)

    @property
    def size(self) -> int:
        headers = sum(len(n) + len(v) for n, v in self.headers)
        return len(self.packed) + sum(map(len, self.coded.values())) + headers + 200


class PageCache:
    """The kept pages: least recently used go first past ``max_bytes``. The middleware
    uses it from the event loop and views clear it from their threads, hence the lock."""

    def __init__(
        self,
        *,
        seconds: float,
        max_bytes: int,
        languages: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.languages = tuple(languages)  # the path prefixes a page exists under
        self.clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # Bumped by clear(): a page rendered before a change is not kept after it.
        self.generation = 0
        self._swept = clock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every kept page (after a change this process made)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.generation += 1

    def forget(self, paths: Iterable[str]) -> None:
        """Forget the kept pages at ``paths`` and below them, with any query (after a
        change that shows on those pages alone). Renders under way are not kept either:
        they may have read the store before the change."""
        roots = tuple(paths)
        below = tuple(p + "/" for p in roots) + tuple(p + "?" for p in roots)
        with self._lock:
            for key in [k for k in self._entries if k in roots or k.startswith(below)]:
                self._drop(key)
            self.generation += 1

    def get(self, key: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def store(self, key: str, entry: _Entry, *, generation: int) -> None:
        """Keep ``entry``, unless the cache was cleared since its rendering began."""
        size = entry.size
        with self._lock:
            if size > self.max_bytes or generation != self.generation:
                return
            self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            self._shrink()
            if entry.stored - self._swept >= self.seconds:
                self._sweep(entry.stored)

    def keep_coded(self, key: str, entry: _Entry, coding: str, packed: bytes) -> None:
        """Keep ``packed``, the body of ``entry`` (kept at ``key``) in ``coding``, with it;
        nothing when the entry is no longer kept there."""
        with self._lock:
            if self._entries.get(key) is not entry or coding in entry.coded:
                return
            entry.coded[coding] = packed
            self._bytes += len(packed)
            self._shrink()

    def _shrink(self) -> None:
        """Drop the least recently read entries past ``max_bytes`` (lock held)."""
        while self._bytes > self.max_bytes and self._entries:
            _, oldest = self._entries.popitem(last=False)
            self._bytes -= oldest.size

    def _sweep(self, now: float) -> None:
        """Drop the copies too old to be served (once a cache period, lock held): a page
        nobody read for ``STALE_FACTOR`` times ``seconds`` would otherwise keep its memory
        until the cache is full."""
        self._swept = now
        dead = now - self.seconds * STALE_FACTOR
        for key in [k for k, e in self._entries.items() if e.stored <= dead]:
            self._drop(key)

    def drop(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size


def forget_pages(request: Request, *pages: str) -> None:
    """This request changed what other readers see: forget the kept copies of ``pages``
    (paths without the language, such as ``/article/<id>``) in every language, or every
    kept page when none is named."""
    cache = getattr(request.app.state, "page_cache", None)
    if not isinstance(cache, PageCache):
        return
    if not pages:
        cache.clear()
        return
    cache.forget(f"/{lang}{page}" for lang in cache.languages for page in pages)


class PageCacheMiddleware:
    """ASGI middleware serving and filling a ``PageCache``: see the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: PageCache,
        languages: Iterable[str],
        private_cookies: Iterable[str],
    ) -> None:
        self.app = app
        self.cache = cache
        self._prefixes = tuple(f"/{lang}/" for lang in languages)
        self._cookies = tuple(f"{name}=".encode() for name in private_cookies)
        self._pending: dict[str, asyncio.Future[_Entry | None]] = {}
        self._refreshing: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache
        if scope["type"] != "http" or not cache.enabled or scope["method"] not in _SAFE:
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        cookie = b""
        match = b""
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie += value + b";"
            elif name == b"if-none-match":
                match = value
        path: str = scope["path"]
        if (cookie and any(c in cookie for c in self._cookies)) or not path.startswith(
            self._prefixes
        ):
            await self.app(scope, receive, send)
            return
        query: bytes = scope["query_string"]
        key = f"{path}?{query.decode('latin-1')}" if query else path
        entry = cache.get(key)
        if entry is not None:
            age = cache.clock() - entry.stored
            if age < cache.seconds * STALE_FACTOR:
                if (
                    age >= cache.seconds
                    and key not in self._refreshing
                    and len(self._refreshing) < MAX_REFRESHING
                ):
                    self._refresh(key, scope)
                copies = _Copies(cache, key, entry)
                await _send_entry(entry, send, head=method == "HEAD", match=match, copies=copies)
                return
            cache.drop(key)
        if method == "HEAD":
            await self.app(scope, receive, send)
            return
        waiting = self._pending.get(key)
        if waiting is not None:
            entry = await asyncio.shield(waiting)
            if entry is not None:
                copies = _Copies(cache, key, entry)
                await _send_entry(entry, send, head=False, match=match, copies=copies)
            else:  # the first answer was not for keeping: this reader gets their own
                await self.app(scope, receive, send)
            return
        future: asyncio.Future[_Entry | None] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        entry = None
        try:
            entry = await self._render(key, scope, receive, send, match=match)
        finally:
            del self._pending[key]
            future.set_result(entry)

    async def _render(
        self, key: str, scope: Scope, receive: Receive, send: Send, *, match: bytes
    ) -> _Entry | None:
        """Render through the app; keep and send the answer, or just pass it on."""
        capture = _Capture(send)
        generation = self.cache.generation
        await self.app(scope, receive, capture)
        entry = capture.entry(self.cache.clock())
        if entry is None:
            await capture.release()
            return None
        self.cache.store(key, entry, generation=generation)
        copies = _Copies(self.cache, key, entry)
        await _send_entry(entry, send, head=False, match=match, copies=copies)
        return entry

    def _refresh(self, key: str, scope: Scope) -> None:
        """Render ``key`` again in the background while readers get the kept copy."""
        self._refreshing.add(key)
        fresh = dict(scope)
        fresh["state"] = dict(scope.get("state") or {})
        fresh["headers"] = [(n, v) for n, v in scope["headers"] if n not in _CONDITIONS]

        async def run() -> None:
            try:
                capture = _Capture(None)
                generation = self.cache.generation
                await self.app(fresh, _no_body, capture)
                entry = capture.entry(self.cache.clock())
                if entry is None:  # no longer a page to keep (gone, moved, an error)
                    self.cache.drop(key)
                else:
                    self.cache.store(key, entry, generation=generation)
            except Exception:
                log.exception("refreshing %s", key)
                self.cache.drop(key)
            finally:
                self._refreshing.discard(key)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class _Copies:
    """The ``CodedCopies`` of one kept entry, for the compression layer outside."""

    __slots__ = ("cache", "entry", "key")

    def __init__(self, cache: PageCache, key: str, entry: _Entry) -> None:
        self.cache = cache
        self.key = key
        self.entry = entry

    def get(self, coding: str) -> bytes | None:
        return self.entry.coded.get(coding)

    def keep(self, coding: str, packed: bytes) -> None:
        self.cache.keep_coded(self.key, self.entry, coding, packed)


async def _send_entry(
    entry: _Entry, send: Send, *, head: bool, match: bytes, copies: _Copies | None = None
) -> None:
    if match and entry.etag in (m.strip() for m in match.split(b",")):
        headers = [(n, v) for n, v in entry.headers if n != b"content-length"]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
    if head:
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.body", "body": entry.body, CODED: copies})


class _Capture:
    """An ASGI ``send`` that holds the answer back until it is known whether to keep it;
    past ``_MAX_BODY`` (or once it is known not to be kept) it passes everything on."""

    def __init__(self, send: Send | None) -> None:
        self._send = send
        self._held: list[Message] = []
        self._body: list[bytes] = []
        self._size = 0
        self._start: Message | None = None
        self._complete = False
        self._passing = False

    async def __call__(self, message: Message) -> None:
        if self._passing:
            await self._forward(message)
            return
        self._held.append(message)
        if message["type"] == "http.response.start":
            self._start = message
            if not _keepable(message):
                await self.release()
            return
        if message["type"] != "http.response.body":
            return
        chunk: bytes = message.get("body", b"")
        self._body.append(chunk)
        self._size += len(chunk)
        if not message.get("more_body", False):
            self._complete = True
        elif self._size > _MAX_BODY:
            await self.release()

    async def release(self) -> None:
        """Send on what is held and everything after it."""
        self._passing = True
        held, self._held = self._held, []
        for message in held:
            await self._forward(message)

    async def _forward(self, message: Message) -> None:
        if self._send is not None:
            await self._send(message)

    def entry(self, now: float) -> _Entry | None:
        """The answer as a cache entry, if it is one to keep."""
        if self._passing or not self._complete or self._start is None:
            return None
        body = b"".join(self._body)
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [(n, v) for n, v in self._start.get("headers", []) if n not in (b"etag", b"date")]
        headers.append((b"etag", etag))
        return _Entry.of(headers, body, etag, now)


def _keepable(start: Message) -> bool:
    if start["status"] != 200:
        return False
    for name, value in start.get("headers", []):
        name = name.lower()
        if name in _UNCACHEABLE_HEADERS:
            return False
        if name == b"cache-control" and (b"private" in value or b"no-store" in value):
            return False
    return True
