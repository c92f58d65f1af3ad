"""HTTP fetching through one injected httpx client: bounded, guarded and polite.

``fetch`` is one bounded GET. ``Fetcher`` adds the manners a crawler that runs for months
needs: per-host caps and spacing, robots.txt for article pages, and Retry-After.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass

import httpx

from tidings.config import Settings
from tidings.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RateLimited,
    ResponseTooLarge,
    RobotsDisallowed,
)
from tidings.ingest.content_coding import ContentDecoder
from tidings.ingest.hosts import HostGate, parse_retry_after
from tidings.ingest.net_guard import (
    AddressPolicy,
    Resolver,
    check_redirect,
    check_url,
    guarded_transport,
)
from tidings.ingest.robots import (
    MAX_ROBOTS_BYTES,
    UNREACHABLE_RETRY_SECONDS,
    RobotsCache,
    RobotsRules,
    parse_robots,
    rules_for_status,
)
from tidings.text.charset import body_kind, decode_body

__all__ = ["FEED_ACCEPT", "PAGE_ACCEPT", "FetchResult", "Fetcher", "build_client", "fetch"]

MAX_REDIRECTS = 5
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_PERMANENT = (301, 308)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A response worth processing; ``not_modified`` means 304 and an empty body."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    # The final URL when every redirect hop was 301/308: the caller should update the
    # source's URL. None when there were no redirects or any hop was temporary.
    permanent_redirect: str | None = None

    def decoded(self) -> str:
        """The body as text (charset from header, BOM, declaration, else a guess)."""
        kind = body_kind(self.content_type, self.body)
        return decode_body(self.body, content_type_charset=self.charset, kind=kind)


def build_client(settings: Settings, *, resolver: Resolver | None = None) -> httpx.AsyncClient:
    """The one HTTP client Tidings uses: SSRF-guarded, bounded, identifying itself.

    ``resolver`` replaces DNS (tests). ``trust_env=False`` so that proxy variables cannot
    route requests around the address guard. Each redirect's Location passes the checks
    the first URL passed before it is followed.
    """
    limits = httpx.Limits(max_connections=settings.fetch_concurrency * 2)
    policy = AddressPolicy(settings.allowed_networks)
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate, br"},
        timeout=httpx.Timeout(settings.fetch_timeout, connect=min(10.0, settings.fetch_timeout)),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        event_hooks={"response": [check_redirect]},
        transport=guarded_transport(policy, limits=limits, resolver=resolver),
        trust_env=False,
    )


def _target(url: str) -> httpx.URL:
    """Parse ``url`` after the address guard's checks that need no DNS."""
    check_url(url)
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", url=url) from exc


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    accept: str = "*/*",
    etag: str | None = None,
    last_modified: str | None = None,
    truncate: bool = False,
    timeout: float | None = None,
) -> FetchResult:
    """GET ``url``; raise a ``FetchError`` subclass on any failure.

    ``timeout`` bounds the whole fetch, redirects included, from connect to the last byte
    of the body (default: the client's read timeout, which ``build_client`` sets to
    ``TIDINGS_FETCH_TIMEOUT``), so a server that trickles a byte at a time cannot hold it
    open. The body is decoded (gzip, deflate, br) in bounded pieces and stops at
    ``max_bytes`` of decoded bytes: ``ResponseTooLarge``, or with ``truncate`` the first
    ``max_bytes``. 429 and 503 raise ``RateLimited`` with the Retry-After the server sent.
    """
    _target(url)
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = client.timeout.read if timeout is None else timeout
    try:
        async with asyncio.timeout(limit), client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            moved = None
            if response.history and all(r.status_code in _PERMANENT for r in response.history):
                moved = str(response.url)
            if status == 304:
                return FetchResult(
                    url=str(response.url),
                    status=304,
                    body=b"",
                    content_type="",
                    charset=None,
                    etag=etag,
                    last_modified=last_modified,
                    not_modified=True,
                    permanent_redirect=moved,
                )
            if status in (429, 503):
                wait = parse_retry_after(
                    response.headers.get("Retry-After"), date=response.headers.get("Date")
                )
                raise RateLimited(status, retry_after=wait, url=url)
            if status >= 400:
                raise HTTPStatusError(status, url=url)
            body = await _read_body(response, max_bytes, truncate=truncate, url=url)
            content_type = response.headers.get("Content-Type", "")
            return FetchResult(
                url=str(response.url),
                status=status,
                body=body,
                content_type=content_type.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                permanent_redirect=moved,
            )
    except TimeoutError as exc:
        spent = "" if limit is None else f": took longer than {limit:g} s in all"
        raise FetchTimeout(f"timed out{spent}", url=url) from exc
    except FetchError as exc:
        # Raised by the address guard below httpx, perhaps for a redirect hop: the error
        # names the URL that was asked for.
        exc.url = url
        raise
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"timed out ({type(exc).__name__})", url=url) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", url=url) from exc
    except httpx.UnsupportedProtocol as exc:  # a redirect to file:, ftp: and the like
        raise BlockedAddress(
            f"refusing {_request_url(exc)}: only http and https URLs are fetched", url=url
        ) from exc
    except (httpx.InvalidURL, httpx.StreamError) as exc:
        raise FetchError(f"invalid URL or response: {exc}", url=url) from exc
    except httpx.HTTPError as exc:
        raise FetchError(_describe(exc), url=url) from exc


async def _read_body(
    response: httpx.Response, max_bytes: int, *, truncate: bool, url: str
) -> bytes:
    declared = response.headers.get("Content-Length")
    encoded = response.headers.get("Content-Encoding", "identity").strip().lower()
    identity = encoded in ("", "identity")  # else the length is of compressed bytes
    if not truncate and identity and declared and declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(
            f"body of {declared} bytes is over the {max_bytes} byte cap", url=url
        )
    # httpx's own decoders inflate a whole network read at once (64 KB of gzip can be
    # 64 MB); ours hand out bounded pieces, so the cap holds for the decoded bytes and a
    # compression bomb costs no memory.
    chunks: list[bytes] = []
    size = 0
    async with aclosing(_decoded(response, ContentDecoder(encoded))) as pieces:
        async for piece in pieces:
            if size + len(piece) > max_bytes:
                if not truncate:
                    raise ResponseTooLarge(f"body is over the {max_bytes} byte cap", url=url)
                chunks.append(piece[: max_bytes - size])
                break
            size += len(piece)
            chunks.append(piece)
    return b"".join(chunks)


async def _decoded(
    response: httpx.Response, decoder: ContentDecoder
) -> AsyncGenerator[bytes, None]:
    async for raw in response.aiter_raw():
        # Lazily: one network read of a bomb decodes to a thousand pieces.
        for piece in decoder.feed(raw):
            yield piece
    for piece in decoder.finish():
        yield piece


def _request_url(exc: httpx.RequestError) -> str:
    try:
        return str(exc.request.url)
    except RuntimeError:  # httpx raises this when the error carries no request
        return "a non-HTTP URL"


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {text}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the response: {text}"
    return text


def _host_key(target: httpx.URL) -> str:
    return f"{target.host}:{target.port or (443 if target.scheme == 'https' else 80)}"


class Fetcher:
    """Polite fetching of feeds and pages, sharing one client and one set of host states.

    A host that asked us to wait (429/503 with Retry-After) gets nothing until then:
    a request waits if that is at most a minute away, else raises ``RateLimited`` at once.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.settings = settings
        self.hosts = HostGate(
            per_host=settings.per_host_concurrency,
            total=settings.fetch_concurrency,
            delay=settings.per_host_delay_seconds,
            clock=clock,
            sleep=sleep,
        )
        self.robots = RobotsCache(clock)

    async def fetch_feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch a feed. robots.txt is not consulted: a feed is published to be fetched."""
        return await self._polite(
            url,
            max_bytes=self.settings.max_feed_bytes,
            accept=FEED_ACCEPT,
            etag=etag,
            last_modified=last_modified,
        )

    async def fetch_page(self, url: str) -> FetchResult:
        """Fetch an article page if the site's robots.txt allows Tidings to."""
        target = _target(url)
        rules = await self.fetch_robots(url)
        path = target.raw_path.decode("ascii")
        if not rules.allows(path):
            raise RobotsDisallowed(f"robots.txt does not allow Tidings to fetch {path}", url=url)
        return await self._polite(url, max_bytes=self.settings.max_page_bytes, accept=PAGE_ACCEPT)

    async def fetch_robots(self, url: str) -> RobotsRules:
        """The robots.txt rules for ``url``'s site, from cache or fetched."""
        target = _target(url)
        rules = await self.robots.get(f"{target.scheme}://{_host_key(target)}", self._load_robots)
        # Set on every use: the host's state may have been evicted since robots.txt came.
        self.hosts.set_crawl_delay(_host_key(target), rules.crawl_delay)
        return rules

    async def _load_robots(self, origin: str) -> tuple[RobotsRules, float]:
        fresh = self.settings.robots_cache_minutes * 60
        soon = min(UNREACHABLE_RETRY_SECONDS, fresh)
        try:
            result = await self._polite(
                f"{origin}/robots.txt",
                max_bytes=MAX_ROBOTS_BYTES,
                accept="text/plain, */*;q=0.5",
                truncate=True,  # RFC 9309: parse what fits, do not fail on a big file
            )
        except HTTPStatusError as exc:
            rules, retry_soon = rules_for_status(exc.status)
            return rules, soon if retry_soon else fresh
        except BlockedAddress:
            raise
        except FetchError:  # timeout, connection refused: allow, but look again soon
            return RobotsRules.allow_all(), soon
        return parse_robots(result.decoded()), fresh

    async def _polite(
        self,
        url: str,
        *,
        max_bytes: int,
        accept: str,
        etag: str | None = None,
        last_modified: str | None = None,
        truncate: bool = False,
    ) -> FetchResult:
        host = _host_key(_target(url))
        async with self.hosts.slot(host, url=url):
            try:
                return await fetch(
                    self.client,
                    url,
                    max_bytes=max_bytes,
                    accept=accept,
                    etag=etag,
                    last_modified=last_modified,
                    truncate=truncate,
                    timeout=self.settings.fetch_timeout,
                )
            except RateLimited as exc:
                if exc.retry_after is not None:
                    self.hosts.back_off(host, exc.status, exc.retry_after)
                raise
