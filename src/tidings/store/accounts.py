"""Readers' accounts: users, sessions, sign-in limits, follows, mutes, saved, history.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from tidings.accounts.models import (
    Follow,
    FollowKind,
    LoginLimit,
    Mute,
    MuteKind,
    ReadingEntry,
    Role,
    SavedEntry,
    User,
)
from tidings.store.sql_follows import CandidateRow

__all__ = ["Accounts"]


class Accounts(Protocol):
    """Readers' accounts: users, sessions, sign-in limits, follows, mutes, saved, history."""

    def create_user(
        self,
        username: str,
        password_hash: str,
        *,
        now: datetime,
        email: str | None = None,
        role: Role = Role.READER,
    ) -> User:
        """A new account; ``UsernameTaken`` when the (normalised) name is in use."""
        ...

    def get_user(self, user_id: int) -> User:
        """One account; ``NotFound`` when there is none."""
        ...

    def find_user(self, username: str) -> User | None:
        """The account with this (normalised) username, if any."""
        ...

    def user_credentials(self, username: str) -> tuple[User, str] | None:
        """The account and its password hash, for signing in."""
        ...

    def list_users(self) -> list[User]:
        """Every account, oldest first."""
        ...

    def count_users(self) -> int:
        """How many accounts there are."""
        ...

    def set_password(
        self, user_id: int, password_hash: str, *, now: datetime, sign_out: bool = True
    ) -> None:
        """Store a new password hash; with ``sign_out`` (a changed password, not a rehash)
        every session of the user ends."""
        ...

    def set_role(self, user_id: int, role: Role) -> None:
        """Make the user a reader, moderator or admin."""
        ...

    def delete_user(self, user_id: int) -> None:
        """Delete the account and every row of its data, in one transaction."""
        ...

    def create_session(
        self, user_id: int, token_hash: str, *, now: datetime, expires_at: datetime
    ) -> None:
        """Remember a signed-in browser by its token's hash; drops the user's expired ones."""
        ...

    def session_user(self, token_hash: str, now: datetime) -> User | None:
        """The user signed in with this session, unless it expired or is unknown."""
        ...

    def delete_session(self, token_hash: str) -> None:
        """Sign one browser out."""
        ...

    def count_sessions(self, user_id: int) -> int:
        """How many sessions the user has (expired ones included until pruned)."""
        ...

    def recent_login_failures(
        self, limits: Sequence[LoginLimit], *, now: datetime, window: timedelta
    ) -> dict[str, list[datetime]]:
        """Each key's failed sign-ins within ``window``, newest first, at most its limit's
        ``max_failures`` (all that ``accounts.throttle.lockout`` needs to decide)."""
        ...

    def record_login_failure(
        self, keys: Sequence[str], *, now: datetime, forget_before: datetime
    ) -> None:
        """Note a failed sign-in under each key; failures older than ``forget_before`` go."""
        ...

    def clear_login_failures(self, key: str) -> None:
        """Forget a key's failures (a username after a good sign-in)."""
        ...

    def site_secret(self, name: str, candidate: str) -> str:
        """The secret stored under ``name``; the first caller's ``candidate`` becomes it."""
        ...

    def follow(
        self,
        user_id: int,
        kind: FollowKind,
        target: str,
        *,
        now: datetime,
        anchor: str | None = None,
    ) -> None:
        """Follow a hashtag, source or story (``anchor``: one of the story's articles);
        following something muted unmutes it."""
        ...

    def unfollow(self, user_id: int, kind: FollowKind, target: str) -> None:
        """Stop following; a story also when it was followed before a merge into this one."""
        ...

    def follows(self, user_id: int) -> list[Follow]:
        """Everything the user follows, newest first; stories as they stand now."""
        ...

    def mute(self, user_id: int, kind: MuteKind, target: str, *, now: datetime) -> None:
        """Never show this hashtag or source in "For you"; muting unfollows it."""
        ...

    def unmute(self, user_id: int, kind: MuteKind, target: str) -> None:
        """Show this hashtag or source again."""
        ...

    def mutes(self, user_id: int) -> list[Mute]:
        """Everything the user muted, newest first."""
        ...

    def follow_state(self, user_id: int, kind: FollowKind, target: str) -> tuple[bool, bool]:
        """Whether the user follows, and whether they muted, this thing."""
        ...

    def save_article(self, user_id: int, article_id: str, *, now: datetime) -> None:
        """Put an article on the user's list (saving it again changes nothing)."""
        ...

    def unsave_article(self, user_id: int, article_id: str) -> None:
        """Take an article off the user's list."""
        ...

    def is_saved(self, user_id: int, article_id: str) -> bool:
        """Whether the article is on the user's list."""
        ...

    def saved_articles(self, user_id: int, *, limit: int, offset: int = 0) -> list[SavedEntry]:
        """The user's list, last saved first."""
        ...

    def record_reading(self, user_id: int, article_id: str, *, now: datetime) -> None:
        """Note that the user opened the article now (one row per article), and mark it
        read for the reader apps."""
        ...

    def reading_history(self, user_id: int, *, limit: int, offset: int = 0) -> list[ReadingEntry]:
        """What the user opened, most recent first."""
        ...

    def clear_reading_history(self, user_id: int) -> int:
        """Forget everything the user read; how many entries went."""
        ...

    def for_you_candidates(self, *, since: datetime, limit: int) -> list[CandidateRow]:
        """Original articles from ``since`` on, newest first, at most ``limit``."""
        ...
