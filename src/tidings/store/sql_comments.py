"""The comments half of the repository: comments, reports, mutes, bans, switches.

``forget_user_comments`` runs inside ``delete_user``'s transaction: a deleted account's
comments go, except where others replied, where a bodiless "deleted" placeholder without
an author keeps the replies in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    true,
    update,
)

from tidings.comments.models import (
    Comment,
    CommentReport,
    ReportReason,
    TargetKind,
)
from tidings.errors import NotFound
from tidings.store.schema import (
    articles,
    comment_bans,
    comment_mutes,
    comment_reports,
    comments,
    stories,
    users,
)
from tidings.store.sql_commenters import CommenterQueries

__all__ = ["CommentQueries", "forget_user_comments"]

_replies = comments.alias("replies")


def _select() -> Any:
    return select(comments, users.c.username).select_from(
        comments.outerjoin(users, users.c.id == comments.c.user_id)
    )


# Every article and story page reads its thread: built once, so its cache key is kept.
_COMMENTS_ON = (
    _select()
    .where(
        comments.c.target_kind == bindparam("kind"), comments.c.target_id == bindparam("target_id")
    )
    .order_by(comments.c.created_at, comments.c.id)
)


def _comment(row: Mapping[str, Any]) -> Comment:
    return Comment(
        id=int(row["id"]),
        target_kind=row["target_kind"],
        target_id=row["target_id"],
        parent_id=row["parent_id"],
        user_id=row["user_id"],
        author=row["username"],
        body=row["body"],
        created_at=row["created_at"],
        edited_at=row["edited_at"],
        deleted=bool(row["deleted"]),
        hidden_at=row["hidden_at"],
        hidden_by=row["hidden_by"],
        hidden_reason=row["hidden_reason"],
        report_count=int(row["report_count"]),
    )


def _report(row: Mapping[str, Any]) -> CommentReport:
    return CommentReport(
        comment_id=int(row["comment_id"]),
        user_id=int(row["user_id"]),
        reporter=row["username"],
        reason=row["reason"],
        note=row["note"],
        created_at=row["created_at"],
        resolved=bool(row["resolved"]),
    )


def forget_user_comments(conn: Connection, user_id: int) -> None:
    """Remove what comments keep of a user, inside the caller's transaction: their
    comments (a placeholder stays where someone else replied), reports, mutes, ban."""
    others_replied = exists().where(
        _replies.c.parent_id == comments.c.id,
        or_(_replies.c.user_id.is_(None), _replies.c.user_id != user_id),
    )
    conn.execute(
        update(comments)
        .where(comments.c.user_id == user_id, others_replied)
        .values(user_id=None, body="", deleted=True, edited_at=None)
    )
    conn.execute(delete(comments).where(comments.c.user_id == user_id))
    # Their open reports no longer count against the comments they reported.
    reported = select(comment_reports.c.comment_id).where(
        comment_reports.c.user_id == user_id, comment_reports.c.resolved == false()
    )
    conn.execute(
        update(comments)
        .where(comments.c.id.in_(reported), comments.c.report_count > 0)
        .values(report_count=comments.c.report_count - 1)
    )
    conn.execute(delete(comment_reports).where(comment_reports.c.user_id == user_id))
    conn.execute(
        delete(comment_mutes).where(
            or_(comment_mutes.c.user_id == user_id, comment_mutes.c.muted_user_id == user_id)
        )
    )
    conn.execute(delete(comment_bans).where(comment_bans.c.user_id == user_id))
    # Placeholders of deleted accounts whose last reply went with this user go as well.
    conn.execute(
        delete(comments).where(
            comments.c.user_id.is_(None),
            comments.c.deleted == true(),
            ~exists().where(_replies.c.parent_id == comments.c.id),
        )
    )


class CommentQueries(CommenterQueries):
    """Reading and writing ``comments`` and the tables around them."""

    # -- comments ----------------------------------------------------------------------------

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
        with self._begin() as conn:
            if parent_id is not None:
                parent = conn.execute(
                    select(comments.c.parent_id).where(
                        comments.c.id == parent_id,
                        comments.c.target_kind == kind,
                        comments.c.target_id == target_id,
                    )
                ).one_or_none()
                if parent is None:
                    raise NotFound(f"no comment {parent_id} on {kind} {target_id}")
                parent_id = parent.parent_id or parent_id
            new_id = conn.execute(
                comments.insert().values(
                    target_kind=kind,
                    target_id=target_id,
                    parent_id=parent_id,
                    user_id=user_id,
                    body=body,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            row = conn.execute(_select().where(comments.c.id == new_id)).one()
        return _comment(row._mapping)

    def get_comment(self, comment_id: int) -> Comment:
        """One comment; ``NotFound`` when there is none."""
        with self._connect() as conn:
            row = conn.execute(_select().where(comments.c.id == comment_id)).one_or_none()
        if row is None:
            raise NotFound(f"no comment with id {comment_id}")
        return _comment(row._mapping)

    def comments_on(self, kind: TargetKind, target_id: str) -> list[Comment]:
        """Every comment on an article or story, oldest first (hidden and deleted ones
        too: the web layer decides what each reader sees)."""
        with self._connect() as conn:
            found = conn.execute(_COMMENTS_ON, {"kind": kind, "target_id": target_id})
            return [_comment(r._mapping) for r in found]

    def count_comments(self, kind: TargetKind, target_ids: Sequence[str]) -> dict[str, int]:
        """Visible comments (neither deleted nor hidden) per target; absent means none."""
        if not target_ids:
            return {}
        stmt = (
            select(comments.c.target_id, func.count())
            .where(
                comments.c.target_kind == kind,
                comments.c.target_id.in_(list(target_ids)),
                comments.c.deleted == false(),
                comments.c.hidden_at.is_(None),
            )
            .group_by(comments.c.target_id)
        )
        with self._connect() as conn:
            return {str(t): int(n) for t, n in conn.execute(stmt)}

    def user_comments(self, user_id: int, *, limit: int) -> list[Comment]:
        """The user's comments, newest first (deleted ones too: they count for limits)."""
        stmt = (
            _select()
            .where(comments.c.user_id == user_id)
            .order_by(comments.c.created_at.desc(), comments.c.id.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [_comment(r._mapping) for r in conn.execute(stmt)]

    def edit_comment(self, comment_id: int, body: str, *, now: datetime) -> None:
        """Replace a comment's text (the edit window is the caller's to check)."""
        self._update(comment_id, body=body, edited_at=now)

    def delete_comment(self, comment_id: int) -> None:
        """Its author deleted it: the text goes; the row stays for replies and limits."""
        self._update(comment_id, body="", deleted=True)

    def _update(self, comment_id: int, **values: Any) -> None:
        with self._begin() as conn:
            changed = conn.execute(
                update(comments).where(comments.c.id == comment_id).values(**values)
            )
            if changed.rowcount == 0:
                raise NotFound(f"no comment with id {comment_id}")

    def delete_user_comments(self, user_id: int) -> None:
        """Remove every comment, report, mute and ban of a user (``delete_user`` does it
        as well, in its own transaction)."""
        with self._begin() as conn:
            forget_user_comments(conn, user_id)

    # -- reports and moderation --------------------------------------------------------------

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
        with self._begin() as conn:
            if (
                conn.execute(select(comments.c.id).where(comments.c.id == comment_id)).first()
                is None
            ):
                raise NotFound(f"no comment with id {comment_id}")
            added = conn.execute(
                self._insert_ignoring_conflicts(comment_reports)
                .values(
                    comment_id=comment_id,
                    user_id=user_id,
                    reason=reason,
                    note=note or None,
                    created_at=now,
                )
                .returning(comment_reports.c.user_id)
            ).first()
            if added is None:  # reported before (rowcount is not portable here)
                return False
            conn.execute(
                update(comments)
                .where(comments.c.id == comment_id)
                .values(report_count=comments.c.report_count + 1)
            )
        return True

    def has_reported(self, user_id: int, comment_ids: Iterable[int]) -> set[int]:
        """Which of these comments the user reported."""
        ids = list(comment_ids)
        if not ids:
            return set()
        stmt = select(comment_reports.c.comment_id).where(
            comment_reports.c.user_id == user_id, comment_reports.c.comment_id.in_(ids)
        )
        with self._connect() as conn:
            return {int(i) for i in conn.execute(stmt).scalars()}

    def reports_by(self, user_id: int) -> list[CommentReport]:
        """The reports a user filed, oldest first."""
        stmt = (
            select(comment_reports, users.c.username)
            .join(users, users.c.id == comment_reports.c.user_id)
            .where(comment_reports.c.user_id == user_id)
            .order_by(comment_reports.c.created_at)
        )
        with self._connect() as conn:
            return [_report(r._mapping) for r in conn.execute(stmt)]

    def comment_reports_for(self, comment_ids: Iterable[int]) -> dict[int, list[CommentReport]]:
        """The open reports of each comment, oldest first."""
        ids = list(comment_ids)
        if not ids:
            return {}
        stmt = (
            select(comment_reports, users.c.username)
            .join(users, users.c.id == comment_reports.c.user_id)
            .where(comment_reports.c.comment_id.in_(ids), comment_reports.c.resolved == false())
            .order_by(comment_reports.c.created_at)
        )
        found: dict[int, list[CommentReport]] = {}
        with self._connect() as conn:
            for row in conn.execute(stmt):
                report = _report(row._mapping)
                found.setdefault(report.comment_id, []).append(report)
        return found

    def hide_comment(
        self, comment_id: int, moderator_id: int, reason: str | None, *, now: datetime
    ) -> None:
        """A moderator hides a comment; its open reports are settled."""
        with self._begin() as conn:
            changed = conn.execute(
                update(comments)
                .where(comments.c.id == comment_id)
                .values(hidden_at=now, hidden_by=moderator_id, hidden_reason=reason, report_count=0)
            )
            if changed.rowcount == 0:
                raise NotFound(f"no comment with id {comment_id}")
            self._resolve_reports(conn, comment_id)

    def restore_comment(self, comment_id: int) -> None:
        """Show a hidden comment again, or keep a reported one: its reports are settled."""
        with self._begin() as conn:
            changed = conn.execute(
                update(comments)
                .where(comments.c.id == comment_id)
                .values(hidden_at=None, hidden_by=None, hidden_reason=None, report_count=0)
            )
            if changed.rowcount == 0:
                raise NotFound(f"no comment with id {comment_id}")
            self._resolve_reports(conn, comment_id)

    @staticmethod
    def _resolve_reports(conn: Connection, comment_id: int) -> None:
        conn.execute(
            update(comment_reports)
            .where(comment_reports.c.comment_id == comment_id)
            .values(resolved=True)
        )

    def reported_comments(self, *, limit: int) -> list[Comment]:
        """Visible comments with open reports, the most reported first."""
        stmt = (
            _select()
            .where(
                comments.c.report_count > 0,
                comments.c.hidden_at.is_(None),
                comments.c.deleted == false(),
            )
            .order_by(comments.c.report_count.desc(), comments.c.created_at.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [_comment(r._mapping) for r in conn.execute(stmt)]

    def recent_comments(self, *, limit: int, hidden: bool = False) -> list[Comment]:
        """The newest comments not deleted: visible ones, or (``hidden``) hidden ones."""
        order = comments.c.hidden_at if hidden else comments.c.created_at
        stmt = (
            _select()
            .where(
                comments.c.deleted == false(),
                comments.c.hidden_at.is_not(None) if hidden else comments.c.hidden_at.is_(None),
            )
            .order_by(order.desc(), comments.c.id.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [_comment(r._mapping) for r in conn.execute(stmt)]

    def comment_target_titles(
        self, targets: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        """Titles of the articles and stories comments are on, by (kind, id)."""
        wanted = set(targets)
        found: dict[tuple[str, str], str] = {}
        with self._connect() as conn:
            for kind, table in (("article", articles), ("story", stories)):
                ids = [t for k, t in wanted if k == kind]
                if ids:
                    stmt = select(table.c.id, table.c.title).where(table.c.id.in_(ids))
                    for target, title in conn.execute(stmt):
                        found[(kind, str(target))] = title or ""
        return found
