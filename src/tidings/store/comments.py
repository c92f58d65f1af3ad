"""Comments, reports, bans, commenter mutes and closed threads.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from tidings.comments.models import (
    Ban,
    Comment,
    CommentReport,
    CommentSwitch,
    ReportReason,
    SwitchKind,
    TargetKind,
)

__all__ = ["Comments"]


class Comments(Protocol):
    """Comments, reports, bans, commenter mutes and closed threads."""

    def add_comment(
        self,
        kind: TargetKind,
        target_id: str,
        user_id: int,
        body: str,
        *,
        now: datetime,
        parent_id: int | None = None,
    ) -> Comment:
        """Store a comment. A reply to a reply becomes a reply to its top-level comment;
        ``NotFound`` when the parent is not a comment on the same target."""
        ...

    def get_comment(self, comment_id: int) -> Comment:
        """One comment; ``NotFound`` when there is none."""
        ...

    def comments_on(self, kind: TargetKind, target_id: str) -> list[Comment]:
        """Every comment on an article or story, oldest first (hidden and deleted ones
        too: the web layer decides what each reader sees)."""
        ...

    def count_comments(self, kind: TargetKind, target_ids: Sequence[str]) -> dict[str, int]:
        """Visible comments (neither deleted nor hidden) per target; absent means none."""
        ...

    def user_comments(self, user_id: int, *, limit: int) -> list[Comment]:
        """The user's comments, newest first (deleted ones too: they count for limits)."""
        ...

    def edit_comment(self, comment_id: int, body: str, *, now: datetime) -> None:
        """Replace a comment's text (the edit window is the caller's to check)."""
        ...

    def delete_comment(self, comment_id: int) -> None:
        """Its author deleted it: the text goes; the row stays for replies and limits."""
        ...

    def delete_user_comments(self, user_id: int) -> None:
        """Remove every comment, report, mute and ban of a user (``delete_user`` does it
        as well, in its own transaction)."""
        ...

    def report_comment(
        self,
        comment_id: int,
        user_id: int,
        reason: ReportReason,
        *,
        now: datetime,
        note: str | None = None,
    ) -> bool:
        """Record a reader's report; False when they had reported it already."""
        ...

    def has_reported(self, user_id: int, comment_ids: Iterable[int]) -> set[int]:
        """Which of these comments the user reported."""
        ...

    def reports_by(self, user_id: int) -> list[CommentReport]:
        """The reports a user filed, oldest first."""
        ...

    def comment_reports_for(self, comment_ids: Iterable[int]) -> dict[int, list[CommentReport]]:
        """The open reports of each comment, oldest first."""
        ...

    def hide_comment(
        self, comment_id: int, moderator_id: int, reason: str | None, *, now: datetime
    ) -> None:
        """A moderator hides a comment; its open reports are settled."""
        ...

    def restore_comment(self, comment_id: int) -> None:
        """Show a hidden comment again, or keep a reported one: its reports are settled."""
        ...

    def reported_comments(self, *, limit: int) -> list[Comment]:
        """Visible comments with open reports, the most reported first."""
        ...

    def recent_comments(self, *, limit: int, hidden: bool = False) -> list[Comment]:
        """The newest comments not deleted: visible ones, or (``hidden``) hidden ones."""
        ...

    def comment_target_titles(
        self, targets: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        """Titles of the articles and stories comments are on, by (kind, id)."""
        ...

    def ban_commenter(
        self,
        user_id: int,
        *,
        banned_by: int | None,
        now: datetime,
        until: datetime | None,
        reason: str | None = None,
    ) -> None:
        """Stop a user commenting until ``until`` (None: for good); replaces a ban."""
        ...

    def unban_commenter(self, user_id: int) -> None:
        """Let a banned user comment again."""
        ...

    def commenter_ban(self, user_id: int, now: datetime) -> Ban | None:
        """The user's ban if it holds at ``now``."""
        ...

    def commenter_bans(self, now: datetime) -> list[Ban]:
        """Every ban holding at ``now``, newest first."""
        ...

    def mute_commenter(self, user_id: int, muted_user_id: int, *, now: datetime) -> None:
        """Hide another user's comments from this reader."""
        ...

    def unmute_commenter(self, user_id: int, muted_user_id: int) -> None:
        """Show a muted commenter's comments again."""
        ...

    def muted_commenters(self, user_id: int) -> dict[int, str]:
        """The commenters this reader muted: id to username."""
        ...

    def close_comments(
        self, kind: SwitchKind, target: str, *, closed_by: int | None, now: datetime
    ) -> None:
        """Switch comments off for a source, an article or a story."""
        ...

    def open_comments(self, kind: SwitchKind, target: str) -> None:
        """Switch comments back on for a source, an article or a story."""
        ...

    def closed_comment_targets(
        self, targets: Iterable[tuple[SwitchKind, str]] | None = None
    ) -> list[CommentSwitch]:
        """The switched-off targets among ``targets`` (None: all of them), newest first."""
        ...
