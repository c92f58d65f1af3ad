"""Sign-in throttling: failed attempts per username and per address, and the lockout.

Failures are rows in the database (``login_failures``), so the limit holds across
restarts and across several web processes. A key is locked while it has at least its
``max_failures`` within the last ``window``; it opens again when the oldest of those ages
out of the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["IP_FACTOR", "LoginLimit", "locked_until", "login_limits"]

# Many readers can share one address (a household, an office, a mobile carrier's NAT):
# an address may fail this many times as often as one username.
IP_FACTOR = 4


@dataclass(frozen=True, slots=True)
class LoginLimit:
    """At most ``max_failures`` failed sign-ins for ``key`` within the window."""

    key: str
    max_failures: int


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
