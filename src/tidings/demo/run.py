"""``tidings demo``: the demo publisher and Tidings, side by side on 127.0.0.1.

The command line starts it (``tidings.cli.demo``) and hands it what to do for the first
ingest round, so that the demo needs nothing of the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import uvicorn
from rich.console import Console

from tidings.config import Settings
from tidings.demo import create_publisher_app, feed_urls
from tidings.jobs.ingest_process import IngestProcess
from tidings.jobs.story_process import StoryProcess, wants_story_process
from tidings.pipeline.subscribe import follow_feed
from tidings.store import SqlRepository, open_repository
from tidings.web import create_app


async def _start(server: uvicorn.Server) -> asyncio.Task[None]:
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises why the server could not start
            raise RuntimeError("server stopped while starting")
        await asyncio.sleep(0.05)
    return task


async def serve_demo(
    settings: Settings,
    *,
    publisher_port: int,
    release_interval: float,
    console: Console,
    first_round: Callable[[SqlRepository], Awaitable[None]],
) -> None:
    """Run the publisher, follow its feeds, ingest once (``first_round``), then serve until
    interrupted."""
    publisher = uvicorn.Server(
        uvicorn.Config(
            create_publisher_app(release_interval=release_interval),
            host=settings.host,
            port=publisher_port,
            log_level="warning",
            lifespan="off",
        )
    )
    publisher_task = await _start(publisher)
    base = f"http://{settings.host}:{publisher_port}"
    console.print(f"Demo publisher on {base}/ (new articles every {release_interval:g} s)")
    repo = open_repository(settings)
    now = datetime.now(UTC)
    for url in feed_urls(base):
        follow_feed(repo, url, now=now)
    await first_round(repo)
    # From now on ingest and the story stage run in child processes of their own, as
    # under ``tidings run``: the site's process only serves.
    stories = StoryProcess(settings) if wants_story_process(settings) else None
    chosen = stories.ingest_settings if stories else settings
    ingest = IngestProcess(chosen)
    web = uvicorn.Server(
        uvicorn.Config(
            create_app(chosen, repository=repo),
            host=settings.host,
            port=settings.port,
            log_level="warning",
        )
    )
    console.print(f"Tidings on {settings.public_url}/ (Ctrl+C stops)")
    try:
        if stories:
            stories.start()
        ingest.start()
        await web.serve()
    finally:
        ingest.stop()
        if stories:
            stories.stop()
        publisher.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await publisher_task
