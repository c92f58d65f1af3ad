"""Compressed answers: br, zstd or gzip, whichever the reader's client prefers.

An ASGI middleware outside the page cache and the cache headers, so that those keep and
label the plain answer and every reader gets it in the coding their client asks for.

- **What is compressed:** text (pages, feeds, JSON, scripts, styles, SVG, the manifest) of
  at least ``MIN_BYTES``. Never images, audio, video or anything that already says
  ``Content-Encoding``; never an answer marked ``no-transform``, a range (``206``, or a
  request with ``Range``), or a body the coding would not make smaller.
- **Which coding:** the client's ``Accept-Encoding`` with its q-values; among equals
  ``br``, then ``zstd``, then ``gzip`` (docs/serving.md has the sizes).
- **Vary:** every compressible answer says ``Vary: Accept-Encoding``, compressed or not, so
  that a shared cache never hands one reader the coding another asked for.
- **ETag:** a compressed answer's strong ``ETag`` becomes weak (``W/"…"``): the bytes
  differ from the plain answer's, the content does not. ``If-None-Match`` compares weakly
  (RFC 9110 13.1.2), so the inner layers, which compare strings, are shown each weak tag
  a client sends in its strong form as well; a ``304`` answering a weak tag carries it.
- **HEAD:** answered with the plain answer's headers (its length and strong ``ETag``)
  and ``Vary``: the compressed length is known only by compressing a body HEAD has not.
- **Streaming:** an answer sent in several parts is compressed part by part, each part
  flushed, so a client receives every part when it is sent.
- **Cost:** a whole body is compressed once per content. A page the page cache keeps
  carries its compressed copies with it (the body message's ``CODED`` key, a
  ``CodedCopies``): each coding is made the first time a reader asks for it and kept,
  and counted, with the page until the page is dropped, so a kept page served again costs
  a look-up. Other answers are kept by the body's digest, ``CACHE_BYTES`` per process.
  (Before, every page's copies were kept there too, 16 MB of them: in the soak they
  filled it within three minutes, mostly with copies of pages already rendered anew,
  docs/benchmarks.md.)
"""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

import anyio.to_thread
import brotli  # type: ignore[import-untyped]
import zstandard
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CACHE_BYTES", "CODED", "MIN_BYTES", "CodedCopies", "Compression", "choose_coding"]

MIN_BYTES = 1024  # below one packet's worth the headers cost more than the saving
CACHE_BYTES = 4 * 1024 * 1024
# An ASGI body message may carry, under this key, the compressed copies kept with its body.
CODED = "tidings.coded"
_THREAD_BYTES = 256 * 1024  # larger bodies are compressed off the event loop
# Levels chosen by measurement on a 36 KB list page (docs/serving.md): brotli 4 left 5%
# more bytes than 5; brotli 8 and zstd 9 saved under 1% more for about twice the time.
_BROTLI_QUALITY = 5
_ZSTD_LEVEL = 6
_GZIP_LEVEL = 6
# Among codings the client likes equally, ours in this order (smallest first).
_PREFERENCE = ("br", "zstd", "gzip")
_TEXT_TYPES = frozenset(
    {
        b"application/json",
        b"application/javascript",
        b"application/xml",
        b"application/manifest+json",
        b"application/opml+xml",
        b"image/svg+xml",
    }
)
_ACCEPT_ENCODING = b"accept-encoding"


class CodedCopies(Protocol):
    """A body's compressed copies, kept by whoever keeps the body (the page cache)."""

    def get(self, coding: str) -> bytes | None: ...
    def keep(self, coding: str, packed: bytes) -> None: ...


class _Stream(Protocol):
    def compress(self, data: bytes) -> bytes: ...
    def flush(self) -> bytes: ...
    def finish(self) -> bytes: ...


def choose_coding(accept_encoding: str) -> str | None:
    """The coding to send for this ``Accept-Encoding``, or None for the plain body."""
    quality: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        quality[name] = q
    star = quality.get("*", 0.0)
    best: str | None = None
    best_q = 0.0
    for coding in _PREFERENCE:
        q = quality.get(coding, star)
        if q > best_q:
            best, best_q = coding, q
    return best


def _compress(coding: str, body: bytes) -> bytes:
    if coding == "br":
        return bytes(brotli.compress(body, quality=_BROTLI_QUALITY))
    if coding == "zstd":
        return bytes(zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compress(body))
    return _gzip(body)


def _gzip(body: bytes) -> bytes:
    packer = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, 31)
    return packer.compress(body) + packer.flush()


class _Brotli:
    def __init__(self) -> None:
        self._packer = brotli.Compressor(quality=_BROTLI_QUALITY)

    def compress(self, data: bytes) -> bytes:
        return bytes(self._packer.process(data))

    def flush(self) -> bytes:
        return bytes(self._packer.flush())

    def finish(self) -> bytes:
        return bytes(self._packer.finish())


class _Zstd:
    def __init__(self) -> None:
        self._packer = zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compressobj()

    def compress(self, data: bytes) -> bytes:
        return bytes(self._packer.compress(data))

    def flush(self) -> bytes:
        return bytes(self._packer.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))

    def finish(self) -> bytes:
        return bytes(self._packer.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH))


class _Gzip:
    def __init__(self) -> None:
        self._packer = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, 31)

    def compress(self, data: bytes) -> bytes:
        return self._packer.compress(data)

    def flush(self) -> bytes:
        return self._packer.flush(zlib.Z_SYNC_FLUSH)

    def finish(self) -> bytes:
        return self._packer.flush()


_STREAMS: dict[str, Callable[[], _Stream]] = {"br": _Brotli, "zstd": _Zstd, "gzip": _Gzip}


def _compressible(content_type: bytes) -> bool:
    kind = content_type.split(b";", 1)[0].strip().lower()
    return (
        kind.startswith(b"text/")
        or kind in _TEXT_TYPES
        or (kind.startswith(b"application/") and kind.endswith((b"+json", b"+xml")))
    )


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` saying ``Vary: Accept-Encoding`` (added to any ``Vary`` they have)."""
    out: list[tuple[bytes, bytes]] = []
    merged = False
    for key, value in headers:
        if key.lower() == b"vary":
            names = {v.strip().lower() for v in value.split(b",")}
            if not merged and b"*" not in names and _ACCEPT_ENCODING not in names:
                value = value + b", Accept-Encoding"
            merged = True
        out.append((key, value))
    if not merged:
        out.append((b"vary", b"Accept-Encoding"))
    return out


def _weak(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [
        (k, b"W/" + v if k.lower() == b"etag" and v.startswith(b'"') else v) for k, v in headers
    ]


def _client_tags(scope: Scope) -> tuple[Scope, frozenset[bytes]]:
    """``scope`` whose ``If-None-Match`` also lists each weak tag in its strong form, and
    those strong forms (the client holds a compressed copy of them)."""
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    value = _header(headers, b"if-none-match")
    if value is None or b"W/" not in value:
        return scope, frozenset()
    tags = [t.strip() for t in value.split(b",") if t.strip()]
    strong = frozenset(t[2:] for t in tags if t.startswith(b"W/"))
    listed = b", ".join([*tags, *strong])
    fresh = dict(scope)
    fresh["headers"] = [
        (k, listed if k == b"if-none-match" else v) for k, v in headers if k != b"if-none-match"
    ] + [(b"if-none-match", listed)]
    return fresh, strong


class _Kept:
    """Compressed bodies by (coding, digest of the plain body), least recently used out."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: tuple[str, bytes], body: bytes) -> None:
        if len(body) > self.max_bytes or key in self._entries:
            return
        self._entries[key] = body
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self._bytes -= len(old)


class Compression:
    """ASGI middleware compressing answers as the module docstring says."""

    def __init__(
        self, app: ASGIApp, *, min_bytes: int = MIN_BYTES, cache_bytes: int = CACHE_BYTES
    ) -> None:
        self.app = app
        self.min_bytes = min_bytes
        self._kept = _Kept(cache_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        accept = _header(headers, _ACCEPT_ENCODING)
        coding = choose_coding(accept.decode("latin-1")) if accept else None
        if _header(headers, b"range") is not None:
            coding = None
        scope, weak_tags = _client_tags(scope)
        answer = _Answer(self, send, coding, weak_tags, head=scope["method"] == "HEAD")
        await self.app(scope, receive, answer)

    async def compress(self, coding: str, body: bytes, copies: CodedCopies | None = None) -> bytes:
        """``body`` in ``coding``: from ``copies`` (kept there once made) when the body
        comes with them, else from the results kept by digest when it was seen before."""
        if copies is not None:
            found = copies.get(coding)
            if found is None:
                found = await _packed(coding, body)
                copies.keep(coding, found)
            return found
        key = (coding, hashlib.blake2b(body, digest_size=16).digest())
        found = self._kept.get(key)
        if found is not None:
            return found
        packed = await _packed(coding, body)
        self._kept.put(key, packed)
        return packed


async def _packed(coding: str, body: bytes) -> bytes:
    if len(body) > _THREAD_BYTES:
        return await anyio.to_thread.run_sync(_compress, coding, body)
    return _compress(coding, body)


class _Answer:
    """The ``send`` of one request: holds the start until the first body part says
    whether and how to compress."""

    def __init__(
        self,
        owner: Compression,
        send: Send,
        coding: str | None,
        weak_tags: frozenset[bytes],
        *,
        head: bool,
    ) -> None:
        self._owner = owner
        self._send = send
        self._coding = coding
        self._weak_tags = weak_tags
        self._head = head
        self._start: Message | None = None
        self._stream: _Stream | None = None
        self._passing = False

    async def __call__(self, message: Message) -> None:
        if self._passing:
            await self._send(message)
        elif message["type"] == "http.response.start":
            await self._started(message)
        elif message["type"] == "http.response.body" and self._stream is not None:
            await self._stream_part(message)
        elif message["type"] == "http.response.body":
            await self._first_body(message)
        else:
            await self._send(message)

    async def _started(self, message: Message) -> None:
        headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
        status: int = message["status"]
        kind = _header(headers, b"content-type")
        text = kind is not None and _compressible(kind)
        if status == 304:
            etag = _header(headers, b"etag")
            held_compressed = etag is not None and etag in self._weak_tags
            if held_compressed:
                headers = _weak(headers)
            if held_compressed or text:
                headers = _with_vary(headers)
            await self._pass({**message, "headers": headers})
            return
        if not text:
            await self._pass(message)
            return
        headers = _with_vary(headers)
        length = _header(headers, b"content-length")
        control = _header(headers, b"cache-control") or b""
        if (
            self._coding is None
            or self._head  # no body to measure: the plain answer's length and tag
            or status < 200
            or status in (204, 206)
            or _header(headers, b"content-encoding") is not None
            or b"no-transform" in control.lower()
            or (length is not None and length.isdigit() and int(length) < self._owner.min_bytes)
        ):
            await self._pass({**message, "headers": headers})
            return
        self._start = {**message, "headers": headers}

    async def _pass(self, message: Message) -> None:
        self._passing = True
        await self._send(message)

    async def _first_body(self, message: Message) -> None:
        assert self._start is not None
        assert self._coding is not None
        body: bytes = message.get("body", b"")
        if message.get("more_body", False):
            self._stream = _STREAMS[self._coding]()
            headers = _encoded(self._start["headers"], self._coding, None)
            await self._send({**self._start, "headers": headers})
            await self._stream_part(message)
            return
        copies: CodedCopies | None = message.get(CODED)
        packed = await self._owner.compress(self._coding, body, copies) if body else body
        if len(body) < self._owner.min_bytes or len(packed) >= len(body):
            await self._pass(self._start)
            await self._send(message)
            return
        headers = _encoded(self._start["headers"], self._coding, len(packed))
        await self._send({**self._start, "headers": headers})
        await self._send({"type": "http.response.body", "body": packed, "more_body": False})
        self._passing = True

    async def _stream_part(self, message: Message) -> None:
        assert self._stream is not None
        more = message.get("more_body", False)
        data = self._stream.compress(message.get("body", b""))
        data += self._stream.flush() if more else self._stream.finish()
        await self._send({"type": "http.response.body", "body": data, "more_body": more})


def _encoded(
    headers: list[tuple[bytes, bytes]], coding: str, length: int | None
) -> list[tuple[bytes, bytes]]:
    """The start's headers for a body in ``coding`` of ``length`` bytes (None: unknown)."""
    kept = [
        (k, v)
        for k, v in _weak(headers)
        if k.lower() not in (b"content-length", b"accept-ranges", b"content-md5")
    ]
    kept.append((b"content-encoding", coding.encode()))
    if length is not None:
        kept.append((b"content-length", str(length).encode()))
    return kept
