"""Value objects of a reader's state for the reader apps (issue #18).

A subscription is a followed source (``Follow`` of kind ``source``: one truth), with the
folder and title the reader gave it. An item is an article as one reader sees it: its
integer id for the APIs, read or unread, starred (starred is "saved": one truth).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tidings.models import Article, DisplayPolicy

__all__ = ["AppPassword", "EntryFilter", "ReaderItem", "Subscription"]


@dataclass(frozen=True, slots=True)
class Subscription:
    """A source a reader follows, as the reader apps list it."""

    source_id: int
    title: str  # the reader's title for it, else the feed's, else its address
    feed_url: str
    site_url: str | None
    icon_url: str | None
    folder: str | None  # the folder (label, category) it is in, if any
    created_at: datetime
    read_before: datetime | None  # everything discovered before this is read
    last_checked_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReaderItem:
    """An article with one reader's state: what every reader-app API serialises."""

    item_id: int
    article: Article
    source_title: str
    site_url: str | None
    feed_url: str
    display_policy: DisplayPolicy
    read: bool
    starred: bool
    starred_at: datetime | None


@dataclass(frozen=True, slots=True)
class AppPassword:
    """One app password of a reader (never the password or its hash)."""

    id: int
    user_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """Which of a reader's items a list holds, and in what order (the ``/v1`` entries).

    Times compare with the article's list time (the publisher's, else when it was found).
    ``order`` is ``id``, ``status`` (unread first ascending), ``published_at`` or ``rank``
    (``source_rank`` of the article's source, as a category order). Ties fall to the id.
    """

    read: bool | None = None  # None: read and unread
    starred: bool | None = None
    source_ids: Sequence[int] | None = None  # None: every subscription
    search: str | None = None  # words that must all appear in the title or the text
    after: datetime | None = None
    before: datetime | None = None
    after_item_id: int | None = None
    before_item_id: int | None = None
    order: str = "published_at"
    descending: bool = False
    source_rank: Mapping[int, int] = field(default_factory=dict)
    limit: int = 100
    offset: int = 0
