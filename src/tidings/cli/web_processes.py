"""``tidings run --workers N``: the site from N processes.

uvicorn's supervisor starts the N web processes (``web_process`` builds each one's app from
the same settings) and starts a new one when one dies. Scheduled ingest, when the settings
ask for it, runs once, in a process of its own beside the story process
(``jobs.ingest_process``): never in a web process, so a web process that dies or is
replaced takes no ingest round with it, and with SQLite there is one writer of ingest's
work, as with one process.
"""

from __future__ import annotations

from fastapi import FastAPI

from tidings.config import WAITING_THREADS, Settings, load_settings, setup_logging
from tidings.memory import freeze_start_up, limit_malloc_arenas, start_trimming

__all__ = ["WEB_PROCESS_APP", "WORKER_PING_SECONDS", "computing_alone", "web_process"]

# What uvicorn's worker processes import and call (an import string: they are spawned).
WEB_PROCESS_APP = "tidings.cli.web_processes:web_process"
# How long the supervisor waits for a web process to answer before it replaces it.
WORKER_PING_SECONDS = 30


def computing_alone(settings: Settings) -> Settings:
    """``settings`` for one of several web processes: where views compute rather than wait
    (SQLite, no model server) and ``web_threads`` is unset, one render thread. A second
    thread in the same process only takes turns with the first on the interpreter lock and
    costs CPU doing so (docs/serving.md#threads); the other processes are the room a slow
    view leaves the rest."""
    if settings.web_threads is not None or settings.render_threads == WAITING_THREADS:
        return settings
    return settings.model_copy(update={"web_threads": 1})


def web_process() -> FastAPI:
    """One web process of ``tidings run --workers N``: the site, serving only."""
    from tidings.web import create_app

    settings = computing_alone(load_settings())  # the supervisor's options are in the env
    setup_logging(settings)
    limit_malloc_arenas(settings.malloc_arenas)  # before the server starts any thread
    start_trimming(settings.malloc_trim_seconds)
    app = create_app(settings)
    freeze_start_up()  # what start-up built stays out of the collector's passes
    return app
