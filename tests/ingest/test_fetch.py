"""Fetching over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

import brotli
import pytest

from tests.localserver import LocalServer, Reply, Route, trickle
from tidings.config import Settings
from tidings.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RateLimited,
    ResponseTooLarge,
)
from tidings.ingest.fetch import Fetcher, FetchResult, build_client, fetch


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


def _get(settings: Settings, url: str, **kwargs: object) -> FetchResult:
    async def go() -> FetchResult:
        async with build_client(settings) as client:
            return await fetch(client, url, **{"max_bytes": 1000, **kwargs})  # type: ignore[arg-type]

    return asyncio.run(go())


def test_body_headers_and_user_agent(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/feed"] = Reply(
        gzip.compress(b"<rss/>"),
        headers={
            "Content-Type": "application/rss+xml; charset=ISO-8859-1",
            "Content-Encoding": "gzip",
            "ETag": '"abc"',
            "Last-Modified": "Tue, 17 Nov 2026 08:00:00 GMT",
        },
    )
    result = _get(settings, local_server.url("/feed"))
    assert result.body == b"<rss/>"
    assert result.content_type == "application/rss+xml"
    assert result.charset is not None and result.charset.lower() == "iso-8859-1"
    assert (result.etag, result.last_modified) == ('"abc"', "Tue, 17 Nov 2026 08:00:00 GMT")
    user_agent = local_server.requests[0][2]["User-Agent"]
    assert user_agent.startswith("Tidings/") and settings.contact_url in user_agent


def test_conditional_get(settings: Settings, local_server: LocalServer) -> None:
    def handler(request: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("If-None-Match") == '"v2"':
            return Reply(status=304)
        return Reply(b"fresh", headers={"ETag": '"v2"'})

    local_server.routes["/feed"] = handler
    assert _get(settings, local_server.url("/feed")).body == b"fresh"
    result = _get(settings, local_server.url("/feed"), etag='"v2"', last_modified="x")
    assert result.not_modified and result.status == 304 and result.etag == '"v2"'


def test_errors_are_typed(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/gone"] = Reply(b"no", status=410)
    local_server.routes["/big"] = Reply(b"x" * 5000)
    local_server.routes["/slow"] = Reply(b"late", delay=1.5)
    for n in range(8):
        local_server.routes[f"/r{n}"] = Reply(status=302, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(HTTPStatusError) as gone:
        _get(settings, local_server.url("/gone"))
    assert gone.value.status == 410 and str(gone.value) == "HTTP 410"
    with pytest.raises(ResponseTooLarge, match="1000 byte cap"):
        _get(settings, local_server.url("/big"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        _get(settings, local_server.url("/r0"))
    with pytest.raises(FetchTimeout):
        _get(settings.model_copy(update={"fetch_timeout": 0.5}), local_server.url("/slow"))
    with pytest.raises(FetchError, match="cannot connect"):
        _get(settings, "http://127.0.0.1:9/nothing-listens-here")


def test_size_cap_without_content_length(settings: Settings, local_server: LocalServer) -> None:
    def endless(request: BaseHTTPRequestHandler) -> None:
        # No Content-Length: the cap has to stop the stream itself.
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        request.close_connection = True
        try:
            for _ in range(200):
                request.wfile.write(b"y" * 1000)
        except (BrokenPipeError, ConnectionResetError):
            pass

    local_server.routes["/endless"] = endless
    with pytest.raises(ResponseTooLarge):
        _get(settings, local_server.url("/endless"))


def test_permanent_redirects_are_reported(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/old"] = Reply(status=301, headers={"Location": "/older"})
    local_server.routes["/older"] = Reply(status=308, headers={"Location": "/feed"})
    local_server.routes["/moved"] = Reply(status=301, headers={"Location": "/temp"})
    local_server.routes["/temp"] = Reply(status=302, headers={"Location": "/feed"})
    local_server.routes["/feed"] = Reply(b"<rss/>")
    assert _get(settings, local_server.url("/old")).permanent_redirect == local_server.url("/feed")
    assert _get(settings, local_server.url("/moved")).permanent_redirect is None
    assert _get(settings, local_server.url("/feed")).permanent_redirect is None


@pytest.mark.parametrize(
    ("status", "header", "expected"),
    [
        (429, "120", 120.0),
        (503, "0", 0.0),
        (503, None, None),
        (429, "soon", None),
        (429, "99999999", 6 * 3600.0),
    ],
)
def test_rate_limits_carry_retry_after(
    settings: Settings,
    local_server: LocalServer,
    status: int,
    header: str | None,
    expected: float | None,
) -> None:
    local_server.routes["/busy"] = Reply(
        b"slow down", status=status, headers={"Retry-After": header} if header else {}
    )
    with pytest.raises(RateLimited) as limited:
        _get(settings, local_server.url("/busy"))
    assert limited.value.status == status and limited.value.retry_after == expected


def test_retry_after_as_http_date(settings: Settings, local_server: LocalServer) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    local_server.routes["/busy"] = Reply(status=429, headers={"Retry-After": later})
    with pytest.raises(RateLimited) as limited:
        _get(settings, local_server.url("/busy"))
    assert limited.value.retry_after is not None and 100 < limited.value.retry_after <= 121


def _gzip_bomb() -> Route:
    """An endless gzip stream of zeros: 1 GiB of body in about 1 MB on the wire."""
    # Full flushes reset the compressor, so after the first 1 MiB block every block
    # compresses to the same bytes: the bomb costs nothing to build, and it has no end.
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert len(again) < 2000

    def serve(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Encoding", "gzip")
        request.end_headers()
        request.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(first)
            for _ in range(1023):
                request.wfile.write(again)

    return serve


def test_gzip_bomb_stops_at_the_decoded_cap_in_little_memory(
    settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/bomb"] = _gzip_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge, match="10000000 byte cap"):
            _get(settings, local_server.url("/bomb"), max_bytes=10_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_brotli_bomb_stops_at_the_decoded_cap(
    settings: Settings, local_server: LocalServer
) -> None:
    bomb = brotli.compress(bytes(256 << 20), quality=1)  # 256 MiB of zeros in ~50 KB
    local_server.routes["/bomb"] = Reply(bomb, headers={"Content-Encoding": "br"})
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge):
            _get(settings, local_server.url("/bomb"), max_bytes=5_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # raw, as some servers send
        ("br", brotli.compress),
        ("gzip", lambda data: gzip.compress(data[:5]) + gzip.compress(data[5:])),  # 2 members
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
        ("identity", lambda data: data),
        ("x-unknown", lambda data: data),
    ],
)
def test_content_codings(
    settings: Settings,
    local_server: LocalServer,
    encoding: str,
    encode: Callable[[bytes], bytes],
) -> None:
    text = b"<html><p>" + b"news " * 2000 + b"</p></html>"
    local_server.routes["/page"] = Reply(encode(text), headers={"Content-Encoding": encoding})
    assert _get(settings, local_server.url("/page"), max_bytes=100_000).body == text


def test_corrupt_gzip_is_a_fetch_error(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/bad"] = Reply(b"\x1f\x8bnot gzip", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="cannot decode"):
        _get(settings, local_server.url("/bad"))


def test_truncate_keeps_what_fits(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/big"] = Reply(
        gzip.compress(b"z" * 5000), headers={"Content-Encoding": "gzip"}
    )
    assert _get(settings, local_server.url("/big"), truncate=True).body == b"z" * 1000


def test_broken_connection_is_a_fetch_error(settings: Settings, local_server: LocalServer) -> None:
    def cut(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        request.wfile.write(b"only a little")
        request.close_connection = True

    local_server.routes["/cut"] = cut
    with pytest.raises(FetchError):
        _get(settings, local_server.url("/cut"))


def test_bad_urls_are_fetch_errors(settings: Settings) -> None:
    for url in ("http://[::1", "http://", "not a url", "http://exa mple.com/"):
        with pytest.raises(FetchError):
            _get(settings, url)


def test_decoded_text(settings: Settings, local_server: LocalServer) -> None:
    local_server.routes["/latin"] = Reply(
        "<p>café – “quoted”</p>".encode("cp1252"), headers={"Content-Type": "text/html"}
    )
    local_server.routes["/declared"] = Reply(
        '<?xml version="1.0" encoding="iso-8859-7"?><rss>Καλημέρα</rss>'.encode("iso-8859-7"),
        headers={"Content-Type": "application/rss+xml"},
    )
    assert _get(settings, local_server.url("/latin")).decoded() == "<p>café – “quoted”</p>"
    assert "Καλημέρα" in _get(settings, local_server.url("/declared")).decoded()


# Far above the 1 s deadline, far below the 200 s the trickle lasts: a fetch still running
# when it fires has no total deadline.
_WATCHDOG = 15.0


@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_trickling_body_stops_at_the_total_deadline(
    settings: Settings, local_server: LocalServer, kind: str
) -> None:
    local_server.routes["/feed"] = trickle("application/rss+xml")
    local_server.routes["/page"] = trickle("text/html")
    settings = settings.model_copy(update={"fetch_timeout": 1.0})

    async def go() -> FetchResult:
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings)
            if kind == "feed":
                return await fetcher.fetch_feed(local_server.url("/feed"))
            return await fetcher.fetch_page(local_server.url("/page"))

    async def watched() -> FetchResult:
        return await asyncio.wait_for(go(), _WATCHDOG)  # a TimeoutError fails the test

    with pytest.raises(FetchTimeout, match="took longer than 1 s in all") as late:
        asyncio.run(watched())
    assert late.value.url == local_server.url(f"/{kind}")
