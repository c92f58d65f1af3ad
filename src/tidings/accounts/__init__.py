"""Reader accounts (issue #7): who a reader is, how they prove it, what they follow.

Pure code only: value objects (``models``), password hashing and the rules for names and
passwords (``credentials``), tokens and their signatures (``tokens``), sign-in throttling
(``throttle``) and the "For you" ranking (``for_you``). The store keeps the rows
(``tidings.store.sql_users``); the web layer (``tidings.web.accounts``) ties them to
requests, cookies and forms.
"""

from __future__ import annotations

from tidings.accounts.credentials import (
    PasswordHasher,
    check_password,
    check_username,
    normalise_username,
)
from tidings.accounts.models import (
    Follow,
    FollowKind,
    Mute,
    MuteKind,
    ReadingEntry,
    Role,
    SavedEntry,
    User,
)
from tidings.accounts.throttle import LoginLimit, login_limits

__all__ = [
    "Follow",
    "FollowKind",
    "LoginLimit",
    "Mute",
    "MuteKind",
    "PasswordHasher",
    "ReadingEntry",
    "Role",
    "SavedEntry",
    "User",
    "check_password",
    "check_username",
    "login_limits",
    "normalise_username",
]
