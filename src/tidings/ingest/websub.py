"""WebSub (W3C Recommendation) for subscribers: the pure parts.

A feed that names a hub pushes new content instead of waiting to be polled. Tidings asks
the hub to subscribe (``subscription_form``), answers the hub's intent check with its
challenge (``verify_intent``), accepts pushed content only with a valid HMAC signature
(``signature_ok``) and renews leases before they end (``needs_subscription``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.models import Source

__all__ = [
    "IntentCheck",
    "needs_subscription",
    "new_secret",
    "signature_ok",
    "subscription_form",
    "verify_intent",
]

# Renew this long before the lease ends, so a slow hub never leaves a gap.
RENEW_BEFORE = timedelta(days=1)
# Do not ask a hub again sooner than this after a request it has not confirmed.
RETRY_REQUEST_AFTER = timedelta(hours=6)
# A hub's lease is believed up to this long; a longer (or absurd) one is read as this.
LONGEST_LEASE = timedelta(days=3650)
_ALGORITHMS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


def new_secret() -> str:
    """A fresh per-subscription HMAC secret (40 hex characters)."""
    return secrets.token_hex(20)


def subscription_form(
    *, callback: str, topic: str, secret: str, lease_seconds: int
) -> dict[str, str]:
    """The form body of a subscription request to a hub."""
    return {
        "hub.mode": "subscribe",
        "hub.callback": callback,
        "hub.topic": topic,
        "hub.secret": secret,
        "hub.lease_seconds": str(lease_seconds),
    }


@dataclass(frozen=True, slots=True)
class IntentCheck:
    """How to answer a hub's verification request."""

    accept: bool
    challenge: str = ""
    state: str | None = None  # the source's new websub_state
    lease_until: datetime | None = None


def verify_intent(source: Source, query: dict[str, str], now: datetime) -> IntentCheck:
    """Answer the hub's GET: echo the challenge only for a subscription we asked for."""
    mode = query.get("hub.mode", "")
    topic = query.get("hub.topic", "")
    if source.websub_topic is None or topic != source.websub_topic:
        return IntentCheck(accept=False)
    if mode == "denied":
        return IntentCheck(accept=True, state="denied")
    challenge = query.get("hub.challenge", "")
    if mode != "subscribe" or not challenge or source.websub_state not in ("requested", "verified"):
        return IntentCheck(accept=False)
    try:
        lease = int(query.get("hub.lease_seconds", "0"))
    except ValueError:
        lease = 0
    lease_until = (
        now + min(timedelta(seconds=min(lease, 10**12)), LONGEST_LEASE) if lease > 0 else None
    )
    return IntentCheck(accept=True, challenge=challenge, state="verified", lease_until=lease_until)


def signature_ok(secret: str | None, body: bytes, header: str | None) -> bool:
    """Whether ``X-Hub-Signature: method=hex`` is the HMAC of ``body`` under ``secret``."""
    if not secret or not header or "=" not in header:
        return False
    method, _, given = header.partition("=")
    algorithm = _ALGORITHMS.get(method.strip().lower())
    if algorithm is None:
        return False
    expected = hmac.new(secret.encode(), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def needs_subscription(source: Source, hub_url: str | None, topic: str, now: datetime) -> bool:
    """Whether to (re)subscribe: a new or changed hub, a lease about to end, or a
    request that was never confirmed and is old enough to ask again."""
    if not hub_url:
        return False
    if source.websub_hub != hub_url or source.websub_topic != topic:
        return True
    if source.websub_state == "verified":
        return source.websub_lease_until is None or source.websub_lease_until - now < RENEW_BEFORE
    if source.websub_state == "denied":
        return False
    # "requested": the hub has not verified; ask again after a while.
    lease_until = source.websub_lease_until
    return lease_until is None or now >= lease_until
