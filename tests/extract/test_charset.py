"""Decoding page bytes."""

from __future__ import annotations

import codecs

import pytest

from tidings.extract.charset import declared_encoding, decode_html

TEXT = "Grüße aus Köln – „Zitat“"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + f"<p>{TEXT}</p>".encode(), f"<p>{TEXT}</p>"),
        (codecs.BOM_UTF16_LE + f"<p>{TEXT}</p>".encode("utf-16-le"), f"<p>{TEXT}</p>"),
        (codecs.BOM_UTF16_BE + f"<p>{TEXT}</p>".encode("utf-16-be"), f"<p>{TEXT}</p>"),
        (f'<meta charset="windows-1252"><p>{TEXT}</p>'.encode("cp1252"), f'<meta charset="windows-1252"><p>{TEXT}</p>'),
        (f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>{TEXT}</p>'.encode("cp1252"),
         f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>{TEXT}</p>'),
        (f"<p>{TEXT}</p>".encode(), f"<p>{TEXT}</p>"),
    ],
)  # fmt: skip
def test_decoding_order(data: bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_undecodable_bytes_are_replaced() -> None:
    assert decode_html(b"<p>caf\xe9</p>") == "<p>caf\ufffd</p>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META CHARSET=Shift_JIS>", "shift_jis"),
        (b'<?xml version="1.0" encoding="koi8-r"?>', "koi8-r"),
        (b'<meta charset="gb2312">', "gb18030"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta charset="no-such-charset">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_encoding(head: bytes, expected: str | None) -> None:
    assert declared_encoding(head) == expected


def test_bytes_codec_named_as_charset_falls_back_to_utf8() -> None:
    assert decode_html(b'<meta charset="base64"><p>ok</p>') == '<meta charset="base64"><p>ok</p>'
