"""Bytes to text: charset precedence, fallbacks, and bounded content decoding."""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Callable

import brotli
import pytest

from tidings.errors import FetchError
from tidings.ingest.charset import ContentDecoder, body_kind, decode_body

GREEK = "Καλημέρα κόσμε"


def test_header_charset_wins_over_the_document() -> None:
    body = b'<meta charset="utf-8"><p>' + "café".encode("cp1252") + b"</p>"
    text = decode_body(body, content_type_charset="windows-1252", kind="html")
    assert "café" in text


def test_bom_wins_over_the_header() -> None:
    body = codecs.BOM_UTF8 + "café".encode()
    assert decode_body(body, content_type_charset="iso-8859-1", kind="html") == "café"
    utf16 = codecs.BOM_UTF16_LE + GREEK.encode("utf-16-le")
    assert decode_body(utf16, content_type_charset=None, kind="xml") == GREEK


def test_xml_declaration() -> None:
    body = f'<?xml version="1.0" encoding="ISO-8859-7"?><rss>{GREEK}</rss>'.encode("iso-8859-7")
    assert GREEK in decode_body(body, content_type_charset=None, kind="xml")


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="iso-8859-7">',
        "<meta charset=iso-8859-7>",
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-7">',
    ],
)
def test_meta_declarations(head: str) -> None:
    body = f"<html><head>{head}</head><body>{GREEK}</body></html>".encode("iso-8859-7")
    assert GREEK in decode_body(body, content_type_charset=None, kind="html")


def test_meta_after_the_first_4_kb_is_not_read() -> None:
    body = b"<!--" + b"x" * 5000 + b'--><meta charset="iso-8859-7">' + GREEK.encode("iso-8859-7")
    text = decode_body(body, content_type_charset=None, kind="html")
    assert GREEK not in text


def test_meta_is_not_read_for_other_kinds() -> None:
    body = b'<meta charset="iso-8859-7">' + "é".encode()
    assert decode_body(body, content_type_charset=None, kind="other").endswith("é")


@pytest.mark.parametrize("label", ["no-such-charset", "base64", "rot13", '"utf-8"', ""])
def test_unknown_or_non_text_labels_fall_through(label: str) -> None:
    body = "naïve".encode()
    assert decode_body(body, content_type_charset=label, kind="html") == "naïve"
    declared = f'<meta charset="{label}">naïve'.encode()
    assert decode_body(declared, content_type_charset=None, kind="html").endswith("naïve")


def test_utf16_declared_in_the_document_means_utf8() -> None:
    body = '<meta charset="utf-16"><p>naïve</p>'.encode()
    assert "naïve" in decode_body(body, content_type_charset=None, kind="html")


def test_latin1_label_reads_as_windows_1252() -> None:
    body = "“quoted”".encode("cp1252")
    assert decode_body(body, content_type_charset="ISO-8859-1", kind="html") == "“quoted”"


def test_undeclared_legacy_bytes_fall_back_to_windows_1252() -> None:
    body = "Ça coûte 5 € – “déjà”".encode("cp1252")
    assert decode_body(body, content_type_charset=None, kind="html") == "Ça coûte 5 € – “déjà”"


def test_utf8_with_a_stray_bad_byte_stays_utf8() -> None:
    body = "Καλημέρα, naïve café".encode() + b"\xff"
    text = decode_body(body, content_type_charset=None, kind="other")
    assert text.startswith("Καλημέρα, naïve café") and text.endswith("\ufffd")


def test_never_raises_on_garbage() -> None:
    for body in (b"", b"\xff\xfe\x00", bytes(range(256)) * 10, b"\xef\xbb"):
        for kind in ("xml", "html", "other"):
            assert isinstance(decode_body(body, content_type_charset="utf-8", kind=kind), str)
            assert isinstance(decode_body(body, content_type_charset=None, kind=kind), str)


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("text/html", b"", "html"),
        ("application/xhtml+xml", b"", "html"),
        ("application/rss+xml", b"", "xml"),
        ("text/xml", b"", "xml"),
        ("", b'  <?xml version="1.0"?><feed/>', "xml"),
        ("application/octet-stream", b"<rss version='2.0'>", "xml"),
        ("text/plain", b"<!DOCTYPE html><html>", "html"),
        ("application/json", b'{"version": "https://jsonfeed.org/version/1.1"}', "other"),
    ],
)
def test_body_kind(content_type: str, body: bytes, kind: str) -> None:
    assert body_kind(content_type, body) == kind


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("br", lambda data: brotli.compress(data, quality=1)),
    ],
)
def test_content_decoder_hands_out_bounded_pieces(
    encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    data = bytes(50 << 20)  # 50 MiB of zeros: a few KB compressed
    packed = encode(data)
    decoder = ContentDecoder(encoding)
    total = 0
    for start in range(0, len(packed), 16384):
        for piece in decoder.feed(packed[start : start + 16384]):
            assert len(piece) <= 256 * 1024
            total += len(piece)
    for piece in decoder.finish():
        total += len(piece)
    assert total == len(data)


def test_content_decoder_errors_are_fetch_errors() -> None:
    for encoding in ("gzip", "br", "deflate"):
        with pytest.raises(FetchError, match="cannot decode"):
            list(ContentDecoder(encoding).feed(b"\x1f\x8b\x08garbage-garbage-garbage"))
