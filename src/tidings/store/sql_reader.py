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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    true,
    update,
)

from tidings.accounts.reader_state import EntryFilter, ReaderItem, Subscription
from tidings.models import DisplayPolicy
from tidings.store.schema import (
    article_reads,
    articles,
    reader_folders,
    saved_articles,
    sources,
    user_follows,
    user_mutes,
)
from tidings.store.sql_rows import ArticleRows

__all__ = ["MAX_FOLDER", "SqlReaderState"]

MAX_FOLDER = 120  # characters in a folder name (the column's width)
_CHUNK = 500  # under SQLite's bound-parameter limit


class SqlReaderState(ArticleRows):
    """Subscriptions, read and starred per reader, and the items the APIs serve."""

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
        moved = [i for i in chosen if _line_before(subs[i].read_before, before)]
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
        when the caller has them already)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        subs = self.subscriptions(user_id) if subscriptions is None else subscriptions
        found: set[str] = set()
        with self._connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                stmt = (
                    select(articles.c.id)
                    .select_from(_with_marks(user_id))
                    .where(articles.c.id.in_(ids[start : start + _CHUNK]))
                    .where(_is_read(subs))
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
            .select_from(_with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .where(~_is_read(subs))
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

    # -- streams (the Google Reader API) -----------------------------------------------------

    def stream_item_ids(
        self,
        user_id: int,
        *,
        source_ids: Sequence[int] | None,
        read: bool | None = None,
        starred: bool | None = None,
        newer_than: datetime | None = None,
        older_than: datetime | None = None,
        after: int | None = None,
        oldest_first: bool = False,
        limit: int = 20,
    ) -> list[int]:
        """Item ids of a stream, newest first (or oldest first): the articles of
        ``source_ids`` (None: of any source), read or unread, starred or not, discovered
        after ``newer_than`` and before ``older_than``, past item id ``after`` in that
        order. Keyset paging on the item id: an article stored meanwhile gets a larger id
        and never shifts a page. Ids alone: an id is its article's discovery time in
        microseconds (``item_ids``), and 10,000 of them come back as plain integers,
        without a date to convert per row."""
        if source_ids is not None and not source_ids:
            return []
        joined: Any = articles
        stmt = select(articles.c.item_id)
        if read is not None:
            joined = _with_marks(user_id)
            is_read = _is_read(self.subscriptions(user_id))
            stmt = stmt.where(is_read if read else ~is_read)
        if starred is not None:
            joined = joined.outerjoin(
                saved_articles,
                and_(
                    saved_articles.c.user_id == user_id,
                    saved_articles.c.article_id == articles.c.id,
                ),
            )
            found = saved_articles.c.article_id
            stmt = stmt.where(found.is_not(None) if starred else found.is_(None))
        stmt = stmt.select_from(joined).where(articles.c.item_id.is_not(None))
        with self._connect() as conn:
            followed = conn.execute(select(func.count()).select_from(sources)).scalar_one()
        if source_ids is not None:
            # Few of the sources: their (source_id, item_id) index. Most of them: walk the
            # item id index in order and stop at ``limit``, the sources a filter on each
            # row ("+ 0" keeps either database from choosing the source index, which would
            # read every article of every source and sort them all).
            most = len(source_ids) * 2 >= followed
            column = articles.c.source_id + 0 if most else articles.c.source_id
            stmt = stmt.where(column.in_(list(source_ids)))
        if newer_than is not None:
            stmt = stmt.where(articles.c.discovered_at > newer_than)
        if older_than is not None:
            stmt = stmt.where(articles.c.discovered_at < older_than)
        if oldest_first:
            if after is not None:
                stmt = stmt.where(articles.c.item_id > after)
            stmt = stmt.order_by(articles.c.item_id)
        else:
            if after is not None:
                stmt = stmt.where(articles.c.item_id < after)
            stmt = stmt.order_by(articles.c.item_id.desc())
        with self._connect() as conn:
            return list(conn.execute(stmt.limit(limit)).scalars().all())

    def unread_counts(self, user_id: int) -> dict[int, tuple[int, datetime]]:
        """Per subscription with unread articles: how many, and the newest one's discovery
        time."""
        subs = self.subscriptions(user_id)
        if not subs:
            return {}
        stmt = (
            select(articles.c.source_id, func.count(), func.max(articles.c.discovered_at))
            .select_from(_with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .where(~_is_read(subs))
            .group_by(articles.c.source_id)
        )
        with self._connect() as conn:
            return {int(s): (int(n), newest) for s, n, newest in conn.execute(stmt)}

    # -- items -------------------------------------------------------------------------------

    def items(
        self,
        user_id: int,
        *,
        item_ids: Sequence[int] | None = None,
        after_id: int | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> list[ReaderItem]:
        """Items with the reader's state: those named by ``item_ids`` (any article, in id
        order), else the subscriptions' items above ``after_id`` (oldest first) or below
        ``before_id`` (newest first; neither: the newest)."""
        subs = self.subscriptions(user_id)
        stmt = (
            select(
                articles,
                sources.c.title.label("source_title"),
                sources.c.feed_url.label("source_feed_url"),
                sources.c.site_url.label("source_site_url"),
                sources.c.display_policy.label("source_policy"),
                _is_read(subs).label("is_read"),
                saved_articles.c.saved_at.label("starred_at"),
            )
            .select_from(
                _with_marks(user_id)
                .join(sources, sources.c.id == articles.c.source_id)
                .outerjoin(
                    saved_articles,
                    and_(
                        saved_articles.c.user_id == user_id,
                        saved_articles.c.article_id == articles.c.id,
                    ),
                )
            )
            .limit(limit)
        )
        if item_ids is not None:
            wanted = list(dict.fromkeys(item_ids))[:_CHUNK]
            stmt = stmt.where(articles.c.item_id.in_(wanted)).order_by(articles.c.item_id)
        else:
            if not subs:
                return []
            stmt = stmt.where(articles.c.source_id.in_([s.source_id for s in subs]))
            if after_id is not None:
                stmt = stmt.where(articles.c.item_id > after_id).order_by(articles.c.item_id)
            else:
                if before_id is not None:
                    stmt = stmt.where(articles.c.item_id < before_id)
                stmt = stmt.order_by(articles.c.item_id.desc())
        with self._connect() as conn:
            rows = [r._mapping for r in conn.execute(stmt)]
            found = self._articles(conn, rows)
        titles = {s.source_id: s.title for s in subs}
        return [
            ReaderItem(
                item_id=int(row["item_id"]),
                article=article,
                source_title=titles.get(article.source_id)
                or row["source_title"]
                or row["source_feed_url"],
                site_url=row["source_site_url"],
                feed_url=row["source_feed_url"],
                display_policy=DisplayPolicy(row["source_policy"]),
                read=bool(row["is_read"]),
                starred=row["starred_at"] is not None,
                starred_at=row["starred_at"],
            )
            for row, article in zip(rows, found, strict=True)
        ]

    # -- the /v1 API: entries, counters, categories, refresh ---------------------------------

    def entries(self, user_id: int, query: EntryFilter) -> tuple[list[ReaderItem], int]:
        """One page of the reader's items chosen by ``query``, and how many it chooses in
        all (past ``limit`` and ``offset``)."""
        subs = self.subscriptions(user_id)
        followed = [s.source_id for s in subs]
        chosen = followed if query.source_ids is None else list(query.source_ids)
        chosen = [i for i in chosen if i in set(followed)]
        if not chosen:
            return [], 0
        # Read and starred as semi- and anti-joins on the marks' primary keys (user, article),
        # so the page and the count read only ``ix_articles_source_list`` (every column
        # they test is in it) and the marks, never an article row (text and HTML).
        is_read = _is_read_probe(user_id, subs)
        where: list[Any] = [articles.c.source_id.in_(chosen), articles.c.item_id.is_not(None)]
        if query.starred is not None:
            saved = select(saved_articles.c.article_id).where(saved_articles.c.user_id == user_id)
            # IN (not EXISTS) for starred: the reader's saved articles drive the query.
            where.append(articles.c.id.in_(saved) if query.starred else ~_saved(user_id))
        for word in (query.search or "").split():
            needle = word.lower()
            where.append(
                or_(
                    func.lower(articles.c.title).contains(needle, autoescape=True),
                    func.lower(func.coalesce(articles.c.text, articles.c.summary, "")).contains(
                        needle, autoescape=True
                    ),
                )
            )
        if query.after is not None:
            where.append(articles.c.sort_time > query.after)
        if query.before is not None:
            where.append(articles.c.sort_time < query.before)
        if query.after_item_id is not None:
            where.append(articles.c.item_id > query.after_item_id)
        if query.before_item_id is not None:
            where.append(articles.c.item_id < query.before_item_id)
        unfiltered = list(where)  # every condition but read or unread, for the count
        if query.read is not None:
            where.append(is_read if query.read else ~is_read)
        keys: list[Any] = {
            "id": [],
            "status": [case((is_read, 1), else_=0)],
            "rank": [case(dict(query.source_rank), value=articles.c.source_id, else_=0)],
        }.get(query.order, [articles.c.sort_time])
        keys.append(articles.c.item_id)
        # The page's ids first, walking each source's range of ``ix_articles_source_list``
        # in list order (SQLite stops each range once the page is full), then those rows
        # in full. ``total`` is exact: a count over the same index.
        page = (
            select(articles.c.id)
            .where(*where)
            .order_by(*(k.desc() if query.descending else k.asc() for k in keys))
            .limit(query.limit)
            .offset(query.offset)
        )
        starred = saved_articles.c.saved_at
        joined = _with_marks(user_id).outerjoin(
            saved_articles,
            and_(
                saved_articles.c.user_id == user_id,
                saved_articles.c.article_id == articles.c.id,
            ),
        )
        with self._connect() as conn:
            total = self._count(conn, user_id, subs, where, unfiltered, query)
            ids = list(conn.execute(page).scalars()) if query.limit else []
            stmt = (
                select(
                    articles,
                    sources.c.title.label("source_title"),
                    sources.c.feed_url.label("source_feed_url"),
                    sources.c.site_url.label("source_site_url"),
                    sources.c.display_policy.label("source_policy"),
                    _is_read(subs).label("is_read"),
                    starred.label("starred_at"),
                )
                .select_from(joined.join(sources, sources.c.id == articles.c.source_id))
                .where(articles.c.id.in_(ids))
            )
            place = {article_id: n for n, article_id in enumerate(ids)}
            found_rows = [r._mapping for r in conn.execute(stmt)] if ids else []
            rows = sorted(found_rows, key=lambda r: place[r["id"]])
            found = self._articles(conn, rows)
        titles = {s.source_id: s.title for s in subs}
        return [
            _reader_item(row, article, titles) for row, article in zip(rows, found, strict=True)
        ], total

    def _count(
        self,
        conn: Connection,
        user_id: int,
        subs: Sequence[Subscription],
        where: Sequence[Any],
        unfiltered: Sequence[Any],
        query: EntryFilter,
    ) -> int:
        """How many rows ``where`` chooses (``unfiltered``: all but read or unread).

        A read or unread count tests each row's mark, a probe of the marks per article
        (about 150 ms at 100,000). When the reader has few marks beside the rows, they are
        counted from the other side instead: the rows in all, those below a "read before"
        line (index range counts) and the reader's marks joined to their articles, about
        6 µs a mark against 1.5 µs a row, so it pays below a quarter:

            read   = marked read + below a line − below a line and marked (either way)
            unread = all − read
        """
        plain = select(func.count()).select_from(articles)
        if query.read is None or query.search:
            return int(conn.execute(plain.where(*where)).scalar_one())
        everything = int(conn.execute(plain.where(*unfiltered)).scalar_one())
        enough = everything // 4 + 1
        some_marks = (
            select(article_reads.c.article_id)
            .where(article_reads.c.user_id == user_id)
            .limit(enough)
            .subquery()
        )
        if conn.execute(select(func.count()).select_from(some_marks)).scalar_one() >= enough:
            return int(conn.execute(plain.where(*where)).scalar_one())

        def marked(*more: Any) -> int:
            joined = article_reads.join(articles, articles.c.id == article_reads.c.article_id)
            stmt = (
                select(func.count())
                .select_from(joined)
                .where(article_reads.c.user_id == user_id, *unfiltered, *more)
            )
            return int(conn.execute(stmt).scalar_one())

        read = marked(article_reads.c.read == true())
        if any(s.read_before is not None for s in subs):
            below = _below_line(subs)
            read += int(conn.execute(plain.where(*unfiltered, below)).scalar_one())
            read -= marked(below)
        return read if query.read else everything - read

    def counters(self, user_id: int) -> dict[int, tuple[int, int]]:
        """Per subscription with articles: how many are read and how many unread."""
        subs = self.subscriptions(user_id)
        if not subs:
            return {}
        is_read = _is_read(subs)
        stmt = (
            select(articles.c.source_id, func.count(), func.sum(case((is_read, 1), else_=0)))
            .select_from(_with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .group_by(articles.c.source_id)
        )
        with self._connect() as conn:
            return {
                int(source): (int(read or 0), int(n) - int(read or 0))
                for source, n, read in conn.execute(stmt)
            }

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


def _reader_item(row: Any, article: Any, titles: dict[int, str]) -> ReaderItem:
    return ReaderItem(
        item_id=int(row["item_id"]),
        article=article,
        source_title=titles.get(article.source_id) or row["source_title"] or row["source_feed_url"],
        site_url=row["source_site_url"],
        feed_url=row["source_feed_url"],
        display_policy=DisplayPolicy(row["source_policy"]),
        read=bool(row["is_read"]),
        starred=row["starred_at"] is not None,
        starred_at=row["starred_at"],
    )


def _line_before(line: datetime | None, before: datetime) -> bool:
    return line is None or line < before


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


def _with_marks(user_id: int) -> Any:
    """``articles`` with the reader's explicit marks (NULL where there is none)."""
    return articles.outerjoin(
        article_reads,
        and_(article_reads.c.user_id == user_id, article_reads.c.article_id == articles.c.id),
    )


def _is_read(subs: Sequence[Subscription]) -> Any:
    """True for a row of ``_with_marks`` the reader has read: marked so, or below its
    subscription's line and not kept unread. Subscriptions sharing a line (the usual case
    after "mark all as read") share one condition."""
    below = _below_line(subs)
    # Never NULL (an unmarked row compares NULL with TRUE), so that NOT of it is "unread".
    return or_(
        and_(article_reads.c.read.is_not(None), article_reads.c.read == true()),
        and_(article_reads.c.read.is_(None), below),
    )


def _marked(user_id: int, read: bool) -> Any:
    """The reader marked this row of ``articles`` read (or kept it unread): a probe of
    ``article_reads``' primary key."""
    return exists().where(
        article_reads.c.user_id == user_id,
        article_reads.c.article_id == articles.c.id,
        article_reads.c.read == (true() if read else false()),
    )


def _saved(user_id: int) -> Any:
    """The reader starred (saved) this row of ``articles``: a probe of the primary key."""
    return exists().where(
        saved_articles.c.user_id == user_id, saved_articles.c.article_id == articles.c.id
    )


def _below_line(subs: Sequence[Subscription]) -> Any:
    """The row was found before its subscription's "read before" line."""
    lines: dict[datetime, list[int]] = defaultdict(list)
    for s in subs:
        if s.read_before is not None:
            lines[s.read_before].append(s.source_id)
    return or_(
        false(),
        *(
            and_(articles.c.source_id.in_(ids), articles.c.discovered_at < line)
            for line, ids in lines.items()
        ),
    )


def _is_read_probe(user_id: int, subs: Sequence[Subscription]) -> Any:
    """``_is_read`` on ``articles`` alone (no join): marked read, or below the line and not
    kept unread. Never NULL, so that NOT of it is "unread"."""
    if not any(s.read_before for s in subs):
        return _marked(user_id, True)
    return or_(_marked(user_id, True), and_(_below_line(subs), ~_marked(user_id, False)))


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
