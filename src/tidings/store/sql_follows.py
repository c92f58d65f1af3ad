"""What readers follow, mute, save and read, and what "For you" ranks (issue #7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update

from tidings.accounts.models import (
    Follow,
    FollowKind,
    Mute,
    MuteKind,
    ReadingEntry,
    SavedEntry,
)
from tidings.store.schema import (
    article_reads,
    articles,
    reading_history,
    saved_articles,
    user_follows,
    user_mutes,
)
from tidings.store.sql_rows import ArticleRows

__all__ = ["CandidateRow", "FollowQueries"]

# (article id, source id, story id, sort time): a "For you" candidate without its text.
CandidateRow = tuple[str, int, str | None, datetime]
_CHUNK = 500  # under SQLite's bound-parameter limit
# Built once (a signed-in reader's every article view runs both); parameters named apart
# from the columns, which an UPDATE reserves for its SET clause.
_TOUCH_READING = (
    update(reading_history)
    .where(
        reading_history.c.user_id == bindparam("reader"),
        reading_history.c.article_id == bindparam("article"),
    )
    .values(read_at=bindparam("moment"))
)
_MARK_READ = (
    update(article_reads)
    .where(
        article_reads.c.user_id == bindparam("reader"),
        article_reads.c.article_id == bindparam("article"),
    )
    .values(read=True, marked_at=bindparam("moment"))
)


class FollowQueries(ArticleRows):
    """Reading and writing ``user_follows``, ``user_mutes``, ``saved_articles`` and
    ``reading_history``."""

    # -- follows and mutes -------------------------------------------------------------------

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
        with self._begin() as conn:
            conn.execute(
                self._insert_ignoring_conflicts(user_follows).values(
                    user_id=user_id, kind=kind, target=target, anchor=anchor, created_at=now
                )
            )
            conn.execute(_delete_mute(user_id, kind, target))

    def unfollow(self, user_id: int, kind: FollowKind, target: str) -> None:
        """Stop following; a story also when it was followed before a merge into this one."""
        with self._begin() as conn:
            conn.execute(delete(user_follows).where(_follow_match(user_id, kind, target)))

    def follows(self, user_id: int) -> list[Follow]:
        """Everything the user follows, newest first; stories as they stand now."""
        stmt = (
            select(
                user_follows.c.kind,
                user_follows.c.target,
                user_follows.c.created_at,
                articles.c.story_id,
            )
            .outerjoin(articles, articles.c.id == user_follows.c.anchor)
            .where(user_follows.c.user_id == user_id)
            .order_by(user_follows.c.created_at.desc(), user_follows.c.target)
        )
        found: dict[tuple[str, str], Follow] = {}
        with self._connect() as conn:
            for kind, target, created_at, story_id in conn.execute(stmt):
                current = story_id if kind == "story" and story_id else target
                found.setdefault((kind, current), Follow(kind, current, created_at))
        return list(found.values())

    def mute(self, user_id: int, kind: MuteKind, target: str, *, now: datetime) -> None:
        """Never show this hashtag or source in "For you"; muting unfollows it."""
        with self._begin() as conn:
            conn.execute(
                self._insert_ignoring_conflicts(user_mutes).values(
                    user_id=user_id, kind=kind, target=target, created_at=now
                )
            )
            conn.execute(delete(user_follows).where(_follow_match(user_id, kind, target)))

    def unmute(self, user_id: int, kind: MuteKind, target: str) -> None:
        """Show this hashtag or source again."""
        with self._begin() as conn:
            conn.execute(_delete_mute(user_id, kind, target))

    def mutes(self, user_id: int) -> list[Mute]:
        """Everything the user muted, newest first."""
        stmt = (
            select(user_mutes.c.kind, user_mutes.c.target, user_mutes.c.created_at)
            .where(user_mutes.c.user_id == user_id)
            .order_by(user_mutes.c.created_at.desc(), user_mutes.c.target)
        )
        with self._connect() as conn:
            return [
                Mute(kind, target, created_at) for kind, target, created_at in conn.execute(stmt)
            ]

    def follow_state(self, user_id: int, kind: FollowKind, target: str) -> tuple[bool, bool]:
        """Whether the user follows, and whether they muted, this thing."""
        with self._connect() as conn:
            following = conn.execute(
                select(func.count()).where(_follow_match(user_id, kind, target))
            ).scalar_one()
            muted = conn.execute(
                select(func.count()).where(
                    user_mutes.c.user_id == user_id,
                    user_mutes.c.kind == kind,
                    user_mutes.c.target == target,
                )
            ).scalar_one()
        return bool(following), bool(muted)

    # -- saved articles ----------------------------------------------------------------------

    def save_article(self, user_id: int, article_id: str, *, now: datetime) -> None:
        """Put an article on the user's list (saving it again changes nothing)."""
        with self._begin() as conn:
            conn.execute(
                self._insert_ignoring_conflicts(saved_articles).values(
                    user_id=user_id, article_id=article_id, saved_at=now
                )
            )

    def unsave_article(self, user_id: int, article_id: str) -> None:
        """Take an article off the user's list."""
        with self._begin() as conn:
            conn.execute(
                delete(saved_articles).where(
                    saved_articles.c.user_id == user_id, saved_articles.c.article_id == article_id
                )
            )

    def is_saved(self, user_id: int, article_id: str) -> bool:
        """Whether the article is on the user's list."""
        stmt = select(func.count()).where(
            saved_articles.c.user_id == user_id, saved_articles.c.article_id == article_id
        )
        with self._connect() as conn:
            return bool(conn.execute(stmt).scalar_one())

    def saved_articles(self, user_id: int, *, limit: int, offset: int = 0) -> list[SavedEntry]:
        """The user's list, last saved first."""
        stmt = (
            select(saved_articles.c.article_id, articles.c.title, saved_articles.c.saved_at)
            .join(articles, articles.c.id == saved_articles.c.article_id)
            .where(saved_articles.c.user_id == user_id)
            .order_by(saved_articles.c.saved_at.desc(), saved_articles.c.article_id)
            .limit(limit)
            .offset(offset)
        )
        with self._connect() as conn:
            return [SavedEntry(a, t, at) for a, t, at in conn.execute(stmt)]

    # -- reading history ---------------------------------------------------------------------

    def record_reading(self, user_id: int, article_id: str, *, now: datetime) -> None:
        """Note that the user opened the article now (one row per article), and mark it
        read for the reader apps (opened is read, issue #18): one transaction."""
        values = {"reader": user_id, "article": article_id, "moment": now}
        with self._begin() as conn:
            # UPDATE's row count is reliable on both databases; an insert racing another
            # first read of the same article is ignored.
            if not conn.execute(_TOUCH_READING, values).rowcount:
                conn.execute(
                    self._insert_ignoring_conflicts(reading_history).values(
                        user_id=user_id, article_id=article_id, read_at=now
                    )
                )
            if not conn.execute(_MARK_READ, values).rowcount:
                conn.execute(
                    self._insert_ignoring_conflicts(article_reads).values(
                        user_id=user_id, article_id=article_id, read=True, marked_at=now
                    )
                )

    def reading_history(self, user_id: int, *, limit: int, offset: int = 0) -> list[ReadingEntry]:
        """What the user opened, most recent first."""
        stmt = (
            select(reading_history.c.article_id, articles.c.title, reading_history.c.read_at)
            .join(articles, articles.c.id == reading_history.c.article_id)
            .where(reading_history.c.user_id == user_id)
            .order_by(reading_history.c.read_at.desc(), reading_history.c.article_id)
            .limit(limit)
            .offset(offset)
        )
        with self._connect() as conn:
            return [ReadingEntry(a, t, at) for a, t, at in conn.execute(stmt)]

    def clear_reading_history(self, user_id: int) -> int:
        """Forget everything the user read; how many entries went."""
        with self._begin() as conn:
            result = conn.execute(
                delete(reading_history).where(reading_history.c.user_id == user_id)
            )
            return int(result.rowcount or 0)

    # -- "For you" ---------------------------------------------------------------------------

    def for_you_candidates(self, *, since: datetime, limit: int) -> list[CandidateRow]:
        """Original articles from ``since`` on, newest first, at most ``limit``."""
        stmt = (
            select(articles.c.id, articles.c.source_id, articles.c.story_id, articles.c.sort_time)
            .where(articles.c.sort_time >= since, articles.c.duplicate_of.is_(None))
            .order_by(articles.c.sort_time.desc(), articles.c.id.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [(r.id, r.source_id, r.story_id, r.sort_time) for r in conn.execute(stmt)]


def _follow_match(user_id: int, kind: str, target: str) -> Any:
    """The follows of ``kind``/``target``: for a story, also those whose anchor article is
    in it now (the story they followed was merged into this one)."""
    match = and_(
        user_follows.c.user_id == user_id,
        user_follows.c.kind == kind,
        user_follows.c.target == target,
    )
    if kind != "story":
        return match
    in_story = select(articles.c.id).where(articles.c.story_id == target)
    anchored = and_(
        user_follows.c.user_id == user_id,
        user_follows.c.kind == kind,
        user_follows.c.anchor.in_(in_story),
    )
    return or_(match, anchored)


def _delete_mute(user_id: int, kind: str, target: str) -> Any:
    return delete(user_mutes).where(
        user_mutes.c.user_id == user_id, user_mutes.c.kind == kind, user_mutes.c.target == target
    )
