"""Fetching over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
from http.server import BaseHTTPRequestHandler

import pytest

from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.errors import FetchError, FetchTimeout, HTTPStatusError, ResponseTooLarge
from tidings.ingest import FetchResult, build_client, fetch


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
