"""From bytes to text: the character encoding of a feed or a page, read as browsers read it.

One order for every caller (fetching, the pipeline's page extraction, ``extract_article``
given bytes), and it never raises: byte-order mark, then the Content-Type charset, then
the document's own declaration (the XML declaration, then ``<meta charset>`` or
``http-equiv`` in the first 4 KB of HTML), then UTF-8, or windows-1252 when UTF-8 fails
badly. The BOM comes first, as in browsers (WHATWG "decode"): a BOM is unambiguous, while
a header charset is often a server default that nobody set for this file.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

__all__ = ["BodyKind", "body_kind", "declared_encoding", "decode_body", "decode_html"]

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
# Codecs a declaration inside the document cannot truthfully name: we read it as ASCII, so
# the bytes are not UTF-16 or UTF-32; and browsers never read UTF-7, which can hide markup.
# Browsers read such pages as UTF-8.
_NOT_FROM_INSIDE = {
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
    "utf-7",
}


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
    named = _codec(content_type_charset, False) or declared_encoding(body, kind)
    if named is not None:
        try:
            return body.decode(named, errors="replace")
        except UnicodeError:  # a codec such as punycode, which cannot replace
            pass
    return _guess(body)


def decode_html(page: bytes) -> str:
    """Decode a page that came without an HTTP header (a file, a test, a benchmark)."""
    return decode_body(page, content_type_charset=None, kind="html")


def declared_encoding(body: bytes, kind: BodyKind = "html") -> str | None:
    """The Python codec named by the first usable declaration at the start of ``body``:
    the XML declaration, then (in HTML) each ``<meta>`` charset in turn."""
    if kind == "other":
        return None
    head = body[:_PRESCAN_BYTES]
    labels = [m.group(1) for m in [_XML_DECLARATION.match(head)] if m]
    if kind == "html":
        labels += [m.group(1) for m in _META.finditer(head)]
    for label in labels:
        encoding = _codec(label.decode("ascii"), True)
        if encoding is not None:
            return encoding
    return None


def _codec(label: str | None, in_document: bool) -> str | None:
    """The text codec ``label`` names, or None when it names none we can read."""
    if not label:
        return None
    name = label.strip().strip("'\"").lower()
    name = _ALIASES.get(name, name)
    try:
        name = codecs.lookup(name).name
        b"a".decode(name, errors="replace")
    # LookupError: a bytes-to-bytes codec such as base64 named as a charset; UnicodeError:
    # one such as idna, which cannot replace what it cannot read.
    except (LookupError, UnicodeError):
        return None
    return "utf-8" if in_document and name in _NOT_FROM_INSIDE else name


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
    if bad > good and not _binary(body):
        return body.decode("cp1252", errors="replace")
    return text


# C0 controls other than tab, newline, form feed and carriage return: about one byte in
# nine of binary data, next to none of a page's.
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\f\r")


def _binary(body: bytes) -> bool:
    """Bytes no text could be: windows-1252 would make "text" of them, while UTF-8 keeps
    them replacement characters that the extractor refuses."""
    return len(body) - len(body.translate(None, _CONTROLS)) > len(body) // 100
