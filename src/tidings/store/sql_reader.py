"""Reader state for the reader apps (issue #18) on SQLAlchemy Core, both databases alike.

Subscriptions are the rows of ``user_follows`` of kind ``source`` (the site's "follow a
source"), starred is ``saved_articles`` (the site's "save to my list"): one truth each.
Read is ``article_reads`` over a per-subscription line: an article is read when the
reader marked it so, or when it was discovered before its subscription's ``read_before``
and not kept unread. "Mark all as read" moves the line and drops the marks below it, so it
writes one row per subscription, not one per article, and the table stays small.

Everything here is portable SQL (no upsert spelling): a mark is deleted and written again
in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import (
    String,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    update,
)

from tidings.accounts.reader_state import Subscription
from tidings.store.schema import (
    article_reads,
    articles,
    saved_articles,
    user_follows,
)
from tidings.store.sql_item_labels import SqlItemLabels
from tidings.store.sql_read_rules import line_before, read_clause, with_marks
from tidings.store.sql_reader_lists import SqlReaderLists

__all__ = ["SqlReaderState"]

_CHUNK = 500  # under SQLite's bound-parameter limit
# ``read_clause`` in one statement built once: the reader's explicit mark wins; without one,
# an article is read when found before its followed source's "read before" line.
_READ_AMONG = (
    select(articles.c.id)
    .select_from(
        articles.outerjoin(
            article_reads,
            and_(
                article_reads.c.user_id == bindparam("reader"),
                article_reads.c.article_id == articles.c.id,
            ),
        ).outerjoin(
            user_follows,
            and_(
                user_follows.c.user_id == bindparam("reader"),
                user_follows.c.kind == "source",
                user_follows.c.target == cast(articles.c.source_id, String),
            ),
        )
    )
    .where(articles.c.id.in_(bindparam("ids", expanding=True)))
    .where(
        or_(
            article_reads.c.read == true(),
            and_(
                article_reads.c.read.is_(None),
                user_follows.c.read_before.is_not(None),
                articles.c.discovered_at < user_follows.c.read_before,
            ),
        )
    )
)


class SqlReaderState(SqlReaderLists, SqlItemLabels):
    """Subscriptions (``sql_subscriptions``), the lists the APIs serve
    (``sql_reader_lists``), labels on items (``sql_item_labels``), and here the item ids
    and the read and starred marks."""

    # -- ids ---------------------------------------------------------------------------------

    def article_ids(self, item_ids: Iterable[int]) -> dict[int, str]:
        """The article id of each known item id (unknown ones left out)."""
        wanted = list(dict.fromkeys(item_ids))
        found: dict[int, str] = {}
        with self._connect() as conn:
            for start in range(0, len(wanted), _CHUNK):
                stmt = select(articles.c.item_id, articles.c.id).where(
                    articles.c.item_id.in_(wanted[start : start + _CHUNK])
                )
                found.update((int(i), str(a)) for i, a in conn.execute(stmt))
        return found

    def item_ids(self, article_ids: Iterable[str]) -> dict[str, int]:
        """The item id of each known article id (unknown ones left out)."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, int] = {}
        with self._connect() as conn:
            for start in range(0, len(wanted), _CHUNK):
                stmt = select(articles.c.id, articles.c.item_id).where(
                    articles.c.id.in_(wanted[start : start + _CHUNK])
                )
                found.update((str(a), int(i)) for a, i in conn.execute(stmt))
        return found

    # -- read and starred --------------------------------------------------------------------

    def set_read(
        self, user_id: int, article_ids: Sequence[str], read: bool, *, now: datetime
    ) -> None:
        """Mark these articles read, or unread (unread also below the "read before" line)."""
        ids = list(dict.fromkeys(article_ids))
        with self._begin() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                conn.execute(
                    delete(article_reads).where(
                        article_reads.c.user_id == user_id, article_reads.c.article_id.in_(chunk)
                    )
                )
                conn.execute(
                    insert(article_reads),
                    [
                        {"user_id": user_id, "article_id": a, "read": read, "marked_at": now}
                        for a in chunk
                    ],
                )

    def set_starred(
        self, user_id: int, article_ids: Sequence[str], starred: bool, *, now: datetime
    ) -> None:
        """Star (save to the reader's list) or unstar these articles."""
        ids = list(dict.fromkeys(article_ids))
        with self._begin() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                already = set(
                    conn.execute(
                        select(saved_articles.c.article_id).where(
                            saved_articles.c.user_id == user_id,
                            saved_articles.c.article_id.in_(chunk),
                        )
                    ).scalars()
                )
                if not starred:
                    if already:
                        conn.execute(
                            delete(saved_articles).where(
                                saved_articles.c.user_id == user_id,
                                saved_articles.c.article_id.in_(already),
                            )
                        )
                    continue
                rows = [
                    {"user_id": user_id, "article_id": a, "saved_at": now}
                    for a in chunk
                    if a not in already
                ]
                if rows:
                    conn.execute(insert(saved_articles), rows)

    def mark_read_before(
        self,
        user_id: int,
        before: datetime,
        *,
        source_ids: Sequence[int] | None = None,
    ) -> int:
        """Mark everything discovered before ``before`` read in these subscriptions (None:
        all of the reader's), kept-unread marks included; how many subscriptions moved.

        The line only moves forwards: an older ``before`` than the present line changes
        nothing.
        """
        subs = {s.source_id: s for s in self.subscriptions(user_id)}
        chosen = list(subs) if source_ids is None else [i for i in source_ids if i in subs]
        moved = [i for i in chosen if line_before(subs[i].read_before, before)]
        with self._begin() as conn:
            for start in range(0, len(moved), _CHUNK):
                chunk = moved[start : start + _CHUNK]
                conn.execute(
                    update(user_follows)
                    .where(
                        user_follows.c.user_id == user_id,
                        user_follows.c.kind == "source",
                        user_follows.c.target.in_([str(i) for i in chunk]),
                    )
                    .values(read_before=before)
                )
                below = select(articles.c.id).where(
                    articles.c.source_id.in_(chunk), articles.c.discovered_at < before
                )
                conn.execute(
                    delete(article_reads).where(
                        article_reads.c.user_id == user_id, article_reads.c.article_id.in_(below)
                    )
                )
        return len(moved)

    def read_article_ids(
        self,
        user_id: int,
        article_ids: Sequence[str],
        *,
        subscriptions: Sequence[Subscription] | None = None,
    ) -> set[str]:
        """Which of these articles the reader has read (``subscriptions``: the reader's,
        when the caller has them already; without them, one statement reads the marks and
        the subscriptions' lines together)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        found: set[str] = set()
        with self._connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                if subscriptions is None:
                    params = {"reader": user_id, "ids": chunk}
                    found.update(conn.execute(_READ_AMONG, params).scalars())
                    continue
                stmt = (
                    select(articles.c.id)
                    .select_from(with_marks(user_id))
                    .where(articles.c.id.in_(chunk))
                    .where(read_clause(subscriptions))
                )
                found.update(conn.execute(stmt).scalars())
        return found

    def unread_item_ids(self, user_id: int, *, limit: int | None = None) -> list[int]:
        """Item ids of the unread articles of the reader's subscriptions, newest first."""
        subs = self.subscriptions(user_id)
        if not subs:
            return []
        stmt = (
            select(articles.c.item_id)
            .select_from(with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .where(~read_clause(subs))
            .order_by(articles.c.item_id.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [int(i) for i in conn.execute(stmt).scalars()]

    def starred_item_ids(self, user_id: int) -> list[int]:
        """Item ids of the reader's starred (saved) articles, newest first."""
        stmt = (
            select(articles.c.item_id)
            .join(saved_articles, saved_articles.c.article_id == articles.c.id)
            .where(saved_articles.c.user_id == user_id)
            .order_by(articles.c.item_id.desc())
        )
        with self._connect() as conn:
            return [int(i) for i in conn.execute(stmt).scalars()]

    def count_items(self, user_id: int) -> int:
        """How many articles the reader's subscriptions hold."""
        ids = [s.source_id for s in self.subscriptions(user_id)]
        if not ids:
            return 0
        stmt = select(func.count()).select_from(articles).where(articles.c.source_id.in_(ids))
        with self._connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def last_refreshed(self, user_id: int) -> datetime | None:
        """When one of the reader's sources was last checked."""
        times = [s.last_checked_at for s in self.subscriptions(user_id) if s.last_checked_at]
        return max(times, default=None)
