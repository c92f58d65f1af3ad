"""Reading untrusted documents safely, and cleaning the values read from them.

Feeds, sitemaps and OPML files come from strangers. Before any XML parser sees one we
decode it ourselves, so every check looks at exactly the text the parser will read, and
we refuse documents that declare entities: billion laughs, quadratic blow-up and external
entities all need a declaration, and no feed needs one. What we parse ourselves goes
through defusedxml as a second lock.

The value helpers at the bottom are shared by every format: plain text from markup,
absolute http(s) URLs only (never ``javascript:`` or ``file:``), short language codes and
timestamps that cannot overflow.
"""

from __future__ import annotations

import codecs
import html
import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin
from xml.etree.ElementTree import Element
from xml.parsers import expat

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

__all__ = [
    "XmlRejected",
    "absolute_http_url",
    "clean_text",
    "declares_entities",
    "decode_xml",
    "language_code",
    "local_name",
    "parse_datetime",
    "parse_untrusted_xml",
    "root_element_name",
    "utf8_document",
]


class XmlRejected(Exception):
    """The document is broken or unsafe XML; the message says which, for a person."""


# (byte prefix, encoding). UTF-32 first: its little-endian BOM starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# Without a BOM, the first ASCII character ("<" or a space) shows the width and order
# (XML 1.0, appendix F).
_WIDE = (
    (re.compile(rb"\x00\x00\x00[\x09\x0a\x0d\x20<]"), "utf-32-be"),
    (re.compile(rb"[\x09\x0a\x0d\x20<]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\x00[\x09\x0a\x0d\x20<]\x00[\x00-\x7f]"), "utf-16-be"),
    (re.compile(rb"[\x09\x0a\x0d\x20<]\x00[\x00-\x7f]\x00"), "utf-16-le"),
    (re.compile(rb"\x4c\x6f\xa7\x94"), "cp037"),  # "<?xm" in EBCDIC
)
_DECLARED = re.compile(
    rb"""^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
_XML_DECLARATION = re.compile(r"^<\?xml\s[^>]*>")
# The declaration was just read as ASCII, so an encoding that reads ASCII otherwise
# contradicts it: UTF-7 and the escape codecs ("+" and "\" here), a known smuggling trick.
_ASCII_PROBE = b'<?xml version="1.0"?><!ENTITY &#38; abc XYZ 019 +-\\>\n'
# Labels browsers read as windows-1252, which only adds printable characters.
_AS_WINDOWS_1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii"}
_SINGLE_BYTE = ("cp125", "iso8859-", "koi8-", "mac-")  # codecs.lookup() names


def decode_xml(body: bytes) -> str:
    """Decode an XML document as its BOM, its declaration or a sane fallback says."""
    for prefix, encoding in _BOMS:
        if body.startswith(prefix):
            return body[len(prefix) :].decode(encoding, "replace")
    for pattern, encoding in _WIDE:
        if pattern.match(body):
            # The byte pattern is surer than whatever the declaration then claims.
            return body.decode(encoding, "replace")
    declared = _declared_encoding(body) or "utf-8"
    try:
        as_utf8: str | None = body.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    # A CMS writing UTF-8 under an old Latin-1 template is common, and valid UTF-8 with
    # non-ASCII text is almost never meant as single-byte text ("Ã¶" for "ö").
    if as_utf8 is not None and (
        declared == "utf-8" or (declared.startswith(_SINGLE_BYTE) and not body.isascii())
    ):
        return as_utf8
    if declared != "utf-8":
        try:
            return body.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration; the fallbacks below usually get it right
    if as_utf8 is None and _mostly_utf8(body):
        return body.decode("utf-8", "replace")
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return body.decode("latin-1")  # defines every byte


def _declared_encoding(body: bytes) -> str | None:
    match = _DECLARED.match(body)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    if name == "gb2312":
        return "gb18030"  # a superset, which publishers use under the older label
    try:
        ascii_safe = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        ascii_safe = False
    return name if ascii_safe else None


def _mostly_utf8(body: bytes) -> bool:
    """True when a few bad bytes spoil an otherwise UTF-8 document."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - bad > bad


def utf8_document(text: str) -> bytes:
    """The text as UTF-8 bytes whose XML declaration says so."""
    text = text.lstrip("\ufeff")
    text = _XML_DECLARATION.sub("", text, count=1)
    return b'<?xml version="1.0" encoding="utf-8"?>' + text.encode("utf-8", "replace")


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class _RootReached(Exception):
    pass


class _EntityDeclared(Exception):
    pass


def declares_entities(document: bytes) -> bool:
    """Whether a UTF-8 XML document declares entities before its root element.

    Expat itself finds where the prolog ends, so comments and quoted strings cannot hide
    a declaration; a declaration is reported before any entity is expanded.
    """
    if _ENTITY_DECLARATION.search(document) is None:
        return False  # the common case, decided without a parser
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    prolog_end = [len(document)]

    def on_start(name: str, attributes: dict[str, str]) -> None:
        prolog_end[0] = parser.CurrentByteIndex
        raise _RootReached

    def on_entity(*declaration: object) -> None:
        raise _EntityDeclared

    parser.StartElementHandler = on_start
    parser.EntityDeclHandler = on_entity
    try:
        parser.Parse(document, True)
    except _EntityDeclared:
        return True
    except (_RootReached, expat.ExpatError):
        pass
    # Looser parsers (feedparser's fallback) read declarations anywhere in the prolog,
    # even inside comments, so any "<!ENTITY" before the root element counts.
    return _ENTITY_DECLARATION.search(document, 0, prolog_end[0]) is not None


_PROLOG_PART = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?[^>]*>", re.DOTALL | re.IGNORECASE
)
_ROOT_TAG = re.compile(r"<([^\s/>!?]+)")


def root_element_name(text: str) -> str | None:
    """The root element's name as written (``rss``, ``rdf:RDF``), or None."""
    position = 0
    while (match := _PROLOG_PART.match(text, position)) is not None and match.end() > position:
        position = match.end()
    root = _ROOT_TAG.match(text, position)
    return root.group(1) if root else None


def local_name(name: str) -> str:
    """``{namespace}name`` or ``prefix:name`` to ``name``."""
    return name.rpartition("}")[2].rpartition(":")[2]


def parse_untrusted_xml(body: bytes) -> Element:
    """Parse a document we read ourselves (sitemap, OPML) with every XML attack refused."""
    document = utf8_document(decode_xml(body))
    if declares_entities(document):
        raise XmlRejected("entity declarations are not allowed")
    try:
        return DefusedET.fromstring(
            document, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise XmlRejected(f"unsafe XML refused: {exc}") from exc
    except DefusedET.ParseError as exc:
        raise XmlRejected(f"broken XML: {exc}") from exc


# -- values read from documents ---------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
# Tags that separate words; inline ones (<b>, <a>) sit inside a sentence and do not.
_BREAKING_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|li|h[1-6]|tr|td|th|blockquote|pre|hr|dd|dt|figcaption)\b[^>]*>",
    re.IGNORECASE,
)


def clean_text(value: str | None) -> str | None:
    """Plain text from a field that may hold HTML or entities; None when empty."""
    if not value:
        return None
    text = html.unescape(_TAG.sub("", _BREAKING_TAG.sub(" ", value)))
    text = " ".join(text.split())
    return text or None


def absolute_http_url(link: str | None, base: str) -> str | None:
    """``link`` resolved against ``base`` when the result is http(s), else None."""
    if not link:
        return None
    try:
        resolved = urljoin(base, link.strip())
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return resolved if resolved.lower().startswith(("http://", "https://")) else None


def language_code(value: str | None) -> str | None:
    """``en-GB`` or ``de_AT`` to ``en``/``de``; None when it is not a language tag."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else None


_W3C_DATETIME = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|z|[+-]\d{2}:?\d{2})?)?)?)?"
)


def parse_datetime(value: str | None) -> datetime | None:
    """An RFC 3339 / W3C date-time (``2026``, ``2026-11-18``, ``…T10:00Z``) in UTC."""
    if not value:
        return None
    match = _W3C_DATETIME.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        zone_info = UTC
        if zone and zone not in ("Z", "z"):
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:])
            zone_info = timezone(timedelta(minutes=minutes if zone[0] == "+" else -minutes))
        moment = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
            int(second or 0), tzinfo=zone_info,
        )  # fmt: skip
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
