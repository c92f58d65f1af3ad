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


def strip_control_chars(value: str) -> str:
    """Remove characters no HTML parser accepts (NUL, C0 controls, lone surrogates)."""
    return _CONTROL.sub("", value)


def match_key(value: str, length: int = 80) -> str:
    """A loose key to recognise the same paragraph in two renderings of a page."""
    return re.sub(r"\W+", "", value.casefold())[:length]


# What XML 1.0 (and so lxml) cannot hold: most C0 controls, lone surrogates, U+FFFE/FFFF.
# A page's markup cannot carry them, but its JSON-LD can ("\u0001" in a caption).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an lxml element's text or attribute refuses."""
    return _NOT_XML.sub("", text)
