"""Read the dates publishers write into their markup as aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Offsets written without a colon (+0100) or as a bare hour (+01) trip up older parsers
# and some publishers' templates emit them; normalise to +01:00.
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})?$")
_FRACTION = re.compile(r"(\.\d{1,6})\d*")


def parse_datetime(value: object) -> datetime | None:
    """Parse an ISO 8601 (or RFC 2822) date; naive values are taken as UTC."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not 4 <= len(text) <= 64:
        return None
    parsed = _parse_iso(text) or _parse_rfc2822(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed past the range by its offset
        return None


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", text) else text
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    if "T" in candidate:
        day, _, clock = candidate.partition("T")
        clock = _FRACTION.sub(r"\1", clock)
        clock = _OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3] or '00'}", clock)
        candidate = f"{day}T{clock}"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
