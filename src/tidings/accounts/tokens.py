"""Random tokens, their stored hashes, and HMAC signatures for CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["new_token", "sign", "token_hash", "tokens_match"]


def new_token() -> str:
    """A new random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a session token: its SHA-256, so a leaked table is useless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign(secret: str, purpose: str, value: str) -> str:
    """An HMAC-SHA256 of ``value`` for ``purpose`` under ``secret``, as hex."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def tokens_match(given: str | None, expected: str) -> bool:
    """Compare in constant time; a missing token never matches."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
