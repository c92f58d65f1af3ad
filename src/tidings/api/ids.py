"""The id forms the reader-app protocols use.

Articles: the store's item id (``tidings.store.item_ids``), a positive integer below
2**63. Google Reader clients send it long (``tag:google.com,2005:reader/item/`` and 16
hex digits), as hex with or without the padding, or as a signed decimal; Fever and
Miniflux as a decimal. Folders have names; Fever and Miniflux need integers for them.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "LONG_ITEM_PREFIX",
    "folder_number",
    "long_item_id",
    "parse_id_list",
    "parse_item_id",
    "parse_number",
]

LONG_ITEM_PREFIX = "tag:google.com,2005:reader/item/"
_HEX = re.compile(r"[0-9a-fA-F]{1,16}")
_DECIMAL = re.compile(r"-?[0-9]{1,20}")
_MAX = 2**63 - 1


def long_item_id(item_id: int) -> str:
    """The Google Reader long form: the prefix and 16 hex digits."""
    return f"{LONG_ITEM_PREFIX}{item_id & 0xFFFFFFFFFFFFFFFF:016x}"


def parse_item_id(text: str) -> int | None:
    """An item id from any form a client sends, or None when it is none of them.

    The long form's digits are hex (padded or not). Bare, 16 characters are hex when one
    is a letter or the first is 0 (a decimal has no leading zero; item ids below 2**53
    are 00... in 16 hex digits); any other string of digits is decimal (Google Reader's
    short form, possibly negative: the same 64 bits, signed).
    """
    text = text.strip()
    if text.startswith(LONG_ITEM_PREFIX):
        digits = text[len(LONG_ITEM_PREFIX) :]
        if not _HEX.fullmatch(digits):
            return None
        value = int(digits, 16)
    elif len(text) == 16 and _HEX.fullmatch(text) and (text[0] == "0" or not text.isdigit()):
        value = int(text, 16)
    elif _DECIMAL.fullmatch(text):
        value = int(text)
        if value < 0:
            value += 2**64
    else:
        return None
    return value if 0 < value <= _MAX else None


def parse_number(text: str, *, most: int = _MAX) -> int | None:
    """A non-negative decimal integer up to ``most``, or None."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 20:
        return None
    value = int(text)
    return value if value <= most else None


def parse_id_list(text: str, *, most_ids: int) -> list[int] | None:
    """Comma-separated decimal ids ("1,2,3"), at most ``most_ids``; None when malformed."""
    parts = [p for p in text.split(",") if p.strip()]
    if len(parts) > most_ids:
        return None
    found = [parse_number(p) for p in parts]
    if any(v is None for v in found):
        return None
    return [v for v in found if v is not None]


def folder_number(name: str) -> int:
    """A folder's stable integer id (1 to 2**31 - 1) from its name: the same name always
    gets the same number, on every request and every process."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % (2**31 - 1) + 1
