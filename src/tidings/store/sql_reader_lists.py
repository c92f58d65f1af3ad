"""The lists the reader apps ask for (issue #18): GReader streams and items, ``/v1``
entries with their exact totals, per-feed counts; each read or unread through
``sql_read_rules`` and paged on the item id or the list time, reading an index where it can.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    func,
    or_,
    select,
    true,
)

from tidings.accounts.reader_state import EntryFilter, ReaderItem, Subscription
from tidings.models import DisplayPolicy
from tidings.store.schema import (
    article_reads,
    articles,
    saved_articles,
    sources,
)
from tidings.store.sql_item_labels import labelled_ids
from tidings.store.sql_read_rules import (
    below_line,
    read_clause,
    read_probe,
    saved_clause,
    with_marks,
)
from tidings.store.sql_rows import ArticleRows
from tidings.store.sql_subscriptions import SqlSubscriptions

__all__ = ["SqlReaderLists"]

_CHUNK = 500  # under SQLite's bound-parameter limit


class SqlReaderLists(SqlSubscriptions, ArticleRows):
    """A reader's streams, items, entries and counts."""

    # -- streams (the Google Reader API) -----------------------------------------------------

    def stream_item_ids(
        self,
        user_id: int,
        *,
        source_ids: Sequence[int] | None,
        label: str | None = None,
        read: bool | None = None,
        starred: bool | None = None,
        newer_than: datetime | None = None,
        older_than: datetime | None = None,
        after: int | None = None,
        oldest_first: bool = False,
        limit: int = 20,
    ) -> list[int]:
        """Item ids of a stream, newest first (or oldest first): the articles of
        ``source_ids`` (None: of any source) and those the reader labelled ``label``,
        read or unread, starred or not, discovered after ``newer_than`` and before
        ``older_than``, past item id ``after`` in that order. Keyset paging on the item
        id: an article stored meanwhile gets a larger id and never shifts a page. Ids
        alone: an id is its article's discovery time in microseconds (``item_ids``), and
        10,000 of them come back as plain integers, without a date to convert per row."""
        if source_ids is not None and not source_ids and label is None:
            return []
        joined: Any = articles
        stmt = select(articles.c.item_id)
        if read is not None:
            joined = with_marks(user_id)
            is_read = read_clause(self.subscriptions(user_id))
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
        if newer_than is not None:
            stmt = stmt.where(articles.c.discovered_at > newer_than)
        if older_than is not None:
            stmt = stmt.where(articles.c.discovered_at < older_than)
        key = articles.c.item_id
        if after is not None:
            stmt = stmt.where(key > after if oldest_first else key < after)
        parts = []
        if source_ids is None or source_ids:
            parts.append(
                self._in_sources(stmt, source_ids).order_by(key if oldest_first else key.desc())
            )
        if label is not None:
            # A semi-join from the reader's rows of the label (``labelled_ids`` reads the
            # listing index): ordered by "item id + 0", which no index gives, so neither
            # database walks every article in id order to find a few labelled ones.
            mine = stmt.where(articles.c.id.in_(labelled_ids(user_id, label)))
            parts.append(mine.order_by(key + 0 if oldest_first else (key + 0).desc()))
        with self._connect() as conn:
            pages = [list(conn.execute(p.limit(limit)).scalars()) for p in parts]
        if len(pages) == 1:
            return pages[0]
        # Both parts hold the page's ids among theirs: the merge, without the ids in both.
        merged = sorted({i for page in pages for i in page}, reverse=not oldest_first)
        return merged[:limit]

    def _in_sources(self, stmt: Any, source_ids: Sequence[int] | None) -> Any:
        """``stmt`` on the articles of ``source_ids`` (None: every source)."""
        if source_ids is None:
            return stmt
        with self._connect() as conn:
            followed = conn.execute(select(func.count()).select_from(sources)).scalar_one()
        # Few of the sources: their (source_id, item_id) index. Most of them: walk the item
        # id index in order and stop at ``limit``, the sources a filter on each row ("+ 0"
        # keeps either database from choosing the source index, which would read every
        # article of every source and sort them all).
        most = len(source_ids) * 2 >= followed
        column = articles.c.source_id + 0 if most else articles.c.source_id
        return stmt.where(column.in_(list(source_ids)))

    def unread_counts(self, user_id: int) -> dict[int, tuple[int, datetime]]:
        """Per subscription with unread articles: how many, and the newest one's discovery
        time."""
        subs = self.subscriptions(user_id)
        if not subs:
            return {}
        stmt = (
            select(articles.c.source_id, func.count(), func.max(articles.c.discovered_at))
            .select_from(with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .where(~read_clause(subs))
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
        stmt = _item_rows(user_id, subs).limit(limit)
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
            _reader_item(row, article, titles) for row, article in zip(rows, found, strict=True)
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
        is_read = read_probe(user_id, subs)
        where: list[Any] = [articles.c.source_id.in_(chosen), articles.c.item_id.is_not(None)]
        if query.starred is not None:
            saved = select(saved_articles.c.article_id).where(saved_articles.c.user_id == user_id)
            # IN (not EXISTS) for starred: the reader's saved articles drive the query.
            where.append(articles.c.id.in_(saved) if query.starred else ~saved_clause(user_id))
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
        with self._connect() as conn:
            total = self._count(conn, user_id, subs, where, unfiltered, query)
            ids = list(conn.execute(page).scalars()) if query.limit else []
            stmt = _item_rows(user_id, subs).where(articles.c.id.in_(ids))
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
            below = below_line(subs)
            read += int(conn.execute(plain.where(*unfiltered, below)).scalar_one())
            read -= marked(below)
        return read if query.read else everything - read

    def counters(self, user_id: int) -> dict[int, tuple[int, int]]:
        """Per subscription with articles: how many are read and how many unread."""
        subs = self.subscriptions(user_id)
        if not subs:
            return {}
        is_read = read_clause(subs)
        stmt = (
            select(articles.c.source_id, func.count(), func.sum(case((is_read, 1), else_=0)))
            .select_from(with_marks(user_id))
            .where(articles.c.source_id.in_([s.source_id for s in subs]))
            .group_by(articles.c.source_id)
        )
        with self._connect() as conn:
            return {
                int(source): (int(read or 0), int(n) - int(read or 0))
                for source, n, read in conn.execute(stmt)
            }


def _item_rows(user_id: int, subs: Sequence[Subscription]) -> Any:
    """Articles in full with their source and the reader's state (``_reader_item``)."""
    return select(
        articles,
        sources.c.title.label("source_title"),
        sources.c.feed_url.label("source_feed_url"),
        sources.c.site_url.label("source_site_url"),
        sources.c.display_policy.label("source_policy"),
        read_clause(subs).label("is_read"),
        saved_articles.c.saved_at.label("starred_at"),
    ).select_from(
        with_marks(user_id)
        .join(sources, sources.c.id == articles.c.source_id)
        .outerjoin(
            saved_articles,
            and_(
                saved_articles.c.user_id == user_id,
                saved_articles.c.article_id == articles.c.id,
            ),
        )
    )


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
