"""Content codings undone in bounded pieces: gzip, deflate and br.

``ContentDecoder`` never inflates more than a small piece at once, so a size cap on the
decoded bytes holds and a compression bomb costs no memory. The character encoding of the
decoded bytes is ``tidings.text.charset``'s business.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Protocol

import brotli  # type: ignore[import-untyped]

from tidings.errors import FetchError

__all__ = ["ContentDecoder"]

_PIECE = 64 * 1024  # the most one decoder step may inflate


class _Step(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        yield from ()


class _Zlib:
    """gzip (members in sequence, as browsers accept) or deflate (zlib-wrapped or raw)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.started = False
        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                piece = self.inflate.decompress(data, _PIECE)
            except zlib.error:
                if self.gzip or self.started:
                    raise
                # Some servers send raw deflate without the zlib header.
                self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                piece = self.inflate.decompress(data, _PIECE)
            self.started = True
            if piece:
                yield piece
            data = self.inflate.unconsumed_tail
            if self.inflate.eof:
                data = self.inflate.unused_data
                if not (self.gzip and data.startswith(b"\x1f\x8b")):
                    return  # trailing bytes after the stream: ignored, like browsers do
                self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def finish(self) -> Iterator[bytes]:
        # All input is consumed by now; what zlib still holds is at most a few KB.
        if not self.inflate.eof and (piece := self.inflate.flush()):
            yield piece


class _Brotli:
    def __init__(self) -> None:
        self.inflate = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflate.is_finished():
            return
        yield self.inflate.process(data, output_buffer_limit=_PIECE)
        while not self.inflate.can_accept_more_data():
            yield self.inflate.process(b"", output_buffer_limit=_PIECE)

    def finish(self) -> Iterator[bytes]:
        while not self.inflate.is_finished() and (
            piece := self.inflate.process(b"", output_buffer_limit=_PIECE)
        ):
            yield piece


class ContentDecoder:
    """Undo a ``Content-Encoding`` (gzip, deflate, br, or a list of them) piece by piece."""

    def __init__(self, content_encoding: str) -> None:
        self.name = content_encoding
        steps: list[_Step] = []
        # The last coding listed was applied last, so it is undone first.
        for coding in reversed([c.strip().lower() for c in content_encoding.split(",")]):
            if coding in ("gzip", "x-gzip", "deflate"):
                steps.append(_Zlib(gzip=coding != "deflate"))
            elif coding == "br":
                steps.append(_Brotli())
            else:  # identity, or a coding we never asked for: pass it through as httpx does
                steps.append(_Identity())
        self.steps = steps

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data``, each at most about 64 KB."""
        yield from self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        """What the decoders still hold at the end of the body."""
        for index, step in enumerate(self.steps):
            for piece in self._guard(step.finish):
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.steps):
            if data:
                yield data
            return
        for piece in self._guard(lambda: self.steps[index].feed(data)):
            yield from self._through(index + 1, piece)

    def _guard(self, pieces: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
        try:
            yield from pieces()
        except (zlib.error, brotli.error) as exc:
            raise FetchError(f"cannot decode the {self.name} response: {exc}") from exc
