"""``tidings worker``: take ingest jobs from the PostgreSQL queue (docs/scaling.md)."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer

from tidings.cli import common
from tidings.ingest import build_client
from tidings.memory import limit_malloc_arenas, start_trimming


def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Jobs this process runs at once.")
    ] = 8,
    stories: Annotated[
        bool,
        typer.Option(help="Take a turn at the story stage (one worker at a time places articles)."),
    ] = True,
    heartbeat: Annotated[
        float,
        typer.Option(
            min=0.5,
            max=600,
            help="Seconds between this worker's heartbeats; the jobs of a worker silent "
            "for three are given to another.",
        ),
    ] = 10.0,
) -> None:
    """Fetch feeds and pages from the job queue, with any number of workers on any machines
    (PostgreSQL only)."""
    settings = common.settings()
    if not settings.sqlalchemy_url.startswith("postgresql"):
        common.fail(
            "tidings worker needs PostgreSQL: set TIDINGS_DATABASE_URL=postgresql://… "
            "(docs/scaling.md). On SQLite, `tidings run` or `tidings ingest` does all the "
            "work on one machine."
        )
    common.setup_logging(settings)
    if settings.log_level.upper() != "DEBUG":  # a line for every job deferred, started, ended
        logging.getLogger("procrastinate").setLevel(logging.WARNING)
    limit_malloc_arenas(settings.malloc_arenas)  # before any thread starts
    start_trimming(settings.malloc_trim_seconds)
    from tidings.jobs.story_process import StoryProcess
    from tidings.jobs.worker import WorkerOptions, run_worker
    from tidings.jobs.worker_stories import owner_child
    from tidings.store import open_repository

    repo = open_repository(settings)
    options = WorkerOptions(concurrency=concurrency, heartbeat_seconds=heartbeat)
    ingest_settings = settings.model_copy(update={"story_worker": True})

    async def main() -> None:
        async with build_client(settings) as client:
            await run_worker(repo, ingest_settings, options, client, clock=common.now)

    common.console.print(f"Worker taking jobs ({concurrency} at once); Ctrl+C stops.")
    placing = settings.stories and stories
    story_process = StoryProcess(settings, target=owner_child) if placing else None
    try:
        if story_process is not None:
            story_process.start()
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        if story_process is not None:
            story_process.stop()
    common.console.print("Stopped.")
