"""Turn the bytes of a page into text the way a browser would, near enough."""

from __future__ import annotations

import codecs
import re

# A browser looks for the declaration in the first 1024 bytes; real pages sometimes put
# a long <head> of scripts first, so we look a little further.
_PRESCAN_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">
# and <?xml ... encoding="x"?> all name the encoding the same way.
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# The WHATWG Encoding Standard reads these labels as supersets; pages labelled latin-1
# are nearly always windows-1252 in practice (curly quotes in the 0x80-0x9f range).
_WHATWG_ALIASES = {
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
    # A <meta> cannot truthfully declare UTF-16: the bytes that carry it would be unreadable.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-7": "utf-8",
}


def decode_html(data: bytes) -> str:
    """Decode page bytes by BOM, then declared charset, else UTF-8 with replacement."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    encoding = declared_encoding(data[:_PRESCAN_BYTES]) or "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # a bytes-to-bytes codec such as base64 named as a charset
        return data.decode("utf-8", errors="replace")


def declared_encoding(head: bytes) -> str | None:
    """The Python codec named by the first charset declaration in ``head``, if known."""
    for match in _DECLARED.finditer(head):
        label = (match.group(1) or match.group(2)).decode("ascii", "ignore").strip().lower()
        label = _WHATWG_ALIASES.get(label, label)
        try:
            return codecs.lookup(label).name
        except LookupError:
            continue
    return None
