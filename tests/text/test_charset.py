"""Bytes to text: charset precedence and fallbacks, the same for every caller."""

from __future__ import annotations

import codecs
import random

import pytest

from tidings.extract import extract_article
from tidings.pipeline import extract_page
from tidings.text.charset import body_kind, declared_encoding, decode_body, decode_html

GREEK = "Καλημέρα κόσμε"
TEXT = "Grüße aus Köln – „Zitat“"


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


def test_binary_is_not_taken_for_windows_1252() -> None:
    body = random.Random(7).randbytes(30_000)
    assert decode_body(body, content_type_charset=None, kind="html") == body.decode(
        "utf-8", errors="replace"
    )


def test_utf8_with_a_stray_bad_byte_stays_utf8() -> None:
    body = "Καλημέρα, naïve café".encode() + b"\xff"
    text = decode_body(body, content_type_charset=None, kind="other")
    assert text.startswith("Καλημέρα, naïve café") and text.endswith("\ufffd")


def test_never_raises_on_garbage() -> None:
    for body in (b"", b"\xff\xfe\x00", bytes(range(256)) * 10, b"\xef\xbb"):
        for kind in ("xml", "html", "other"):
            assert isinstance(decode_body(body, content_type_charset="utf-8", kind=kind), str)
            assert isinstance(decode_body(body, content_type_charset=None, kind=kind), str)


@pytest.mark.parametrize("label", ["idna", "punycode", "undefined"])
def test_codecs_that_cannot_replace_fall_through(label: str) -> None:
    body = "naïve".encode()
    assert decode_body(body, content_type_charset=label, kind="html") == "naïve"
    declared = f'<meta charset="{label}">naïve'.encode()
    assert decode_body(declared, content_type_charset=None, kind="html").endswith("naïve")


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
    page = b'<meta charset="utf-8"><p>caf\xe9</p>'
    assert decode_html(page) == '<meta charset="utf-8"><p>caf\ufffd</p>'


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


def test_utf7_declared_in_the_document_means_utf8() -> None:
    assert decode_html(b'<meta charset="utf-7"><p>a+AGQ-b</p>').endswith("<p>a+AGQ-b</p>")


URL = "https://news.example/2024/bridge"
ARTICLE = (
    "<p>The council said the “temporary” closure of the bridge would last until the end of "
    "the month – déjà vu for residents who remember the repairs of the past years.</p>"
) * 6


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(ARTICLE.encode("cp1252"), id="undeclared-cp1252-smart-quotes"),
        pytest.param(
            b'<meta charset="iso-8859-1">' + ARTICLE.encode("cp1252"), id="declared-latin-1"
        ),
        pytest.param(codecs.BOM_UTF8 + ARTICLE.encode(), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), id="utf-32-bom"),
        pytest.param(
            b'<meta charset="no-such-charset">' + ARTICLE.encode("cp1252"), id="unknown-charset"
        ),
        pytest.param(b'<meta charset="utf-16">' + ARTICLE.encode(), id="impossible-charset"),
    ],
)
def test_extraction_and_ingest_decode_page_bytes_alike(page: bytes) -> None:
    # extract_article given bytes (tidings extract, the evaluation) and the pipeline given a
    # fetched body without a header charset once had two decoders that disagreed.
    direct = extract_article(page, URL)
    ingested = extract_page(page, URL, charset=None)
    assert direct.text == ingested.text
    assert "“temporary” closure" in direct.text and "month – déjà vu" in direct.text
