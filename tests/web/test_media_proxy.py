"""The media proxy against a real publisher on 127.0.0.1: signed, checked, capped, cached."""

from __future__ import annotations

import asyncio
import os
import re
import stat
import struct
import threading
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.errors import ConfigError
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Image
from tidings.pipeline.media_cache import MediaCache
from tidings.pipeline.media_fetch import MediaProxy, site_secret, sniff_image
from tidings.store import (
    NewEntry,
    SqlRepository,
    create_store_engine,
    migrate,
    repository_for_engine,
)
from tidings.web import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _png(width: int = 48, height: int = 32, seed: int = 0) -> bytes:
    """A real PNG (RGB, noisy enough not to compress to nothing)."""
    rows = b"".join(
        b"\x00" + bytes((x * 7 + y * 13 + seed * 31) % 256 for x in range(width * 3))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _image(body: bytes, kind: str, **headers: str) -> Reply:
    return Reply(body, headers={"Content-Type": kind, **headers})


@pytest.fixture
def publisher(local_server: LocalServer) -> LocalServer:
    local_server.routes.update(
        {
            "/lead.png": _image(PNG, "image/png"),
            "/body.png": _image(_png(seed=1), "image/png"),
            "/photo.jpg": _image(JPEG, "image/jpeg; charset=binary"),
            "/page.html": _image(b"<!doctype html><p>hello</p>", "text/html"),
            "/logo.svg": _image(SVG, "image/svg+xml"),
            "/liar.png": _image(b"<html><script>alert(1)</script></html>", "image/png"),
            "/mislabelled.jpg": _image(PNG, "image/jpeg"),
            "/untyped": Reply(PNG),
            "/gone.png": Reply(b"no", 404, {"Content-Type": "text/plain"}),
            "/broken.png": Reply(b"oops", 500, {"Content-Type": "text/plain"}),
            "/huge-declared.png": _image(PNG, "image/png", **{"Content-Length": "900000000"}),
            "/cookie": Reply(
                b"", 302, {"Location": "/lead.png", "Set-Cookie": "tracker=abc; Path=/"}
            ),
        }
    )
    return local_server


def _client(settings: Settings, repo: SqlRepository, **updates: object) -> TestClient:
    config = settings.model_copy(update={"media_proxy": True, **updates})
    return TestClient(create_app(config, repository=repo, clock=lambda: NOW))


def _proxy(client: TestClient) -> MediaProxy:
    proxy: MediaProxy = client.app.state.media_proxy  # type: ignore[attr-defined]
    return proxy


def _path(client: TestClient, url: str) -> str:
    return _proxy(client).signer.path(url)


def _hits(server: LocalServer, path: str) -> int:
    return sum(1 for _, p, _ in server.requests if p == path)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlRepository]:
    """One empty store for the proxy tests, which read none of it (each has its data dir)."""
    folder = tmp_path_factory.mktemp("store")
    engine = create_store_engine(f"sqlite:///{folder / 'tidings.db'}")
    migrate(engine)
    yield repository_for_engine(engine)
    engine.dispose()


@pytest.fixture
def client(settings: Settings, store: SqlRepository) -> TestClient:
    return _client(settings, store)


def test_image_passes_through_unchanged_with_headers(
    client: TestClient, publisher: LocalServer
) -> None:
    response = client.get(
        _path(client, publisher.url("/lead.png")),
        headers={"Cookie": "session=reader", "Referer": "http://tidings.local/en/article/x"},
    )
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "set-cookie" not in response.headers
    (_, _, sent), *_ = (r for r in publisher.requests if r[1] == "/lead.png")
    names = {name.lower() for name in sent}
    assert "cookie" not in names and "referer" not in names
    assert sent.get("User-Agent", "").startswith("Tidings/")


def test_publisher_cookies_are_never_sent_back(client: TestClient, publisher: LocalServer) -> None:
    response = client.get(_path(client, publisher.url("/cookie")))
    assert response.status_code == 200 and response.content == PNG
    followed = [headers for _, path, headers in publisher.requests if path == "/lead.png"]
    assert followed and all("cookie" not in {n.lower() for n in h} for h in followed)


def test_type_and_jpeg_alias(client: TestClient, publisher: LocalServer) -> None:
    response = client.get(_path(client, publisher.url("/photo.jpg")))
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.content == JPEG


def test_unsigned_and_tampered_paths_are_refused(
    client: TestClient, publisher: LocalServer
) -> None:
    good = _path(client, publisher.url("/lead.png"))
    _, _, signature, encoded = good.split("/")
    other = _path(client, publisher.url("/body.png")).split("/")[3]
    assert client.get(f"/media/{other}/{encoded}").status_code == 403  # signature of another URL
    assert client.get(f"/media/{'A' * 22}/{encoded}").status_code == 403
    assert client.get(f"/media/{signature}/{encoded[:-2]}").status_code == 403
    assert client.get(f"/media/{signature}/%%%").status_code in (403, 404)
    assert client.get(f"/media/{signature}/{encoded}").status_code == 200
    assert _hits(publisher, "/lead.png") == 1  # only the signed request reached the publisher


def test_other_sites_key_does_not_sign_here(
    settings: Settings, store: SqlRepository, publisher: LocalServer, tmp_path: Path
) -> None:
    mine = _client(settings, store, secret_key=SecretStr("k" * 32))
    theirs = _client(settings, store, secret_key=SecretStr("z" * 32))
    path = _path(theirs, publisher.url("/lead.png"))
    assert mine.get(path).status_code == 403
    assert theirs.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/page.html", "/logo.svg", "/liar.png", "/mislabelled.jpg", "/untyped"]
)
def test_anything_but_a_raster_image_is_refused(
    client: TestClient, publisher: LocalServer, path: str
) -> None:
    response = client.get(_path(client, publisher.url(path)))
    assert response.status_code == 415
    assert not response.headers["content-type"].startswith("image/")
    # Nothing of the upstream body (our own page may hold icons of its own).
    assert b'<svg xmlns="http://www.w3.org/2000/svg"><script>' not in response.content
    assert b"alert(1)" not in response.content


def test_publisher_errors(client: TestClient, publisher: LocalServer) -> None:
    assert client.get(_path(client, publisher.url("/gone.png"))).status_code == 404
    assert client.get(_path(client, publisher.url("/broken.png"))).status_code == 502


def test_declared_oversize_is_refused(client: TestClient, publisher: LocalServer) -> None:
    assert client.get(_path(client, publisher.url("/huge-declared.png"))).status_code == 502


def test_streamed_oversize_stops_reading(
    settings: Settings, store: SqlRepository, publisher: LocalServer
) -> None:
    total = 64 * 1024 * 1024
    written = 0
    finished = threading.Event()

    def endless(handler: BaseHTTPRequestHandler) -> None:
        nonlocal written
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "image/png")
            handler.end_headers()  # no Content-Length: the size shows only while reading
            handler.wfile.write(PNG[:16])
            block = b"\x00" * 65536
            while written < total:
                handler.wfile.write(block)
                written += len(block)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            finished.set()

    publisher.routes["/endless.png"] = endless
    client = _client(settings, store, media_max_bytes=100_000)
    response = client.get(_path(client, publisher.url("/endless.png")))
    assert response.status_code == 502
    assert finished.wait(10)
    assert written < total // 4, written


def test_private_address_refused_unless_allowed(
    settings: Settings, store: SqlRepository, publisher: LocalServer
) -> None:
    strict = _client(settings, store, allowed_networks=[])
    response = strict.get(_path(strict, publisher.url("/lead.png")))
    assert response.status_code == 403
    assert _hits(publisher, "/lead.png") == 0
    local = publisher.url("/lead.png").replace("127.0.0.1", "localhost")
    assert strict.get(_path(strict, local)).status_code == 403
    assert strict.get(_path(strict, "http://169.254.169.254/latest/meta-data")).status_code == 403


def test_slow_publisher_times_out(
    settings: Settings, store: SqlRepository, publisher: LocalServer
) -> None:
    publisher.routes["/slow.png"] = Reply(PNG, headers={"Content-Type": "image/png"}, delay=3)
    client = _client(settings, store, fetch_timeout=0.3)
    assert client.get(_path(client, publisher.url("/slow.png"))).status_code == 504


def test_cache_hit_does_not_refetch(
    settings: Settings, store: SqlRepository, client: TestClient, publisher: LocalServer
) -> None:
    path = _path(client, publisher.url("/lead.png"))
    assert client.get(path).content == PNG
    assert client.head(path).status_code == 200
    assert client.get(path).content == PNG
    assert _hits(publisher, "/lead.png") == 1
    # The cache is on disk: a restarted site (same data dir, same key) still has it.
    again = _client(settings, store)
    assert again.get(path).content == PNG
    assert _hits(publisher, "/lead.png") == 1
    assert list((settings.data_dir / "media").glob("*/*"))


def test_no_cache_still_serves(
    settings: Settings, store: SqlRepository, publisher: LocalServer
) -> None:
    client = _client(settings, store, media_cache_bytes=0)
    path = _path(client, publisher.url("/lead.png"))
    assert client.get(path).content == PNG and client.get(path).content == PNG
    assert _hits(publisher, "/lead.png") == 2
    assert not list((settings.data_dir / "media").glob("*/*"))


def test_concurrent_requests_fetch_once(client: TestClient, publisher: LocalServer) -> None:
    publisher.routes["/slow.png"] = Reply(PNG, headers={"Content-Type": "image/png"}, delay=0.5)
    path = _path(client, publisher.url("/slow.png"))

    async def many() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://tidings") as http:
            return await asyncio.gather(*(http.get(path) for _ in range(6)))

    responses = asyncio.run(many())
    assert [r.status_code for r in responses] == [200] * 6
    assert all(r.content == PNG for r in responses)
    assert _hits(publisher, "/slow.png") == 1


def test_cache_prunes_least_recently_used(tmp_path: Path) -> None:
    cache = MediaCache(tmp_path / "media", max_bytes=2500)
    for n, url in enumerate(("a", "b", "c")):
        cache.put(url, bytes([n]) * 1000)
        for path in (tmp_path / "media").glob("*/*"):
            if path.read_bytes() == bytes([n]) * 1000:
                os.utime(path, (1000.0 + n, 1000.0 + n))
    assert cache.get("a") is None  # oldest, pruned when "c" went past the cap
    assert cache.get("b") == b"\x01" * 1000 and cache.get("c") == b"\x02" * 1000
    cache.put("big", b"x" * 3000)  # larger than the whole cache: not kept
    assert cache.get("big") is None


def test_proxy_off_has_no_media_route(
    settings: Settings, store: SqlRepository, publisher: LocalServer
) -> None:
    on = _client(settings, store)
    off = TestClient(create_app(settings, repository=store))
    assert off.get(_path(on, publisher.url("/lead.png"))).status_code == 404
    assert _hits(publisher, "/lead.png") == 0


def test_secret_is_made_once_and_private(settings: Settings) -> None:
    first = site_secret(settings)
    path = settings.data_dir / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert site_secret(settings) == first and len(first) >= 32
    assert site_secret(settings.model_copy(update={"secret_key": SecretStr("s" * 20)})) != first
    with pytest.raises(ConfigError):
        site_secret(settings.model_copy(update={"secret_key": SecretStr("short")}))


def test_sniffing() -> None:
    assert sniff_image(PNG) == "image/png"
    assert sniff_image(JPEG) == "image/jpeg"
    assert sniff_image(b"GIF89a\x01\x00") == "image/gif"
    assert sniff_image(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"
    assert sniff_image(avif) == "image/avif"
    assert sniff_image(b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heic") is None
    for other in (SVG, b"<?xml version='1.0'?><svg/>", b"<!DOCTYPE html>", b"", b"%PDF-1.7"):
        assert sniff_image(other) is None


# Pages: every publisher image through /media/ when the proxy is on, untouched when off.


def _article_with_images(repo: SqlRepository, publisher: LocalServer) -> str:
    source = repo.sources.add_source(publisher.url("/feed"), now=NOW, title="Harbour Herald")
    url = publisher.url("/news/1")
    entry = FeedEntry(url=url, title="Bridge shut", summary="Shut.", published=NOW)
    aid = article_id(url)
    repo.articles.add_entries(source.id, [NewEntry(aid, url, entry, ("Bridge",))], now=NOW)
    body = (
        f'<p>The bridge closed.</p><figure><img src="{publisher.url("/body.png")}" '
        'alt="Queues &gt; 2 km" loading="lazy"><figcaption>Queues</figcaption></figure>'
    )
    extracted = ExtractedArticle(
        title="Bridge shut",
        text="The bridge closed.",
        html=body,
        published=NOW,
        language="en",
        lead_image=Image(url=publisher.url("/lead.png"), caption="The bridge"),
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


def _img_sources(html: str) -> list[str]:
    return re.findall(r'<img\b[^>]*\ssrc="([^"]*)"', html)


@pytest.fixture
def page_app(
    settings: Settings, sqlite_repository: SqlRepository, publisher: LocalServer
) -> tuple[SqlRepository, str]:
    return sqlite_repository, _article_with_images(sqlite_repository, publisher)


def test_pages_emit_media_urls_when_on(
    settings: Settings, page_app: tuple[SqlRepository, str], publisher: LocalServer
) -> None:
    repo, aid = page_app
    client = _client(settings, repo)
    page = client.get(f"/en/article/{aid}")
    sources = _img_sources(page.text)
    publisher_images = [s for s in sources if not s.startswith("/static/")]
    assert len(publisher_images) == 2  # the lead image and the one in the body
    assert all(s.startswith("/media/") for s in publisher_images), sources
    assert f'src="{publisher.base}' not in page.text
    assert 'alt="Queues &gt; 2 km"' in page.text  # the body's own attributes survive
    served = [client.get(s).content for s in publisher_images]
    assert PNG in served and _png(seed=1) in served
    home = client.get("/en/").text
    assert any(s.startswith("/media/") for s in _img_sources(home))
    assert f'src="{publisher.base}' not in home
    csp = page.headers["content-security-policy"]
    assert "img-src 'self' data:;" in csp and "http:" not in csp and "https:" not in csp


def test_pages_link_publishers_when_off(
    settings: Settings, page_app: tuple[SqlRepository, str], publisher: LocalServer
) -> None:
    repo, aid = page_app
    client = TestClient(create_app(settings, repository=repo, clock=lambda: NOW))
    page = client.get(f"/en/article/{aid}")
    assert f'src="{publisher.url("/lead.png")}"' in page.text
    assert f'src="{publisher.url("/body.png")}"' in page.text
    assert "/media/" not in page.text
    assert "img-src 'self' https: http: data:" in page.headers["content-security-policy"]
    assert not (settings.data_dir / "secret_key").exists()  # no key made for a proxy that is off
