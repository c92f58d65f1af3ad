"""Author names as publishers write them, tidied into a tuple of people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tidings.extract.text import plain

_PREFIX = re.compile(r"^(?:by|von|par|por|di|door|av|af|written by|text:|text von)\s+", re.I)
# Bylines join several people in one string: "Jane Doe and John Roe", "A, B und C".
_SEPARATORS = re.compile(r"\s*(?:,|;|\||\band\b|&|\bund\b)\s*", re.I)
# Dates and URLs share byline elements with names; real names carry no digits.
_NOT_A_NAME = re.compile(r"(?:https?://|www\.|@|\.com\b|\d)", re.I)
_MAX_NAME = 80


def clean_authors(values: Iterable[str], *, split: bool = False) -> tuple[str, ...]:
    """Strip "By " prefixes, drop URLs and e-mail addresses, de-duplicate, keep order.

    ``split`` breaks joined bylines ("A and B") apart; JSON-LD names are one person each.
    """
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in split_byline(value) if split else [value]:
            cleaned = clean_author(name)
            if cleaned and cleaned.casefold() not in seen:
                seen.add(cleaned.casefold())
                names.append(cleaned)
    return tuple(names)


def clean_author(value: str) -> str | None:
    """One tidy author name, or None when the value is not a name."""
    text = plain(value)
    if not text:
        return None
    text = _PREFIX.sub("", text).strip(" ,;:-–—|")
    if not text or len(text) > _MAX_NAME or _NOT_A_NAME.search(text):
        return None
    return text


def split_byline(value: str) -> list[str]:
    """The names in a byline string: "By A, B and C" gives ["A", "B", "C"]."""
    text = plain(value) or ""
    text = _PREFIX.sub("", text)
    return [part for part in _SEPARATORS.split(text) if part]
