"""Articles: entries from feeds, extracted pages, copies, vectors, AI outputs, sitemaps.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from tidings.models import (
    Article,
    Cursor,
    ExtractedArticle,
    NewEntry,
    PendingArticle,
)
from tidings.store.sql_sitemaps import SitemapEntry

__all__ = ["Articles"]


class Articles(Protocol):
    """Articles: entries from feeds, extracted pages, copies, vectors, AI outputs, sitemaps."""

    def add_entries(
        self, source_id: int, entries: Sequence[NewEntry], *, now: datetime
    ) -> list[str]:
        """Store entries not seen before; return the ids that were new. Never overwrites."""
        ...

    def claim_urls(self, article_id: str, url_ids: Sequence[str]) -> str | None:
        """Note other URLs of an article, in order; returns the id of a DIFFERENT article
        that already has one of them (this one is then a second copy), else None."""
        ...

    def merge_article_into(self, duplicate_id: str, original_id: str) -> None:
        """Drop a second copy; its URLs lead to the original from now on."""
        ...

    def resolve_article_id(self, url_id: str) -> str | None:
        """The article known by this URL id, if any."""
        ...

    def recent_fingerprints(self, since: datetime) -> list[tuple[str, str | None, bytes]]:
        """(id, content hash, fingerprint) of original articles seen since ``since``."""
        ...

    def copies_of(self, article_id: str) -> list[Article]:
        """Articles stored as copies of ``article_id``, without their HTML body."""
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
        tag: str | None = None,
        category: str | None = None,
        language: str | None = None,
        after: Cursor | None = None,
        bodies: bool = True,
    ) -> list[Article]:
        """Newest first; copies of other articles only with ``include_copies``; only those
        with hashtag ``tag`` (a slug), in ``category`` (a slug) or in ``language`` (a code)
        when given. ``before`` gives the ``limit`` next older than a cursor, ``after`` the
        ``limit`` next newer (still newest first). Without ``bodies``, no HTML bodies and
        no body figures (``html`` is None, ``figures`` empty): what lists of cards read."""
        ...

    def related_by_keywords(self, article: Article, *, limit: int, now: datetime) -> list[Article]:
        """Recent articles from other outlets sharing keywords with ``article``."""
        ...

    def count_articles(self) -> int: ...

    def article_time_span(self) -> tuple[datetime, datetime] | None:
        """The oldest and newest list time of an original, or None with no articles."""
        ...

    def sitemap_summary(self, start: datetime, end: datetime) -> tuple[int, datetime | None]:
        """How many originals were listed in ``[start, end)``, and the latest change among
        them (``modified`` or list time, whichever is later)."""
        ...

    def sitemap_entries(
        self,
        start: datetime,
        end: datetime,
        *,
        offset: int,
        limit: int,
        newest_first: bool = False,
    ) -> list[SitemapEntry]:
        """Originals listed in ``[start, end)``, oldest first (a page stays put as the
        month fills) unless ``newest_first``, ``limit`` from ``offset``."""
        ...

    def ai_output(self, key: str) -> dict[str, Any] | None:
        """The stored AI output under ``key``, or None."""
        ...

    def save_ai_output(self, key: str, payload: dict[str, Any], *, now: datetime) -> None:
        """Keep ``payload`` under ``key``, replacing what was there."""
        ...

    def save_ai_outputs(
        self, outputs: Sequence[tuple[str, dict[str, Any]]], *, now: datetime
    ) -> None:
        """Keep each ``(key, payload)``, replacing what was there, in one transaction."""
        ...

    def prune_ai_outputs(self, before: datetime) -> int:
        """Drop outputs made before ``before``; how many went."""
        ...

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """These articles in the order given (unknown ids left out)."""
        ...
