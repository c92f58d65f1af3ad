"""The store's one interface. SQLite and PostgreSQL implement it (``sql.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tidings.models import Article, DisplayPolicy, ExtractedArticle, FeedEntry, ParsedFeed, Source


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A feed entry about to be stored, with the id of its canonical URL."""

    article_id: str
    url: str
    entry: FeedEntry
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An article whose page still has to be fetched."""

    id: str
    url: str
    source_id: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a newest-first list: the last item seen."""

    sort_time: datetime
    article_id: str


class Repository(Protocol):
    """Everything the pipeline and the web layer read and write."""

    # sources
    def add_source(
        self,
        feed_url: str,
        *,
        now: datetime,
        title: str | None = None,
        display_policy: DisplayPolicy = DisplayPolicy.FULL,
        tags: Sequence[str] = (),
    ) -> Source:
        """Add a feed, or return it unchanged when it is already followed."""
        ...

    def find_source(self, feed_url: str) -> Source | None: ...

    def update_feed_url(self, source_id: int, feed_url: str) -> None:
        """Follow a permanent redirect; StoreError when another source has that URL."""
        ...

    def set_source_enabled(
        self, source_id: int, enabled: bool, *, now: datetime, reason: str | None = None
    ) -> None: ...

    def set_source_tags(self, source_id: int, tags: Sequence[str]) -> None: ...

    def set_websub(
        self,
        source_id: int,
        *,
        hub: str | None,
        topic: str | None,
        secret: str | None,
        state: str | None,
        lease_until: datetime | None,
    ) -> None: ...

    def get_source(self, source_id: int) -> Source: ...

    def list_sources(
        self, *, with_counts: bool = True, now: datetime | None = None
    ) -> list[Source]:
        """Every source, oldest first; ``with_counts`` fills article counts and rates."""
        ...

    def set_display_policy(self, source_id: int, policy: DisplayPolicy) -> None: ...

    def due_sources(self, now: datetime) -> list[Source]:
        """Enabled sources whose next check is due (or never happened)."""
        ...

    def record_feed_success(
        self,
        source_id: int,
        feed: ParsedFeed | None,
        *,
        now: datetime,
        next_check_at: datetime,
        etag: str | None,
        last_modified: str | None,
        interval_minutes: float | None = None,
    ) -> None:
        """Note a good fetch; ``feed`` is None when the server said 304 Not Modified."""
        ...

    def record_feed_failure(
        self,
        source_id: int,
        error: str,
        *,
        now: datetime,
        next_check_at: datetime,
        disable_reason: str | None = None,
    ) -> None:
        """Note a failed check; with ``disable_reason`` the source is also disabled."""
        ...

    # articles
    def add_entries(
        self, source_id: int, entries: Sequence[NewEntry], *, now: datetime
    ) -> list[str]:
        """Store entries not seen before; return the ids that were new. Never overwrites."""
        ...

    def claim_url(self, article_id: str, url_id: str) -> str | None:
        """Note another URL of an article; returns the id of a DIFFERENT article that
        already has it (this one is then a second copy), else None."""
        ...

    def merge_article_into(self, duplicate_id: str, original_id: str) -> None:
        """Drop a second copy; its URLs lead to the original from now on."""
        ...

    def resolve_article_id(self, url_id: str) -> str | None:
        """The article known by this URL id, if any."""
        ...

    def save_vector(self, article_id: str, *, model: str, text_hash: str, vector: bytes) -> None:
        """Store (or replace) an article's embedding under ``model``."""
        ...

    def vector_for_text(self, model: str, text_hash: str) -> bytes | None:
        """A stored embedding of the same text under the same model, if any."""
        ...

    def stored_vectors(self, model: str) -> list[tuple[str, bytes]]:
        """Every (article id, vector) under ``model``."""
        ...

    def pending_articles(
        self, now: datetime, *, max_attempts: int, limit: int
    ) -> list[PendingArticle]: ...

    def save_extraction(
        self,
        article_id: str,
        extracted: ExtractedArticle,
        *,
        now: datetime,
        content_hash: str | None = None,
        fingerprint: bytes | None = None,
        duplicate_of: str | None = None,
    ) -> None:
        """Store what extraction found; keeps feed values where extraction found none."""
        ...

    def record_article_failure(
        self, article_id: str, error: str, *, now: datetime, next_attempt_at: datetime | None
    ) -> None:
        """Keep the feed's title and summary, note the error and when to try again."""
        ...

    def get_article(self, article_id: str) -> Article: ...

    def latest_articles(
        self,
        *,
        limit: int,
        before: Cursor | None = None,
        source_id: int | None = None,
        include_copies: bool = False,
    ) -> list[Article]:
        """Newest first; copies of other articles only with ``include_copies``."""
        ...

    def recent_fingerprints(self, since: datetime) -> list[tuple[str, str | None, bytes]]:
        """(id, content hash, fingerprint) of original articles seen since ``since``."""
        ...

    def copies_of(self, article_id: str) -> list[Article]:
        """Articles stored as copies of ``article_id``."""
        ...

    def related_by_keywords(self, article: Article, *, limit: int, now: datetime) -> list[Article]:
        """Recent articles from other outlets sharing keywords with ``article``."""
        ...

    def count_articles(self) -> int: ...
