"""Sign-in throttling: failed attempts per username and per address, and the lockout.

Failures are rows in the database (``login_failures``), so the limit holds across
restarts and across several web processes. A key is locked while it has at least its
``max_failures`` within the last ``window``; it opens again when the oldest of those ages
out of the window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from tidings.accounts.models import LoginLimit

__all__ = ["IP_FACTOR", "LoginLimit", "locked_until", "lockout", "login_limits"]

# Many readers can share one address (a household, an office, a mobile carrier's NAT):
# an address may fail this many times as often as one username.
IP_FACTOR = 4


def login_limits(username: str, address: str | None, max_failures: int) -> list[LoginLimit]:
    """The limits a sign-in as ``username`` from ``address`` is held to."""
    limits = [LoginLimit(f"user:{username}", max_failures)]
    if address:
        limits.append(LoginLimit(f"ip:{address}", max_failures * IP_FACTOR))
    return limits


def locked_until(
    failures: list[datetime], max_failures: int, now: datetime, window: timedelta
) -> datetime | None:
    """When a key with these failure times (any order) opens again; None when open now."""
    recent = sorted((t for t in failures if t > now - window), reverse=True)
    if len(recent) < max_failures:
        return None
    return recent[max_failures - 1] + window


def lockout(
    limits: Sequence[LoginLimit],
    failures: Mapping[str, list[datetime]],
    *,
    now: datetime,
    window: timedelta,
) -> datetime | None:
    """When the last of these keys opens again, given each key's recent failure times
    (``recent_login_failures`` of the store); None when none is locked."""
    latest: datetime | None = None
    for limit in limits:
        until = locked_until(failures.get(limit.key, []), limit.max_failures, now, window)
        if until is not None and (latest is None or until > latest):
            latest = until
    return latest
