"""``tidings worker``: ingest from a PostgreSQL-backed job queue (procrastinate), on any
number of machines.

The jobs, each keyed so that one waits at most once in the queue (``queueing_lock``) and
never runs twice at once (``lock``):

- ``tidings.plan`` (periodic, every ``scheduler_tick_seconds``; procrastinate defers a
  periodic job once per moment across all workers): queues a feed check for each due
  source and a page job for each page waiting, and retries the jobs of workers whose
  heartbeat stopped (killed, or their machine lost);
- ``tidings.check_feed``: one feed check (``Ingestor.check_source``), then a ``plan``;
- ``tidings.fetch_page``: one page fetched, extracted and stored (``process_article``);
- ``tidings.maintenance`` (periodic, hourly): finished jobs older than a week deleted.

A job does nothing when its work is already done (a job retried after its worker died
finds the page stored), and every write is keyed by source or article id, as in one
process. The story stage is not a job: each worker's story process waits for the stage's
advisory lock and one places at a time (``jobs.worker_stories``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from procrastinate import App, JobContext, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued, ProcrastinateException, UniqueViolation
from procrastinate.jobs import Status
from procrastinate.schema import SchemaManager
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from tidings.config import Settings
from tidings.errors import NotFound, TidingsError
from tidings.jobs.worker_copies import SharedCopyLock
from tidings.models import ArticleState, PendingArticle
from tidings.pipeline import Ingestor
from tidings.store import SqlRepository

__all__ = ["WorkerOptions", "conninfo", "ensure_schema", "make_app", "run_worker", "tick_cron"]

log = logging.getLogger(__name__)

_PLAN_WINDOW = 2000  # pages queued per plan, at most (the rest at the next)
_KEEP_FINISHED_HOURS = 24 * 7
_SCHEMA_LOCK = 0x7469_6469_6E67_0003  # "tiding" + 3: creating procrastinate's tables


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How one worker process runs."""

    concurrency: int = 8  # jobs at once in this process
    heartbeat_seconds: float = 10.0  # a worker silent for 3 heartbeats is taken for dead


@dataclass(slots=True)
class _Work:
    """What the jobs of this process share (procrastinate's ``additional_context``)."""

    repository: SqlRepository
    ingestor: Ingestor
    settings: Settings
    options: WorkerOptions
    clock: Callable[[], datetime]

    async def store(self, call: Callable[..., Any], *args: object) -> Any:
        return await asyncio.to_thread(call, *args)


def conninfo(settings: Settings) -> str:
    """The libpq connection string of the store's PostgreSQL database."""
    url = make_url(settings.sqlalchemy_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def tick_cron(seconds: float) -> str:
    """A cron line (seconds in the sixth column) firing about every ``seconds``."""
    if seconds < 60:
        return f"* * * * * */{max(1, round(seconds))}"
    return f"*/{max(1, round(seconds / 60))} * * * *"


def _work(context: JobContext) -> _Work:
    work = context.additional_context["tidings"]
    assert isinstance(work, _Work)
    return work


async def _defer(context: JobContext, task: str, key: str | None = None, **kwargs: Any) -> bool:
    """Queue ``task`` unless a job for the same ``key`` already waits; whether it was
    queued. Jobs of one key never run at once either (procrastinate's ``lock``)."""
    deferrer = (
        context.app.configure_task(task, lock=key, queueing_lock=key)
        if key is not None
        else context.app.configure_task(task)
    )
    try:
        await deferrer.defer_async(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


async def plan(context: JobContext, timestamp: int) -> None:
    """Retry the jobs of dead workers; queue the due feeds and the waiting pages."""
    await _retry_stalled(context)
    await _queue_work(context)


async def plan_now(context: JobContext) -> None:
    """Queue the work out of turn: after a feed check found new entries."""
    await _queue_work(context)


async def _retry_stalled(context: JobContext) -> None:
    """Give the jobs of workers whose heartbeat stopped to the live ones."""
    manager = context.app.job_manager
    silent = 3 * _work(context).options.heartbeat_seconds
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=silent):
        try:
            await manager.retry_job(job)
            log.warning("worker: job %s (%s) of a silent worker, retried", job.id, job.task_name)
        except UniqueViolation:
            # A job for the same feed or page already waits (queued by a plan meanwhile):
            # that one does the work; this one ends, failed, as its worker did.
            with contextlib.suppress(ProcrastinateException):  # or another plan ended it
                await manager.finish_job(job, Status.FAILED, delete_job=False)
                log.warning(
                    "worker: job %s (%s) of a silent worker, replaced by one that waits",
                    job.id,
                    job.task_name,
                )
        except ProcrastinateException as exc:  # retried by another plan just now
            log.info("worker: job %s: %s", job.id, exc)


async def _queue_work(context: JobContext) -> None:
    work = _work(context)
    now = work.clock()
    due = await work.store(work.repository.sources.due_sources, now)
    feeds = [s.id for s in due]
    pending = await work.store(
        lambda: work.repository.articles.pending_articles(
            now, max_attempts=work.settings.article_max_attempts, limit=_PLAN_WINDOW
        )
    )
    queued = 0
    for source_id in feeds:
        queued += await _defer(
            context, "tidings.check_feed", f"feed:{source_id}", source_id=source_id
        )
    for page in pending:
        queued += await _defer(context, "tidings.fetch_page", f"page:{page.id}", article_id=page.id)
    if queued:
        log.info(
            "worker: %d jobs queued (%d feeds due, %d pages waiting)",
            queued,
            len(feeds),
            len(pending),
        )


async def check_feed(context: JobContext, source_id: int) -> None:
    """Check one feed, if it is still due; queue the pages it announced."""
    work = _work(context)
    try:
        source = await work.store(work.repository.sources.get_source, source_id)
    except NotFound:
        return  # unfollowed meanwhile
    due = source.next_check_at is None or source.next_check_at <= work.clock()
    if not source.enabled or not due:
        return  # checked by a job before this one (one retried after its worker died)
    try:
        added = await work.ingestor.check_source(source)
    except TidingsError as exc:  # recorded on the source, which backs off
        log.warning("feed %s failed: %s", source.feed_url, exc)
        return
    if added:
        log.info("feed %s: %d new articles", source.feed_url, added)
        await _defer(context, "tidings.plan_now")


async def fetch_page(context: JobContext, article_id: str) -> None:
    """Fetch, extract and store one page, if it still waits."""
    work = _work(context)
    try:
        article = await work.store(work.repository.articles.get_article, article_id)
    except NotFound:
        return  # merged into the article it turned out to be
    if article.state not in (ArticleState.DISCOVERED, ArticleState.FAILED):
        return  # stored by a job before this one (one retried after its worker died)
    pending = PendingArticle(article.id, article.url, article.source_id, article.attempts)
    try:
        await work.ingestor.process_article(pending)
    except TidingsError as exc:  # recorded on the article, which is retried later
        log.info("article %s failed: %s", article.url, exc)


async def maintenance(context: JobContext, timestamp: int) -> None:
    """Delete the records of jobs finished more than a week ago."""
    await context.app.job_manager.delete_old_jobs(
        nb_hours=_KEEP_FINISHED_HOURS, include_failed=True, include_cancelled=True
    )


def make_app(settings: Settings) -> App:
    """The procrastinate app of Tidings' jobs, on the store's database."""
    app = App(connector=PsycopgConnector(conninfo=conninfo(settings)))
    every_tick = tick_cron(settings.scheduler_tick_seconds)
    planned = app.task(name="tidings.plan", pass_context=True, queueing_lock="plan")(plan)
    app.periodic(cron=every_tick, periodic_id="plan")(planned)
    app.task(name="tidings.plan_now", pass_context=True, queueing_lock="plan_now")(plan_now)
    app.task(name="tidings.check_feed", pass_context=True)(check_feed)
    app.task(name="tidings.fetch_page", pass_context=True)(fetch_page)
    kept = app.task(name="tidings.maintenance", pass_context=True, queueing_lock="maintenance")(
        maintenance
    )
    app.periodic(cron="17 * * * *", periodic_id="maintenance")(kept)
    return app


def ensure_schema(repository: SqlRepository) -> bool:
    """Create procrastinate's tables unless they are there (several workers may start at
    once: one creates them, under a lock); whether this call created them."""
    with repository.engine.begin() as conn:
        conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")).scalar():
            return False
        # The driver sends the script as it is: no parameters, so its "%" stay as written.
        conn.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))
    log.info("worker: procrastinate's tables created")
    return True


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def run_worker(
    repository: SqlRepository,
    settings: Settings,
    options: WorkerOptions,
    client: httpx.AsyncClient,
    *,
    clock: Callable[[], datetime] = _utcnow,
) -> None:
    """Take jobs from the queue until cancelled (SIGINT or SIGTERM end it gracefully)."""
    app = make_app(settings)
    await asyncio.to_thread(ensure_schema, repository)
    copy_lock = SharedCopyLock(repository.engine, clock)
    ingestor = Ingestor(repository, client, settings, clock=clock, copy_guard=copy_lock.hold)
    copy_lock.tracker = ingestor.copies
    work = _Work(repository, ingestor, settings, options, clock)
    try:
        async with app.open_async():
            await app.run_worker_async(
                concurrency=options.concurrency,
                additional_context={"tidings": work},
                update_heartbeat_interval=options.heartbeat_seconds,
                stalled_worker_timeout=3 * options.heartbeat_seconds,
                install_signal_handlers=True,
            )
    finally:
        copy_lock.close()
