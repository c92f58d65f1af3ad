"""Orchestration: the one place that joins the pure stages to HTTP and the store.

fetch feed → parse → store new entries → fetch page → extract → store. Each step is
keyed by source id or article id, and every write is one transaction, so a crash or a
retry redoes work but never duplicates or loses it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

import httpx

from tidings.config import Settings
from tidings.errors import ExtractionError, FeedError, FetchError, TidingsError
from tidings.extract import extract_article
from tidings.ingest import article_id, canonical_url, fetch, parse_feed
from tidings.models import Source
from tidings.store import NewEntry, PendingArticle, Repository

__all__ = ["IngestReport", "Ingestor", "Progress"]

log = logging.getLogger(__name__)

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_PENDING_BATCH = 200

T = TypeVar("T")


class Progress(Protocol):
    """Where ingest reports how far it got (the CLI shows a Rich progress bar)."""

    def add_work(self, amount: int) -> None: ...

    def advance(self, description: str) -> None: ...


class _NoProgress:
    def add_work(self, amount: int) -> None:
        pass

    def advance(self, description: str) -> None:
        pass


@dataclass(slots=True)
class IngestReport:
    """What one ingest round did."""

    sources_checked: int = 0
    sources_failed: int = 0
    new_articles: int = 0
    articles_extracted: int = 0
    articles_failed: int = 0
    errors: list[str] = field(default_factory=list)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Ingestor:
    """Runs ingest rounds: due feeds first, then the pages they announced."""

    def __init__(
        self,
        repository: Repository,
        client: httpx.AsyncClient,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.repository = repository
        self.client = client
        self.settings = settings
        self.clock = clock
        self._slots = asyncio.Semaphore(settings.fetch_concurrency)

    async def run_once(
        self, progress: Progress | None = None, *, all_sources: bool = False
    ) -> IngestReport:
        """Check due feeds (or all with ``all_sources``), then fetch and extract new pages."""
        progress = progress or _NoProgress()
        report = IngestReport()
        now = self.clock()
        if all_sources:
            sources = [s for s in await self._store(self.repository.list_sources) if s.enabled]
        else:
            sources = await self._store(self.repository.due_sources, now)
        progress.add_work(len(sources))
        await asyncio.gather(*(self._check_and_count(s, report, progress) for s in sources))
        while True:
            pending = await self._store(
                lambda: self.repository.pending_articles(
                    self.clock(),
                    max_attempts=self.settings.article_max_attempts,
                    limit=_PENDING_BATCH,
                )
            )
            if not pending:
                break
            progress.add_work(len(pending))
            await asyncio.gather(*(self._article_and_count(p, report, progress) for p in pending))
            if len(pending) < _PENDING_BATCH:
                break
        return report

    async def check_source(self, source: Source) -> int:
        """Fetch and parse one feed, store its new entries; return how many were new."""
        now = self.clock()
        try:
            async with self._slots:
                result = await fetch(
                    self.client,
                    source.feed_url,
                    max_bytes=self.settings.max_feed_bytes,
                    accept=_FEED_ACCEPT,
                    etag=source.etag,
                    last_modified=source.last_modified,
                )
            feed = None if result.not_modified else parse_feed(result.body, result.url)
        except (FetchError, FeedError) as exc:
            message = str(exc)
            await self._store(
                lambda: self.repository.record_feed_failure(
                    source.id, message, now=now, next_check_at=self._error_backoff(source, now)
                )
            )
            raise
        new_ids: list[str] = []
        if feed is not None:
            entries = [
                NewEntry(
                    article_id=article_id(e.url),
                    url=canonical_url(e.url),
                    entry=e,
                    keywords=e.categories,
                )
                for e in feed.entries
            ]
            new_ids = await self._store(
                lambda: self.repository.add_entries(source.id, entries, now=now)
            )
        await self._store(
            lambda: self.repository.record_feed_success(
                source.id,
                feed,
                now=now,
                next_check_at=now + timedelta(minutes=self.settings.poll_interval_minutes),
                etag=result.etag,
                last_modified=result.last_modified,
            )
        )
        return len(new_ids)

    async def process_article(self, pending: PendingArticle) -> None:
        """Fetch one article page and store what extraction found, or note the failure."""
        now = self.clock()
        try:
            async with self._slots:
                result = await fetch(
                    self.client,
                    pending.url,
                    max_bytes=self.settings.max_page_bytes,
                    accept=_PAGE_ACCEPT,
                )
            if result.content_type and "html" not in result.content_type:
                raise ExtractionError(f"the page is {result.content_type}, not HTML")
            page: str | bytes = result.body
            if result.charset:
                try:
                    page = result.body.decode(result.charset, errors="replace")
                except LookupError:
                    page = result.body
            extracted = await asyncio.to_thread(extract_article, page, result.url)
        except (FetchError, ExtractionError) as exc:
            attempts = pending.attempts + 1
            retry = None
            if attempts < self.settings.article_max_attempts:
                delay = self.settings.article_retry_minutes * 2 ** (attempts - 1)
                retry = now + timedelta(minutes=delay)
            message = str(exc)
            await self._store(
                lambda: self.repository.record_article_failure(
                    pending.id, message, now=now, next_attempt_at=retry
                )
            )
            raise
        await self._store(lambda: self.repository.save_extraction(pending.id, extracted, now=now))

    async def _check_and_count(
        self, source: Source, report: IngestReport, progress: Progress
    ) -> None:
        label = source.title or source.feed_url
        try:
            # Await first: "x += await f()" would read x before the await and lose updates.
            added = await self.check_source(source)
            report.new_articles += added
        except TidingsError as exc:
            report.sources_failed += 1
            report.errors.append(f"{label}: {exc}")
            log.warning("feed %s failed: %s", source.feed_url, exc)
        finally:
            report.sources_checked += 1
            progress.advance(f"feed {label}")

    async def _article_and_count(
        self, pending: PendingArticle, report: IngestReport, progress: Progress
    ) -> None:
        try:
            await self.process_article(pending)
            report.articles_extracted += 1
        except TidingsError as exc:
            report.articles_failed += 1
            report.errors.append(f"{pending.url}: {exc}")
            log.info("article %s failed: %s", pending.url, exc)
        finally:
            progress.advance("article")

    def _error_backoff(self, source: Source, now: datetime) -> datetime:
        # Exponential in the failures so far, capped at a day, jittered so that many
        # broken feeds do not retry in lockstep.
        minutes = self.settings.error_backoff_minutes * 2 ** min(source.error_count, 6)
        minutes = min(minutes, 24 * 60) * random.uniform(0.9, 1.1)
        return now + timedelta(minutes=minutes)

    @staticmethod
    async def _store(call: Callable[..., T], *args: object) -> T:
        # The store is synchronous; keep the event loop (and the web server) responsive.
        return await asyncio.to_thread(call, *args)
