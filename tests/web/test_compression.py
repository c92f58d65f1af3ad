"""Compressed answers over real HTTP: br, zstd and gzip, Vary, weak ETags, 304s, streaming."""

from __future__ import annotations

import threading
import zlib
from collections.abc import AsyncIterator, Callable, Iterator

import anyio.to_thread
import brotli  # type: ignore[import-untyped]
import httpx
import pytest
import zstandard
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.web import create_app
from tidings.web.middleware.compression import Compression, choose_coding


def _decode(coding: str, raw: bytes) -> bytes:
    if coding == "br":
        return bytes(brotli.decompress(raw))
    if coding == "zstd":
        return bytes(zstandard.ZstdDecompressor().decompressobj().decompress(raw))
    return zlib.decompress(raw, 31)


def _raw(client: httpx.Client, path: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The answer and its body exactly as it came over the wire."""
    with client.stream("GET", path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.fixture(scope="module")
def site(demo: DemoSite) -> Iterator[httpx.Client]:
    with (
        ThreadedServer(create_app(demo.settings, repository=demo.repository)) as server,
        httpx.Client(base_url=server.base) as client,
    ):
        yield client


def _paths(demo: DemoSite) -> list[str]:
    article = demo.repository.articles.latest_articles(limit=1)[0]
    return [
        "/en/",
        f"/en/article/{article.id}",
        "/en/latest/feed.xml",
        "/en/latest/feed.json",
        "/static/style.css",
    ]


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip"])
def test_pages_feeds_and_styles_come_compressed_as_asked(
    site: httpx.Client, demo: DemoSite, coding: str
) -> None:
    for path in _paths(demo):
        plain, plain_body = _raw(site, path, **{"Accept-Encoding": "identity"})
        assert plain.status_code == 200, path
        assert "content-encoding" not in plain.headers, path
        assert "accept-encoding" in plain.headers["vary"].lower(), path
        packed, raw = _raw(site, path, **{"Accept-Encoding": coding})
        assert packed.headers["content-encoding"] == coding, path
        assert "accept-encoding" in packed.headers["vary"].lower(), path
        assert int(packed.headers["content-length"]) == len(raw) < len(plain_body) / 2, path
        assert _decode(coding, raw) == plain_body, path
        # the same content in other bytes: the plain answer's tag, weak
        assert packed.headers["etag"] == "W/" + plain.headers["etag"], path
        assert packed.headers.get("cache-control") == plain.headers.get("cache-control"), path


def test_a_compressed_copy_is_revalidated_by_its_weak_etag(
    site: httpx.Client, demo: DemoSite
) -> None:
    for path in _paths(demo):
        packed, _ = _raw(site, path, **{"Accept-Encoding": "br"})
        again = site.get(
            path, headers={"Accept-Encoding": "br", "If-None-Match": packed.headers["etag"]}
        )
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == packed.headers["etag"], path
        assert "accept-encoding" in again.headers["vary"].lower(), path
        # a plain copy's strong tag still matches the plain answer
        plain = site.get(path, headers={"Accept-Encoding": "identity"})
        strong = site.get(
            path, headers={"Accept-Encoding": "identity", "If-None-Match": plain.headers["etag"]}
        )
        assert strong.status_code == 304, path
        assert strong.headers["etag"] == plain.headers["etag"], path


def test_images_tiny_bodies_and_ranges_stay_as_they_are(site: httpx.Client) -> None:
    icon, raw = _raw(site, "/static/icons/icon-192.png", **{"Accept-Encoding": "br, gzip"})
    assert icon.status_code == 200
    assert "content-encoding" not in icon.headers
    assert "vary" not in icon.headers
    assert raw.startswith(b"\x89PNG")
    tiny = site.get("/healthz", headers={"Accept-Encoding": "br, gzip"})
    assert tiny.text == "ok"
    assert "content-encoding" not in tiny.headers
    part = site.get("/static/style.css", headers={"Accept-Encoding": "br", "Range": "bytes=0-99"})
    assert part.status_code == 206
    assert "content-encoding" not in part.headers
    assert len(part.content) == 100


def test_the_clients_preference_decides_and_ours_breaks_ties() -> None:
    assert choose_coding("gzip, deflate, br, zstd") == "br"
    assert choose_coding("gzip, zstd") == "zstd"
    assert choose_coding("gzip;q=1.0, br;q=0.5") == "gzip"
    assert choose_coding("br;q=0, gzip") == "gzip"
    assert choose_coding("*") == "br"
    assert choose_coding("*;q=0.5, br;q=0") == "zstd"
    assert choose_coding("identity") is None
    assert choose_coding("deflate, compress") is None
    assert choose_coding("gzip;q=junk") is None
    assert choose_coding("") is None


def test_a_streamed_answer_arrives_part_by_part() -> None:
    """The first part is decoded by the client before the app sends the second one."""
    first = b"<p>the first part of a long answer</p>\n" * 100
    released = threading.Event()
    waited: list[bool] = []

    async def parts() -> AsyncIterator[bytes]:
        yield first
        waited.append(await _wait(released))
        yield b"<p>the second part</p>\n" * 100

    async def stream(request: Request) -> StreamingResponse:
        return StreamingResponse(parts(), media_type="text/html")

    app = Compression(Starlette(routes=[Route("/", stream)]))
    with ThreadedServer(app) as server, httpx.Client(base_url=server.base) as client:
        for coding in ("br", "zstd", "gzip"):
            released.clear()
            decoded = b""
            with client.stream("GET", "/", headers={"Accept-Encoding": coding}) as response:
                assert response.headers["content-encoding"] == coding
                unpack = _unpacker(coding)
                for chunk in response.iter_raw():
                    decoded += unpack(chunk)
                    if decoded == first:
                        released.set()
            assert waited.pop() is True, coding  # released by the client, not by the timeout
            assert decoded.startswith(first)
            assert decoded.endswith(b"<p>the second part</p>\n")


def test_answers_already_encoded_or_marked_no_transform_pass_untouched() -> None:
    body = b"x" * 5000
    packed = zlib.compress(body)

    async def encoded(request: Request) -> Response:
        return Response(packed, media_type="text/plain", headers={"Content-Encoding": "deflate"})

    async def untouchable(request: Request) -> Response:
        return Response(body, media_type="text/plain", headers={"Cache-Control": "no-transform"})

    app = Compression(
        Starlette(routes=[Route("/encoded", encoded), Route("/untouchable", untouchable)])
    )
    with ThreadedServer(app) as server, httpx.Client(base_url=server.base) as client:
        response, raw = _raw(client, "/encoded", **{"Accept-Encoding": "br, deflate"})
        assert response.headers["content-encoding"] == "deflate"
        assert raw == packed
        response, raw = _raw(client, "/untouchable", **{"Accept-Encoding": "br"})
        assert "content-encoding" not in response.headers
        assert raw == body


def _unpacker(coding: str) -> Callable[[bytes], bytes]:
    if coding == "br":
        unpack: Callable[[bytes], bytes] = brotli.Decompressor().process
    elif coding == "zstd":
        unpack = zstandard.ZstdDecompressor().decompressobj().decompress
    else:
        unpack = zlib.decompressobj(31).decompress
    return unpack


async def _wait(event: threading.Event) -> bool:
    return await anyio.to_thread.run_sync(event.wait, 10)
