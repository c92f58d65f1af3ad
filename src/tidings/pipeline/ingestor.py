"""Ingest rounds: the pure stages joined to HTTP and the store.

fetch feed → parse → store new entries → fetch page → extract → store → (story stage:
embed, cluster, related; ``pipeline.story_stage``) → store. Each step is
keyed by source id or article id, and every write is one transaction, so a crash or a
retry redoes work but never duplicates or loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

import httpx

from tidings.config import Settings
from tidings.errors import (
    ExtractionError,
    FeedError,
    FetchError,
    HTTPStatusError,
    RateLimited,
    RobotsDisallowed,
    StoreError,
    TidingsError,
)
from tidings.extract import extract_article
from tidings.ingest import article_id, canonical_url, parse_feed, websub
from tidings.ingest.fetch import Fetcher
from tidings.ingest.rounds import in_turns, newest_first
from tidings.ingest.schedule import plan_after_failure, plan_after_success
from tidings.ingest.urls import trusted_canonical
from tidings.models import (
    ExtractedArticle,
    FeedEntry,
    NewEntry,
    ParsedFeed,
    PendingArticle,
    Source,
)
from tidings.pipeline.copy_tracker import CopyTracker
from tidings.pipeline.story_stage import StoryStage
from tidings.store import Repository
from tidings.stories import Fingerprint, text_keys
from tidings.text.charset import decode_body

__all__ = ["IngestReport", "Ingestor", "Progress", "accept_push", "extract_page", "new_entries"]

log = logging.getLogger(__name__)

_PENDING_BATCH = 200
# Pages waiting are read this many at a time and fetched in turns across their sources,
# _PENDING_BATCH at once: one source's backlog cannot fill every batch.
_PENDING_WINDOW = 2000
# The story stage always runs on this one thread: one embedding model per process, and
# the model's memory is allocated (and reused) in one thread's malloc arena instead of
# spreading over every worker thread's.
_STORY_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-stories")

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
    articles_placed: int = 0  # placed in stories by the story stage
    errors: list[str] = field(default_factory=list)


def extract_page(body: bytes, url: str, *, charset: str | None = None) -> ExtractedArticle:
    """Extract a fetched page: what ingest does, and what ``tidings extract`` does.

    The text encoding comes from the HTTP header (when there was one), the BOM, or the
    page's own declaration, in the same way for both.
    """
    page = decode_body(body, content_type_charset=charset, kind="html")
    return extract_article(page, url)


def _extract_and_key(
    body: bytes, url: str, charset: str | None
) -> tuple[ExtractedArticle, tuple[str, Fingerprint]]:
    # One worker-thread hop for both: the copy keys cost a third of extraction, and the
    # event loop, which checks them against the index, should not carry that.
    extracted = extract_page(body, url, charset=charset)
    return extracted, text_keys(extracted.text)


def new_entries(feed: ParsedFeed) -> list[NewEntry]:
    """A feed's entries keyed by the ids of their canonical URLs."""
    return _keyed(feed.entries)


def _keyed(entries: Sequence[FeedEntry]) -> list[NewEntry]:
    return [
        NewEntry(
            article_id=article_id(e.url), url=canonical_url(e.url), entry=e, keywords=e.categories
        )
        for e in entries
    ]


def add_newest(
    repository: Repository, source_id: int, entries: Sequence[FeedEntry], *, now: datetime, cap: int
) -> tuple[list[str], bool]:
    """Store the entries not seen before, newest first, at most ``cap`` of them; return
    their ids and whether entries were left unread."""
    ordered = newest_first(entries)
    added: list[str] = []
    read = 0
    # The store keeps every new entry it is given: ask in slices no longer than what
    # is left of the cap.
    while read < len(ordered) and len(added) < cap:
        chunk = ordered[read : read + cap - len(added)]
        read += len(chunk)
        added += repository.articles.add_entries(source_id, _keyed(chunk), now=now)
    return added, read < len(ordered)


def accept_push(
    repository: Repository, source: Source, body: bytes, *, now: datetime, cap: int
) -> int:
    """Store the entries of content a WebSub hub pushed, newest first and at most ``cap``
    new ones, as a feed check would; return how many were new.

    The caller has checked the signature, but the hub is the one the publisher named: a
    push is as untrusted as the feed. The pages are fetched by the next ingest round, in
    its fair share per source; entries beyond the cap wait for the next feed check.
    """
    feed = parse_feed(body, source.feed_url)
    added, _ = add_newest(repository, source.id, feed.entries, now=now, cap=cap)
    return len(added)


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
        copy_guard: Callable[[str], AbstractAsyncContextManager[object]] | None = None,
    ) -> None:
        self.repository = repository
        self.client = client
        self.settings = settings
        self.clock = clock
        # Held around "is it a copy?" and storing the answer. One process needs nothing
        # (the check runs on the event loop); ``tidings worker`` processes pass a lock
        # they share, and learn each other's originals under it (jobs/worker_copies.py).
        self._copy_guard = copy_guard or (lambda _article_id: contextlib.nullcontext())
        # Global and per-host caps, delays, robots.txt and Retry-After live in the Fetcher.
        self.fetcher = Fetcher(client, settings)
        self.copies = CopyTracker(repository.articles.recent_fingerprints)
        self.stories: StoryStage | None = (
            StoryStage(repository, settings, clock=clock)
            if settings.stories and not settings.story_worker
            else None
        )

    async def run_once(
        self, progress: Progress | None = None, *, all_sources: bool = False
    ) -> IngestReport:
        """Check due feeds (or all with ``all_sources``), then fetch and extract new pages,
        sources taking turns."""
        progress = progress or _NoProgress()
        report = IngestReport()
        now = self.clock()
        if all_sources:
            sources = [
                s for s in await self._store(self.repository.sources.list_sources) if s.enabled
            ]
        else:
            sources = await self._store(self.repository.sources.due_sources, now)
        progress.add_work(len(sources))
        # The story stage (embedding, on the CPU) runs in its thread while pages are fetched
        # and extracted, one stage run at a time; first it loads the model and its state.
        placing: asyncio.Task[None] | None = None
        if self.stories is not None:
            placing = asyncio.create_task(self._place_in_stories(report, warm_up=True))
        await asyncio.gather(*(self._check_and_count(s, report, progress) for s in sources))
        while True:
            pending = await self._store(
                lambda: self.repository.articles.pending_articles(
                    self.clock(),
                    max_attempts=self.settings.article_max_attempts,
                    limit=_PENDING_WINDOW,
                )
            )
            # Started in this order, the pages meet the host gates in it: sources take turns.
            turns = in_turns(pending, key=lambda p: p.source_id)
            for start in range(0, len(turns), _PENDING_BATCH):
                batch = turns[start : start + _PENDING_BATCH]
                progress.add_work(len(batch))
                await asyncio.gather(*(self._article_and_count(p, report, progress) for p in batch))
                if placing is not None:
                    await placing
                placing = asyncio.create_task(self._place_in_stories(report))
            if len(pending) < _PENDING_WINDOW:
                break
        if placing is not None:
            await placing
        await self._place_in_stories(report)  # what extraction added meanwhile, or earlier
        return report

    async def _place_in_stories(self, report: IngestReport, *, warm_up: bool = False) -> None:
        """Run the story stage over every extracted article still waiting for a story
        (with ``warm_up``: only load what it needs)."""
        if self.stories is None:
            return
        call = self.stories.warm_up if warm_up else self.stories.run
        try:
            loop = asyncio.get_running_loop()
            report.articles_placed += await loop.run_in_executor(_STORY_THREAD, call)
        except TidingsError as exc:
            # The articles stay extracted and waiting: the next round places them.
            report.errors.append(f"stories: {exc}")
            log.warning("story stage failed: %s", exc)

    async def check_source(self, source: Source) -> int:
        """Fetch and parse one feed, store its new entries; return how many were new."""
        now = self.clock()
        try:
            result = await self.fetcher.fetch_feed(
                source.feed_url, etag=source.etag, last_modified=source.last_modified
            )
            # In a thread: a feed of 100,000 entries takes seconds to parse.
            feed = (
                None
                if result.not_modified
                else await asyncio.to_thread(parse_feed, result.body, result.url)
            )
        except (FetchError, FeedError) as exc:
            message = str(exc)
            plan = plan_after_failure(
                exc, now=now, failures=source.error_count + 1, settings=self.settings
            )
            await self._store(
                lambda: self.repository.sources.record_feed_failure(
                    source.id,
                    message,
                    now=now,
                    next_check_at=plan.next_check_at,
                    disable_reason=plan.disable_reason,
                )
            )
            if plan.disable_reason:
                log.warning("source %s disabled: %s", source.feed_url, plan.disable_reason)
            raise
        if result.permanent_redirect and result.permanent_redirect != source.feed_url:
            await self._follow_move(source, result.permanent_redirect)
        new_ids: list[str] = []
        backlog = False
        if feed is not None:
            new_ids, backlog = await self._store(self._add_newest, source.id, feed, now)
        if backlog:
            log.info(
                "source %s: %d new entries taken, more next time", source.feed_url, len(new_ids)
            )
        poll = plan_after_success(
            feed,
            now=now,
            previous_interval=source.poll_interval_minutes,
            new_entries=len(new_ids),
            settings=self.settings,
            backlog=backlog,
        )
        # With entries left over, the next check must get the whole feed again, not a 304.
        etag, last_modified = (None, None) if backlog else (result.etag, result.last_modified)
        await self._store(
            lambda: self.repository.sources.record_feed_success(
                source.id,
                feed,
                now=now,
                next_check_at=poll.next_check_at,
                interval_minutes=poll.interval_minutes,
                etag=etag,
                last_modified=last_modified,
            )
        )
        if feed is not None and self.settings.websub and self.settings.base_url:
            await self._subscribe_if_needed(source, feed, now)
        return len(new_ids)

    def _add_newest(
        self, source_id: int, feed: ParsedFeed, now: datetime
    ) -> tuple[list[str], bool]:
        return add_newest(
            self.repository,
            source_id,
            feed.entries,
            now=now,
            cap=self.settings.max_new_per_feed,
        )

    async def _follow_move(self, source: Source, new_url: str) -> None:
        try:
            await self._store(lambda: self.repository.sources.update_feed_url(source.id, new_url))
            log.info("source %s moved permanently to %s", source.feed_url, new_url)
        except StoreError as exc:
            # Already followed under its new address: keep this one as it is.
            log.warning("source %s moved to %s: %s", source.feed_url, new_url, exc)

    async def _subscribe_if_needed(self, source: Source, feed: ParsedFeed, now: datetime) -> None:
        topic = feed.self_url or source.feed_url
        if not websub.needs_subscription(source, feed.hub_url, topic, now) or not feed.hub_url:
            return
        hub, secret = feed.hub_url, websub.new_secret()
        # Stored before asking: hubs may verify intent while our request is still open.
        await self._store(
            lambda: self.repository.sources.set_websub(
                source.id,
                hub=hub,
                topic=topic,
                secret=secret,
                state="requested",
                lease_until=now + websub.RETRY_REQUEST_AFTER,
            )
        )
        form = websub.subscription_form(
            callback=f"{self.settings.public_url}/websub/{source.id}",
            topic=topic,
            secret=secret,
            lease_seconds=self.settings.websub_lease_seconds,
        )
        try:
            async with asyncio.timeout(self.settings.fetch_timeout):
                response = await self.client.post(hub, data=form)
        except TimeoutError:
            log.warning(
                "WebSub hub %s took longer than %g s in all", hub, self.settings.fetch_timeout
            )
            return
        except (httpx.HTTPError, FetchError) as exc:  # FetchError: the address guard
            log.warning("WebSub hub %s unreachable: %s", hub, exc)
            return
        if response.status_code not in (202, 204):
            log.warning("WebSub hub %s refused %s: HTTP %s", hub, topic, response.status_code)

    async def process_article(self, pending: PendingArticle) -> None:
        """Fetch one article page and store what extraction found, or note the failure."""
        now = self.clock()
        try:
            result = await self.fetcher.fetch_page(pending.url)
            if result.content_type and "html" not in result.content_type:
                raise ExtractionError(f"the page is {result.content_type}, not HTML")
            extracted, keys = await asyncio.to_thread(
                _extract_and_key, result.body, result.url, result.charset
            )
        except (FetchError, ExtractionError) as exc:
            retry = self._article_retry(exc, pending.attempts + 1, now)
            message = str(exc)
            await self._store(
                lambda: self.repository.articles.record_article_failure(
                    pending.id, message, now=now, next_attempt_at=retry
                )
            )
            raise
        original = await self._store(self._same_article_elsewhere, pending, result.url, extracted)
        if original is not None:
            # Reached through another URL (a redirect or the page's canonical) of an article
            # we already have: keep that one.
            await self._store(
                lambda: self.repository.articles.merge_article_into(pending.id, original)
            )
            log.info("article %s is %s under another URL", pending.url, original)
            return
        async with self._copy_guard(pending.id):
            # The index lives in this event loop: checked and updated without an await
            # between.
            copy = self.copies.check(pending.id, keys, now)
            if copy.original is not None:
                log.info("article %s copies %s", pending.url, copy.original)
            await self._store(
                lambda: self.repository.articles.save_extraction(
                    pending.id,
                    extracted,
                    now=now,
                    content_hash=copy.content_hash,
                    fingerprint=copy.fingerprint,
                    duplicate_of=copy.original,
                )
            )

    def _same_article_elsewhere(
        self, pending: PendingArticle, fetched_url: str, extracted: ExtractedArticle
    ) -> str | None:
        """Claim the page's other URLs for this article; the id of an earlier article that
        already owns one of them, if any."""
        canonical = trusted_canonical(fetched_url, extracted.canonical_url)
        urls = [fetched_url] if canonical is None else [fetched_url, canonical]
        return self.repository.articles.claim_urls(pending.id, [article_id(url) for url in urls])

    def _article_retry(self, error: TidingsError, attempts: int, now: datetime) -> datetime | None:
        """When to try a failed page again; None: keep the feed's text for good."""
        if attempts >= self.settings.article_max_attempts or isinstance(error, RobotsDisallowed):
            return None
        if isinstance(error, HTTPStatusError) and error.status in (404, 410):
            return None
        retry = now + timedelta(minutes=self.settings.article_retry_minutes * 2 ** (attempts - 1))
        if isinstance(error, RateLimited) and error.retry_after:
            retry = max(retry, now + timedelta(seconds=error.retry_after))
        return retry

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

    @staticmethod
    async def _store(call: Callable[..., T], *args: object) -> T:
        # The store is synchronous; keep the event loop (and the web server) responsive.
        return await asyncio.to_thread(call, *args)
