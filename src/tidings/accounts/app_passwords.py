"""App passwords for the reader apps (issue #18): made here, kept only as hashes.

An app password is random (100 bits), shown once, and stands for the account in one app;
revoking it signs that app out without touching the account password. The store keeps
its SHA-256 (a random secret needs no slow hash: nothing can be guessed from it) and the
Fever key, md5("username:app password"), because the Fever protocol sends exactly that.
Neither is derived from the account password.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = [
    "MAX_NAME",
    "app_password_hash",
    "check_app_password_name",
    "fever_key",
    "new_app_password",
]

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: typed from a screen
_GROUPS, _GROUP = 4, 5
MAX_NAME = 64


def new_app_password() -> str:
    """A fresh app password such as ``k7mqa-x2bzr-9tfwe-hp3nd``."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP)) for _ in range(_GROUPS))
    return "-".join(groups)


def app_password_hash(password: str) -> str:
    """What the store keeps of an app password: its SHA-256, hex."""
    return hashlib.sha256(password.strip().encode("utf-8")).hexdigest()


def fever_key(username: str, password: str) -> str:
    """The Fever API key of an app password: md5 of "username:password", hex."""
    text = f"{username}:{password.strip()}"
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def check_app_password_name(name: str) -> str | None:
    """What is wrong with ``name`` as an app password's name (a sentence), or None."""
    if not name.strip():
        return "Give the app password a name, such as the app it is for."
    if len(name.strip()) > MAX_NAME:
        return "An app password's name may have at most 64 characters."
    return None
