"""Comments' value objects: a comment, a report, a ban, a switched-off target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = [
    "REPORT_REASONS",
    "SWITCH_KINDS",
    "TARGET_KINDS",
    "Ban",
    "Comment",
    "CommentReport",
    "CommentSwitch",
    "ReportReason",
    "SwitchKind",
    "TargetKind",
]

TargetKind = Literal["article", "story"]
TARGET_KINDS: tuple[TargetKind, ...] = ("article", "story")
# Comments switch off per site (a setting), per source, per article and per story.
SwitchKind = Literal["source", "article", "story"]
SWITCH_KINDS: tuple[SwitchKind, ...] = ("source", "article", "story")
ReportReason = Literal["spam", "abuse", "off-topic", "other"]
REPORT_REASONS: tuple[ReportReason, ...] = ("spam", "abuse", "off-topic", "other")


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment as stored: its markdown source, never rendered HTML.

    ``parent_id`` is None for a top-level comment; replies are one level deep. ``user_id``
    and ``author`` are None once the author's account is deleted (a placeholder stays
    only where others replied). ``hidden_*`` is a moderator's decision.
    """

    id: int
    target_kind: TargetKind
    target_id: str
    parent_id: int | None
    user_id: int | None
    author: str | None
    body: str
    created_at: datetime
    edited_at: datetime | None = None
    deleted: bool = False
    hidden_at: datetime | None = None
    hidden_by: int | None = None
    hidden_reason: str | None = None
    report_count: int = 0

    @property
    def hidden(self) -> bool:
        """Whether a moderator hid it."""
        return self.hidden_at is not None

    @property
    def visible(self) -> bool:
        """Shown to readers and counted: neither deleted nor hidden."""
        return not self.deleted and self.hidden_at is None


@dataclass(frozen=True, slots=True)
class CommentReport:
    """A reader's report of a comment (one per reader and comment)."""

    comment_id: int
    user_id: int
    reporter: str
    reason: ReportReason
    note: str | None
    created_at: datetime
    resolved: bool = False


@dataclass(frozen=True, slots=True)
class Ban:
    """A user who may not comment, until ``until`` or (None) for good."""

    user_id: int
    username: str
    reason: str | None
    created_at: datetime
    until: datetime | None
    banned_by: int | None = None

    def active(self, now: datetime) -> bool:
        """Whether the ban still holds at ``now``."""
        return self.until is None or self.until > now


@dataclass(frozen=True, slots=True)
class CommentSwitch:
    """A source, article or story whose comments an admin switched off."""

    kind: SwitchKind
    target: str
    closed_at: datetime
    closed_by: int | None = None
