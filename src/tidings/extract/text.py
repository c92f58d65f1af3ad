"""Whitespace and markup clean-up for the short strings pages carry (names, captions)."""

from __future__ import annotations

import html
import re

_SPACE = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{0,500}>")
# Zero-width and soft-hyphen characters survive copy-paste into CMSs and break matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# libxml2 refuses these; some pages carry them anyway.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def one_line(value: str) -> str:
    """Collapse all whitespace to single spaces and drop invisible characters."""
    return _ANY_SPACE.sub(" ", _INVISIBLE.sub("", value)).strip()


def paragraph(value: str) -> str:
    """Normalise a paragraph: single spaces, line breaks kept, no blank lines inside."""
    lines = (_SPACE.sub(" ", line).strip() for line in _INVISIBLE.sub("", value).split("\n"))
    return "\n".join(line for line in lines if line)


def plain(value: str | None) -> str | None:
    """Markup-free one-line text from a metadata string (JSON-LD may hold HTML), or None."""
    if value is None:
        return None
    text = one_line(html.unescape(_TAG.sub(" ", value)))
    return text or None


# A character reference the parser would turn into one of them ("&#x18;", "&#1;").
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _unsafe_reference(match: re.Match[str]) -> str:
    hex_digits, digits = match.groups()
    point = int(hex_digits, 16) if hex_digits else int(digits)
    if point > 0x10FFFF or _CONTROL.match(chr(point)):
        return ""
    return match.group(0)


def strip_control_chars(value: str) -> str:
    """Remove characters no HTML parser accepts (NUL, C0 controls, lone surrogates), and
    character references that spell them."""
    if "&#" in value:
        value = _REFERENCE.sub(_unsafe_reference, value)
    return _CONTROL.sub("", value)


def xml_text(value: str) -> str:
    """``value`` without the characters an lxml element's text or attribute refuses: a
    page's markup cannot carry them once parsed, but its JSON-LD can ("\\u0001")."""
    return _CONTROL.sub("", value)


def match_key(value: str, length: int = 80) -> str:
    """A loose key to recognise the same paragraph in two renderings of a page."""
    return re.sub(r"\W+", "", value.casefold())[:length]
