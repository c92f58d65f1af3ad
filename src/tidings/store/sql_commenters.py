"""Comments' standing per user and target: bans, mutes between readers, switches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, true, tuple_

from tidings.comments.models import Ban, CommentSwitch, SwitchKind
from tidings.errors import NotFound
from tidings.store.schema import comment_bans, comment_mutes, comment_switches, users
from tidings.store.sql_base import SqlBase

__all__ = ["CommenterQueries"]

# Every article and story page asks whether its comments are switched off: built once, so
# the statement keeps its cache key (a list of (kind, target) pairs, however many).
_SWITCHES = select(comment_switches).order_by(comment_switches.c.closed_at.desc())
_SWITCHES_OF = _SWITCHES.where(
    tuple_(comment_switches.c.kind, comment_switches.c.target).in_(
        bindparam("pairs", expanding=True)
    )
)


class CommenterQueries(SqlBase):
    """Reading and writing ``comment_bans``, ``comment_mutes`` and ``comment_switches``."""

    # -- bans ----------------------------------------------------------------------------------

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
        with self._begin() as conn:
            if conn.execute(select(users.c.id).where(users.c.id == user_id)).first() is None:
                raise NotFound(f"no user with id {user_id}")
            conn.execute(delete(comment_bans).where(comment_bans.c.user_id == user_id))
            conn.execute(
                comment_bans.insert().values(
                    user_id=user_id,
                    banned_by=banned_by,
                    reason=reason or None,
                    created_at=now,
                    until=until,
                )
            )

    def unban_commenter(self, user_id: int) -> None:
        """Let a banned user comment again."""
        with self._begin() as conn:
            conn.execute(delete(comment_bans).where(comment_bans.c.user_id == user_id))

    def commenter_ban(self, user_id: int, now: datetime) -> Ban | None:
        """The user's ban if it holds at ``now``."""
        bans = self._bans(now, comment_bans.c.user_id == user_id)
        return bans[0] if bans else None

    def commenter_bans(self, now: datetime) -> list[Ban]:
        """Every ban holding at ``now``, newest first."""
        return self._bans(now, true())

    def _bans(self, now: datetime, condition: Any) -> list[Ban]:
        stmt = (
            select(comment_bans, users.c.username)
            .join(users, users.c.id == comment_bans.c.user_id)
            .where(condition, or_(comment_bans.c.until.is_(None), comment_bans.c.until > now))
            .order_by(comment_bans.c.created_at.desc())
        )
        with self._connect() as conn:
            return [
                Ban(
                    user_id=int(r.user_id),
                    username=r.username,
                    reason=r.reason,
                    created_at=r.created_at,
                    until=r.until,
                    banned_by=r.banned_by,
                )
                for r in conn.execute(stmt)
            ]

    # -- mutes ---------------------------------------------------------------------------------

    def mute_commenter(self, user_id: int, muted_user_id: int, *, now: datetime) -> None:
        """Hide another user's comments from this reader."""
        if user_id == muted_user_id:
            raise ValueError("a reader cannot mute themselves")
        with self._begin() as conn:
            if conn.execute(select(users.c.id).where(users.c.id == muted_user_id)).first() is None:
                raise NotFound(f"no user with id {muted_user_id}")
            conn.execute(
                self._insert_ignoring_conflicts(comment_mutes).values(
                    user_id=user_id, muted_user_id=muted_user_id, created_at=now
                )
            )

    def unmute_commenter(self, user_id: int, muted_user_id: int) -> None:
        """Show a muted commenter's comments again."""
        with self._begin() as conn:
            conn.execute(
                delete(comment_mutes).where(
                    comment_mutes.c.user_id == user_id,
                    comment_mutes.c.muted_user_id == muted_user_id,
                )
            )

    def muted_commenters(self, user_id: int) -> dict[int, str]:
        """The commenters this reader muted: id to username."""
        stmt = (
            select(users.c.id, users.c.username)
            .join(comment_mutes, comment_mutes.c.muted_user_id == users.c.id)
            .where(comment_mutes.c.user_id == user_id)
            .order_by(users.c.username)
        )
        with self._connect() as conn:
            return {int(i): str(n) for i, n in conn.execute(stmt)}

    # -- switches ------------------------------------------------------------------------------

    def close_comments(
        self, kind: SwitchKind, target: str, *, closed_by: int | None, now: datetime
    ) -> None:
        """Switch comments off for a source, an article or a story."""
        with self._begin() as conn:
            conn.execute(
                self._insert_ignoring_conflicts(comment_switches).values(
                    kind=kind, target=target, closed_by=closed_by, closed_at=now
                )
            )

    def open_comments(self, kind: SwitchKind, target: str) -> None:
        """Switch comments back on for a source, an article or a story."""
        with self._begin() as conn:
            conn.execute(
                delete(comment_switches).where(
                    comment_switches.c.kind == kind, comment_switches.c.target == target
                )
            )

    def closed_comment_targets(
        self, targets: Iterable[tuple[SwitchKind, str]] | None = None
    ) -> list[CommentSwitch]:
        """The switched-off targets among ``targets`` (None: all of them), newest first."""
        stmt, values = _SWITCHES, {}
        if targets is not None:
            pairs = list(targets)
            if not pairs:
                return []
            stmt, values = _SWITCHES_OF, {"pairs": pairs}
        with self._connect() as conn:
            return [
                CommentSwitch(
                    kind=r.kind, target=r.target, closed_at=r.closed_at, closed_by=r.closed_by
                )
                for r in conn.execute(stmt, values)
            ]
