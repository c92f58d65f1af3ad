"""Numbers and days from URLs and forms, checked before they reach the store or a datetime.

SQLite and PostgreSQL keep ids as signed 64-bit integers: binding a larger Python int
raises ``OverflowError``, and ``int()`` takes "²" for a digit and then fails. A day past
``date.max`` overflows too. So every id, count and day a request carries is read here:

- ``parse_number`` and ``parse_id``: ASCII digits only, at most ``ID_MAX``; None
  otherwise, so that a view answers 404 (a path) or 422 (a malformed filter);
- ``is_hex_id`` and ``hex_id_or_404``: an article's or a story's id, 32 lowercase hex
  digits (the hash the id is made of); 404 for anything else, before the store is asked;
- ``parse_day``: a ``YYYY-MM-DD`` day, 422 for anything else;
- ``day_span``: a from/to pair of days as the times they span; a last day at the end
  of the calendar means no end, rather than a day after it that no datetime holds.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from fastapi import HTTPException

from tidings.web.i18n import gettext as _

__all__ = [
    "ID_MAX",
    "day_span",
    "hex_id_or_404",
    "id_or_404",
    "is_hex_id",
    "parse_day",
    "parse_id",
    "parse_number",
]

ID_MAX = 2**63 - 1  # the largest id a BIGINT (SQLite INTEGER, PostgreSQL bigint) holds
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def parse_number(text: str, *, most: int = ID_MAX) -> int | None:
    """``text`` as a whole number from 0 to ``most``, written in ASCII digits; None for
    anything else (a sign, a space, another script's digits, a number past ``most``)."""
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(most)):
        return None
    value = int(text)
    return value if value <= most else None


def parse_id(text: str) -> int | None:
    """``text`` as a row id a store can hold; None for anything no row can have."""
    return parse_number(text)


def id_or_404(text: str, detail: str) -> int:
    """``text`` as a row id; 404 with ``detail`` (translated) when no row can have it."""
    found = parse_id(text)
    if found is None:
        raise HTTPException(status_code=404, detail=detail)
    return found


def is_hex_id(text: str) -> bool:
    """Whether ``text`` can be an article's or a story's id: 32 lowercase hex digits."""
    return _HEX_ID.fullmatch(text) is not None


def hex_id_or_404(text: str, detail: str) -> str:
    """``text`` as an article or story id; 404 with ``detail`` when no row can have it."""
    if not is_hex_id(text):
        raise HTTPException(status_code=404, detail=detail)
    return text


def parse_day(text: str | None, field: str) -> date | None:
    """The day in a ``YYYY-MM-DD`` parameter (None when empty); 422 naming ``field`` (the
    form's label, translated) for anything else."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        detail = _("%(field)s is not a date (YYYY-MM-DD).") % {"field": field}
        raise HTTPException(status_code=422, detail=detail) from None


def day_span(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """From the start of ``first`` to the end of ``last`` (UTC), None for an open end; the
    end of ``date.max`` is no end at all (the next day is past every datetime)."""
    since = datetime.combine(first, time(), UTC) if first else None
    if last is None or last == date.max:
        return since, None
    return since, datetime.combine(last + timedelta(days=1), time(), UTC)
