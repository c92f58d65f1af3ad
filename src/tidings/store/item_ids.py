"""The reader apps' integer article ids (issue #18).

Each article gets one when it is stored: its discovery time in microseconds since 1970,
or one more than the last id handed out when that is not larger. Ids so grow with crawl
time (Fever clients page forwards with ``since_id``), are unique (a unique index says so,
and a taken one is never reused silently), and stay below 2**53 until the year 2255, so
JavaScript clients that parse JSON numbers as doubles read them exactly. Both are within
the signed 64-bit range every API form (GReader's 16 hex digits, signed decimal) needs.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["MAX_ITEM_ID", "item_id_base", "next_item_id"]

MAX_ITEM_ID = 2**63 - 1  # signed 64-bit


def item_id_base(discovered_at: datetime) -> int:
    """The id an article discovered at this moment gets when no larger one is taken."""
    moment = discovered_at.astimezone(UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def next_item_id(discovered_at: datetime, last: int) -> int:
    """The next id after ``last`` (the largest taken so far) for an article discovered now."""
    return max(item_id_base(discovered_at), last + 1)
