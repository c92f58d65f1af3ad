"""From wire bytes to text: content codings in bounded pieces, then the charset.

``ContentDecoder`` undoes gzip, deflate and br without ever inflating more than a small
piece at once, so a size cap on the decoded bytes holds and a compression bomb costs no
memory. ``decode_body`` picks the charset and never raises. Its order: byte-order mark,
then the Content-Type charset, then the document's own declaration (XML declaration,
then ``<meta charset>`` or ``http-equiv`` in the first 4 KB), then UTF-8, or
windows-1252 when UTF-8 fails badly. The BOM comes first, as in browsers (WHATWG
"decode"): a BOM is unambiguous, while a header charset is often a server default that
nobody set for this file.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Literal, Protocol

import brotli  # type: ignore[import-untyped]

from tidings.errors import FetchError

__all__ = ["BodyKind", "ContentDecoder", "body_kind", "decode_body"]

BodyKind = Literal["xml", "html", "other"]

_PRESCAN_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels the WHATWG Encoding Standard maps to a superset; pages labelled latin-1 are
# nearly always windows-1252 in practice (curly quotes in 0x80-0x9f).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "x-sjis": "shift_jis",
    "ks_c_5601-1987": "euc-kr",
    "tis-620": "cp874",
}
# A declaration inside the document cannot truthfully name UTF-16 or -32: we could read
# it as ASCII, so the bytes are not UTF-16. Browsers read such pages as UTF-8.
_ASCII_INCOMPATIBLE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def body_kind(content_type: str, body: bytes) -> BodyKind:
    """Whether a body is XML, HTML or something else, by media type, then by its start."""
    media = content_type.lower()
    if "html" in media:
        return "html"
    if "xml" in media or "rss" in media or "atom" in media:
        return "xml"
    head = body[:512].lstrip().lower()
    for bom, _ in _BOMS:
        head = head.removeprefix(bom)
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "xml"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "other"


def decode_body(body: bytes, *, content_type_charset: str | None, kind: BodyKind) -> str:
    """Decode ``body`` by BOM, header charset, in-document declaration, then UTF-8/cp1252."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    text = _decode_as(body, content_type_charset, in_document=False)
    if text is not None:
        return text
    if kind != "other":
        head = body[:_PRESCAN_BYTES]
        declared = [m.group(1) for m in [_XML_DECLARATION.match(head)] if m]
        if kind == "html":
            declared += [m.group(1) for m in _META.finditer(head)]
        for label in declared:
            text = _decode_as(body, label.decode("ascii"), in_document=True)
            if text is not None:
                return text
    return _guess(body)


def _decode_as(body: bytes, label: str | None, *, in_document: bool) -> str | None:
    """``body`` decoded as ``label``, or None when the label names no text encoding."""
    if not label:
        return None
    name = label.strip().strip("'\"").lower()
    name = _ALIASES.get(name, name)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    if in_document and name in _ASCII_INCOMPATIBLE:
        name = "utf-8"
    try:
        return body.decode(name, errors="replace")
    except LookupError:  # a bytes-to-bytes codec such as base64 named as a charset
        return None


def _guess(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 "fails badly" when invalid sequences outnumber valid non-ASCII characters:
    # then it is a legacy single-byte page, and windows-1252 is the web's usual one.
    # A UTF-8 page with a stray bad byte keeps its (many) good characters.
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if bad > good:
        return body.decode("cp1252", errors="replace")
    return text


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
