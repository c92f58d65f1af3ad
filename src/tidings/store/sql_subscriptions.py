"""A reader's subscriptions and folders (issue #18): the rows of ``user_follows`` of kind
``source`` (the site's "follow a source"), with the folder and title the reader gave each,
and the folder names kept without a feed in them (``reader_folders``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    insert,
    or_,
    select,
    true,
    update,
)

from tidings.accounts.reader_state import Subscription
from tidings.store.schema import (
    reader_folders,
    sources,
    user_follows,
    user_mutes,
)
from tidings.store.sql_base import SqlBase

__all__ = ["MAX_FOLDER", "SqlSubscriptions"]

MAX_FOLDER = 120  # characters in a folder name (the column's width)
_CHUNK = 500  # under SQLite's bound-parameter limit


class SqlSubscriptions(SqlBase):
    """The sources a reader follows, in the folders and under the titles they chose."""

    # -- subscriptions -----------------------------------------------------------------------

    def subscriptions(self, user_id: int) -> list[Subscription]:
        """The sources the reader follows, by title."""
        follows = select(
            user_follows.c.target,
            user_follows.c.folder,
            user_follows.c.title,
            user_follows.c.created_at,
            user_follows.c.read_before,
        ).where(user_follows.c.user_id == user_id, user_follows.c.kind == "source")
        with self._connect() as conn:
            rows = {int(r.target): r for r in conn.execute(follows) if r.target.isdigit()}
            found = [
                _subscription(rows[s.id], s)
                for s in conn.execute(select(sources).where(sources.c.id.in_(list(rows))))
            ]
        return sorted(found, key=lambda s: (s.title.casefold(), s.source_id))

    def subscription(self, user_id: int, source_id: int) -> Subscription | None:
        """One subscription, if the reader follows that source."""
        return next((s for s in self.subscriptions(user_id) if s.source_id == source_id), None)

    def subscribe(
        self,
        user_id: int,
        source_id: int,
        *,
        now: datetime,
        folder: str | None = None,
        title: str | None = None,
    ) -> None:
        """Follow a source (unmuting it, as following on the site does); a folder or title
        given changes an existing subscription's."""
        target = str(source_id)
        with self._begin() as conn:
            present = conn.execute(
                select(user_follows.c.user_id).where(_sub(user_id, source_id))
            ).first()
            if present is None:
                conn.execute(
                    insert(user_follows).values(
                        user_id=user_id,
                        kind="source",
                        target=target,
                        created_at=now,
                        folder=folder,
                        title=title,
                    )
                )
            else:
                values = {k: v for k, v in (("folder", folder), ("title", title)) if v}
                if values:
                    conn.execute(
                        update(user_follows).where(_sub(user_id, source_id)).values(values)
                    )
            conn.execute(
                delete(user_mutes).where(
                    user_mutes.c.user_id == user_id,
                    user_mutes.c.kind == "source",
                    user_mutes.c.target == target,
                )
            )

    def unsubscribe(self, user_id: int, source_id: int) -> bool:
        """Stop following a source; whether the reader followed it."""
        with self._begin() as conn:
            return bool(conn.execute(delete(user_follows).where(_sub(user_id, source_id))).rowcount)

    def set_folder(self, user_id: int, source_id: int, folder: str | None) -> bool:
        """Put a subscription in a folder (None: in none); whether it exists."""
        with self._begin() as conn:
            changed = conn.execute(
                update(user_follows).where(_sub(user_id, source_id)).values(folder=folder)
            )
            return bool(changed.rowcount)

    def set_title(self, user_id: int, source_id: int, title: str | None) -> bool:
        """The reader's own title for a subscription (None: the feed's); whether it exists."""
        with self._begin() as conn:
            changed = conn.execute(
                update(user_follows).where(_sub(user_id, source_id)).values(title=title)
            )
            return bool(changed.rowcount)

    def folders(self, user_id: int) -> list[str]:
        """The reader's folder names, sorted."""
        stmt = (
            select(user_follows.c.folder)
            .where(
                user_follows.c.user_id == user_id,
                user_follows.c.kind == "source",
                user_follows.c.folder.is_not(None),
            )
            .distinct()
        )
        with self._connect() as conn:
            return sorted(conn.execute(stmt).scalars(), key=lambda f: (f.casefold(), f))

    def rename_folder(self, user_id: int, old: str, new: str) -> int:
        """Move every subscription in folder ``old`` to ``new``; how many moved."""
        with self._begin() as conn:
            changed = conn.execute(
                update(user_follows).where(_in_folder(user_id, old)).values(folder=new)
            )
            return int(changed.rowcount or 0)

    def remove_folder(self, user_id: int, folder: str) -> int:
        """Take every subscription out of ``folder`` (they stay followed); how many."""
        with self._begin() as conn:
            changed = conn.execute(
                update(user_follows).where(_in_folder(user_id, folder)).values(folder=None)
            )
            return int(changed.rowcount or 0)

    def named_folders(self, user_id: int) -> list[str]:
        """Folder names the reader created without a feed in them (``add_folder``)."""
        stmt = select(reader_folders.c.name).where(reader_folders.c.user_id == user_id)
        with self._connect() as conn:
            return sorted(conn.execute(stmt).scalars(), key=lambda f: (f.casefold(), f))

    def add_folder(self, user_id: int, name: str, *, now: datetime) -> None:
        """Keep a folder name for the reader, empty until a feed is put in it."""
        with self._begin() as conn:
            conn.execute(
                delete(reader_folders).where(
                    reader_folders.c.user_id == user_id, reader_folders.c.name == name
                )
            )
            conn.execute(insert(reader_folders).values(user_id=user_id, name=name, created_at=now))

    def rename_named_folder(self, user_id: int, old: str, new: str) -> None:
        """Rename a kept folder name (its feeds move with ``rename_folder``)."""
        with self._begin() as conn:
            conn.execute(
                delete(reader_folders).where(
                    reader_folders.c.user_id == user_id, reader_folders.c.name == new
                )
            )
            conn.execute(
                update(reader_folders)
                .where(reader_folders.c.user_id == user_id, reader_folders.c.name == old)
                .values(name=new)
            )

    def drop_named_folder(self, user_id: int, name: str) -> None:
        """Forget a kept folder name (its feeds leave it with ``remove_folder``)."""
        with self._begin() as conn:
            conn.execute(
                delete(reader_folders).where(
                    reader_folders.c.user_id == user_id, reader_folders.c.name == name
                )
            )

    def make_due(self, source_ids: Sequence[int], *, now: datetime) -> int:
        """Have the scheduler check these enabled sources at its next round (a reader's
        "refresh"); how many were not due already."""
        ids = list(dict.fromkeys(source_ids))
        moved = 0
        with self._begin() as conn:
            for start in range(0, len(ids), _CHUNK):
                changed = conn.execute(
                    update(sources)
                    .where(
                        sources.c.id.in_(ids[start : start + _CHUNK]),
                        sources.c.enabled == true(),
                        or_(sources.c.next_check_at.is_(None), sources.c.next_check_at > now),
                    )
                    .values(next_check_at=now)
                )
                moved += int(changed.rowcount or 0)
        return moved


def _sub(user_id: int, source_id: int) -> Any:
    return and_(
        user_follows.c.user_id == user_id,
        user_follows.c.kind == "source",
        user_follows.c.target == str(source_id),
    )


def _in_folder(user_id: int, folder: str) -> Any:
    return and_(
        user_follows.c.user_id == user_id,
        user_follows.c.kind == "source",
        user_follows.c.folder == folder,
    )


def _subscription(follow: Any, source: Any) -> Subscription:
    return Subscription(
        source_id=int(source.id),
        title=follow.title or source.title or source.feed_url,
        feed_url=source.feed_url,
        site_url=source.site_url,
        icon_url=source.icon_url,
        folder=follow.folder,
        created_at=follow.created_at,
        read_before=follow.read_before,
        last_checked_at=source.last_checked_at,
    )
