"""What browsers and shared caches are told about keeping our answers.

- ``Last-Modified``: views that know when their content last changed say so (an article:
  modified or published; a list and its feeds: the newest item). Where that time covers
  the whole answer (feeds and topic lists, whose body is their items), an
  ``If-Modified-Since`` at or after it gets ``304`` before the page is rendered. The
  article page sends the time but not the ``304``: its comments and related articles
  change without the article changing, and its ``ETag`` covers them.
- ``Cache-Control`` (``CacheHeaders``): a feed (``feed.xml``, ``atom.xml``, ``feed.json``)
  under a UI language prefix, answered ``200``
  or ``304`` to a request without the session or form cookie and carrying no
  ``Set-Cookie``, ``Vary`` or ``Cache-Control`` of its own, is public for as long as the
  page cache keeps it fresh, and may be served stale while revalidating for as long as
  the page cache serves it stale. An HTML page answered so is ``public, no-cache``: the
  same address shows a reader's own page once they sign in, so a browser must ask again
  each time (a ``304`` by its ``ETag`` when nothing changed) rather than show the
  signed-out copy it kept. Signed-in readers' answers are ``private, no-cache``
  (``accounts.PrivateWhenSignedIn``). A static file asked for at its address
  (``StaticAddresses``: ``?v=`` a digest of the file's bytes) is immutable for a year: when
  the bytes change, so does the address. Any other static request (an old digest, the
  icons the manifest names without one) is kept for an hour, then revalidated by its
  ``ETag``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.models import Article
from tidings.web.accounts import SESSION_COOKIE

__all__ = [
    "CacheHeaders",
    "StaticAddresses",
    "http_date",
    "newest_change",
    "not_modified",
    "stamp",
]

_R = TypeVar("_R", bound=Response)
_YEAR = 365 * 24 * 3600
_STATIC_SHORT = 3600
_OWN_RULES = frozenset({b"cache-control", b"set-cookie", b"vary"})
# A signed-out page: anyone may keep it, nobody may show it again without asking.
_PAGE = b"public, no-cache"
# The files each list is also served as (``web.feeds_out``): the same for every reader.
_FEED_FILES = ("/feed.xml", "/atom.xml", "/feed.json")


def http_date(moment: datetime) -> str:
    """``moment`` as an HTTP date (``Tue, 15 Nov 1994 08:12:31 GMT``)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _seconds(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def newest_change(articles: Sequence[Article]) -> datetime | None:
    """When a list of articles last changed: its newest listing or modification."""
    times = [t for a in articles for t in (a.sort_time, a.modified) if t is not None]
    return max(times, default=None)


def not_modified(request: Request, changed: datetime | None) -> Response | None:
    """A ``304`` when the reader's copy is as new as ``changed``; None otherwise (and
    always when the request names an ``ETag``, which takes precedence, or comes from a
    signed-in reader, whose page also shows what they follow, which no article's time
    tells)."""
    asked = request.headers.get("if-modified-since")
    if changed is None or not asked or "if-none-match" in request.headers:
        return None
    if SESSION_COOKIE in request.cookies:
        return None
    try:
        since = parsedate_to_datetime(asked)
    except (TypeError, ValueError):
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if _seconds(changed) > since:
        return None
    return Response(status_code=304, headers={"Last-Modified": http_date(changed)})


def stamp(response: _R, changed: datetime | None) -> _R:
    """``response`` with ``Last-Modified`` when ``changed`` is known."""
    if changed is not None:
        response.headers["Last-Modified"] = http_date(changed)
    return response


class StaticAddresses:
    """The address of each file under ``static/``: its path with ``?v=`` the first 12 hex
    digits of the SHA-256 of its bytes, read once when the app is built. Every process and
    machine serving the same files gives the same addresses; a changed file gets a new one
    (a server already running gives it at its next start)."""

    def __init__(self, directory: Path) -> None:
        self._digests = {
            path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[
                :12
            ]
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }

    def url(self, name: str) -> str:
        """``/static/<name>?v=<digest>``; a name with no file is a KeyError (a template's
        mistake, found by the first render)."""
        return f"/static/{name}?v={self._digests[name]}"

    def current(self, name: str, version: str | None) -> bool:
        """Whether ``version`` is the digest of ``name`` as served now."""
        return version is not None and self._digests.get(name) == version


class CacheHeaders:
    """ASGI middleware adding ``Cache-Control`` as the module docstring says."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        seconds: float,
        stale_factor: int,
        languages: Iterable[str],
        private_cookies: Iterable[str],
        static: StaticAddresses,
    ) -> None:
        self.app = app
        fresh = int(seconds)
        if fresh > 0:
            stale = fresh * (stale_factor - 1)
            self._public = f"public, max-age={fresh}, stale-while-revalidate={stale}".encode()
        else:
            self._public = b"public, no-cache"
        self._prefixes = tuple(f"/{lang}/" for lang in languages)
        self._cookies = tuple(f"{name}=".encode() for name in private_cookies)
        self._static_addresses = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/static/"):
            value = self._static(path.removeprefix("/static/"), scope)
        elif path.startswith(self._prefixes) and not self._personal(scope):
            # By address, so that a 304 (no body, maybe no type) carries the same rule.
            value = self._public if path.endswith(_FEED_FILES) else _PAGE
        else:
            await self.app(scope, receive, send)
            return

        async def send_with_rule(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = message.get("headers", [])
                if not any(name.lower() in _OWN_RULES for name, _ in headers):
                    message["headers"] = [*headers, (b"cache-control", value)]
            await send(message)

        await self.app(scope, receive, send_with_rule)

    def _personal(self, scope: Scope) -> bool:
        cookie = b";".join(v for k, v in scope["headers"] if k == b"cookie")
        return any(c in cookie for c in self._cookies)

    def _static(self, name: str, scope: Scope) -> bytes:
        versions = parse_qs(scope["query_string"].decode("latin-1")).get("v", [])
        if len(versions) == 1 and self._static_addresses.current(name, versions[0]):
            return f"public, max-age={_YEAR}, immutable".encode()
        return f"public, max-age={_STATIC_SHORT}".encode()
