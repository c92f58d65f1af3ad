"""``tidings run --workers N``: the site from N processes, ingest in the one that starts them.

uvicorn's supervisor starts the N web processes (``web_process`` builds each one's app from
the same settings) and starts a new one when one dies. Scheduled ingest, when the settings
ask for it, runs once, in the supervisor, on a thread of its own beside the story process:
never in a web process, so a web process that dies or is replaced takes no ingest round
with it, and with SQLite there is one writer of ingest's work, as with one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from types import TracebackType

from fastapi import FastAPI

from tidings.config import Settings, load_settings, setup_logging
from tidings.memory import freeze_start_up, limit_malloc_arenas, start_trimming
from tidings.store import Repository

__all__ = ["WEB_PROCESS_APP", "WORKER_PING_SECONDS", "IngestThread", "web_process"]

# What uvicorn's worker processes import and call (an import string: they are spawned).
WEB_PROCESS_APP = "tidings.cli.web_processes:web_process"
# How long the supervisor waits for a web process to answer before it replaces it.
WORKER_PING_SECONDS = 30


def web_process() -> FastAPI:
    """One web process of ``tidings run --workers N``: the site, serving only."""
    from tidings.web import create_app

    settings = load_settings()  # the supervisor put its command-line options in the env
    setup_logging(settings)
    limit_malloc_arenas(settings.malloc_arenas)  # before the server starts any thread
    start_trimming(settings.malloc_trim_seconds)
    app = create_app(settings, ingest=False)
    freeze_start_up()  # what start-up built stays out of the collector's passes
    return app


class IngestThread:
    """Scheduled ingest on a thread with its own event loop, for as long as the block runs."""

    def __init__(self, repository: Repository, settings: Settings) -> None:
        self._repository = repository
        self._settings = settings
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ingest", daemon=True)

    def _run(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(self._main())

    async def _main(self) -> None:
        from tidings.cli.common import now
        from tidings.jobs import run_scheduler

        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._started.set()
        await run_scheduler(self._repository, self._settings, clock=now)

    def __enter__(self) -> IngestThread:
        self._thread.start()
        self._started.wait()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._loop is not None and self._task is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=30)
