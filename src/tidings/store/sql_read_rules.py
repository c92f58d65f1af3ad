"""What read and starred mean in SQL for one reader (issue #18), for the marks and the lists.

An article is read when the reader marked it so, or when it was discovered before its
subscription's ``read_before`` line and not kept unread; starred is a row of
``saved_articles``. Two spellings of read: ``read_clause`` over ``with_marks`` (the marks
outer-joined, for rows that show their state) and ``read_probe`` on ``articles``
alone (probes of the marks' primary key, so a list or count reads only an index).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    exists,
    false,
    or_,
    true,
)

from tidings.accounts.reader_state import Subscription
from tidings.store.schema import (
    article_reads,
    articles,
    saved_articles,
)

__all__ = [
    "below_line",
    "line_before",
    "marked_clause",
    "read_clause",
    "read_probe",
    "saved_clause",
    "with_marks",
]


def line_before(line: datetime | None, before: datetime) -> bool:
    return line is None or line < before


def with_marks(user_id: int) -> Any:
    """``articles`` with the reader's explicit marks (NULL where there is none)."""
    return articles.outerjoin(
        article_reads,
        and_(article_reads.c.user_id == user_id, article_reads.c.article_id == articles.c.id),
    )


def read_clause(subs: Sequence[Subscription]) -> Any:
    """True for a row of ``with_marks`` the reader has read: marked so, or below its
    subscription's line and not kept unread. Subscriptions sharing a line (the usual case
    after "mark all as read") share one condition."""
    below = below_line(subs)
    # Never NULL (an unmarked row compares NULL with TRUE), so that NOT of it is "unread".
    return or_(
        and_(article_reads.c.read.is_not(None), article_reads.c.read == true()),
        and_(article_reads.c.read.is_(None), below),
    )


def marked_clause(user_id: int, read: bool) -> Any:
    """The reader marked this row of ``articles`` read (or kept it unread): a probe of
    ``article_reads``' primary key."""
    return exists().where(
        article_reads.c.user_id == user_id,
        article_reads.c.article_id == articles.c.id,
        article_reads.c.read == (true() if read else false()),
    )


def saved_clause(user_id: int) -> Any:
    """The reader starred (saved) this row of ``articles``: a probe of the primary key."""
    return exists().where(
        saved_articles.c.user_id == user_id, saved_articles.c.article_id == articles.c.id
    )


def below_line(subs: Sequence[Subscription]) -> Any:
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


def read_probe(user_id: int, subs: Sequence[Subscription]) -> Any:
    """``read_clause`` on ``articles`` alone (no join): marked read, or below the line and not
    kept unread. Never NULL, so that NOT of it is "unread"."""
    if not any(s.read_before for s in subs):
        return marked_clause(user_id, True)
    return or_(marked_clause(user_id, True), and_(below_line(subs), ~marked_clause(user_id, False)))
