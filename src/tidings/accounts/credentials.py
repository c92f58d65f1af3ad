"""Usernames, password rules and argon2id hashes."""

from __future__ import annotations

import re

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "PASSWORD_TOO_LONG",
    "PASSWORD_TOO_SHORT",
    "USERNAME_RULE",
    "PasswordHasher",
    "check_password",
    "check_username",
    "normalise_username",
]

MIN_PASSWORD = 8
# argon2 hashes any length, but a megabyte "password" is only a way to waste our CPU.
MAX_PASSWORD = 1024
_USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{1,30}[a-z0-9]")

# What is wrong with a new username or password, as said to the user (the web layer says
# the same sentences in the UI language: tidings.web.accounts.account_views.problem_text).
USERNAME_RULE = (
    "A username has 3 to 32 letters (a–z), digits, dots, dashes or underscores, "
    "and starts and ends with a letter or digit."
)
PASSWORD_TOO_SHORT = "A password needs at least 8 characters."  # noqa: S105 - a message
PASSWORD_TOO_LONG = "A password may have at most 1024 characters."  # noqa: S105 - a message


def normalise_username(name: str) -> str:
    """The stored form of a username: trimmed and lower-cased ("Ada" and "ada" are one)."""
    return name.strip().lower()


def check_username(name: str) -> str | None:
    """What is wrong with ``name`` as a new username (a sentence to show), or None."""
    if not _USERNAME.fullmatch(normalise_username(name)):
        return USERNAME_RULE
    return None


def check_password(password: str) -> str | None:
    """What is wrong with ``password`` as a new password (a sentence to show), or None."""
    if len(password) < MIN_PASSWORD:
        return PASSWORD_TOO_SHORT
    if len(password) > MAX_PASSWORD:
        return PASSWORD_TOO_LONG
    return None


class PasswordHasher:
    """argon2id hashes with the library's current parameters (RFC 9106, low memory).

    A hash made with other parameters still verifies; ``needs_rehash`` says to store a new
    one at the next successful sign-in, so raising the parameters upgrades every account.
    """

    def __init__(self, hasher: argon2.PasswordHasher | None = None) -> None:
        self._hasher = hasher or argon2.PasswordHasher(type=argon2.Type.ID)
        # Verified against when a username is unknown, so the answer takes as long.
        self._decoy = self._hasher.hash("tidings decoy password")

    def hash(self, password: str) -> str:
        """A new salted argon2id hash of ``password``."""
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Whether ``password`` matches ``stored`` (None: an unknown user, always False)."""
        try:
            return self._hasher.verify(stored or self._decoy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether ``stored`` was made with other parameters than ours."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True
