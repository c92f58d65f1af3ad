"""Accounts' value objects: users and their roles, follows, mutes, saves, reading history."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = [
    "FOLLOW_KINDS",
    "MUTE_KINDS",
    "Follow",
    "FollowKind",
    "Mute",
    "MuteKind",
    "ReadingEntry",
    "Role",
    "SavedEntry",
    "User",
]

FollowKind = Literal["hashtag", "source", "story"]
MuteKind = Literal["hashtag", "source"]
FOLLOW_KINDS: tuple[FollowKind, ...] = ("hashtag", "source", "story")
MUTE_KINDS: tuple[MuteKind, ...] = ("hashtag", "source")


class Role(enum.StrEnum):
    """What a user may do; each role may do everything the ones before it may."""

    READER = "reader"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Reader 0, moderator 1, admin 2."""
        return _RANKS[self]

    def includes(self, other: Role) -> bool:
        """Whether this role may do what ``other`` may."""
        return self.rank >= other.rank


_RANKS = {Role.READER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class User:
    """A reader's account (never its password hash)."""

    id: int
    username: str
    email: str | None
    role: Role
    created_at: datetime
    password_changed_at: datetime

    def has_role(self, role: Role) -> bool:
        """Whether the user's role includes ``role``."""
        return self.role.includes(role)


@dataclass(frozen=True, slots=True)
class Follow:
    """Something a reader follows: a hashtag (slug), a source (id) or a story (id).

    A story's ``target`` is the story as it stands now: stories merge, so a follow also
    keeps one of the story's articles and follows wherever that article went.
    """

    kind: FollowKind
    target: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Mute:
    """A hashtag (slug) or source (id) a reader never wants in "For you"."""

    kind: MuteKind
    target: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SavedEntry:
    """An article a reader saved to their list."""

    article_id: str
    title: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class ReadingEntry:
    """An article a signed-in reader opened, last time they did."""

    article_id: str
    title: str
    read_at: datetime


@dataclass(frozen=True, slots=True)
class LoginLimit:
    """At most ``max_failures`` failed sign-ins for ``key`` within the window."""

    key: str
    max_failures: int
