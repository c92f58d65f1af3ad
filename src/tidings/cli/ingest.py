"""Commands that ingest and serve: ingest, run."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tidings.cli import common
from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.ingest import build_client
from tidings.ingest.starter import starter_feeds
from tidings.memory import freeze_start_up, limit_malloc_arenas, start_trimming
from tidings.pipeline import Ingestor, IngestReport
from tidings.pipeline.subscribe import follow_feed
from tidings.store import Repository, open_repository


class RichProgress:
    """The pipeline's Progress protocol on a Rich progress bar."""

    def __init__(self, progress: Progress, label: str = "ingest") -> None:
        self._progress = progress
        self._task = progress.add_task(label, total=0)

    def add_work(self, amount: int) -> None:
        total = self._progress.tasks[0].total or 0
        self._progress.update(self._task, total=total + amount)

    def advance(self, description: str) -> None:
        self._progress.update(self._task, advance=1, description=description[:40])


def progress_bar() -> Progress:
    """The progress bar every long command shows."""
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=common.console,
    )


async def ingest_once(repo: Repository, settings: Settings, *, all_sources: bool) -> IngestReport:
    """One ingest round with a progress bar on the console."""
    async with build_client(settings) as client:
        with progress_bar() as bar:
            ingestor = Ingestor(repo, client, settings)
            return await ingestor.run_once(RichProgress(bar), all_sources=all_sources)


def print_report(report: IngestReport) -> None:
    """Summarise an ingest round."""
    common.console.print(
        f"Checked {report.sources_checked} feeds ({report.sources_failed} failed); "
        f"{report.new_articles} new articles; {report.articles_extracted} extracted, "
        f"{report.articles_failed} failed"
        + (f"; {report.articles_placed} placed in stories." if report.articles_placed else ".")
    )
    for error in report.errors[:20]:
        common.console.print(f"  [yellow]•[/yellow] {error}")
    if len(report.errors) > 20:
        common.console.print(
            f"  … and {len(report.errors) - 20} more (see `tidings sources list`)."
        )


def ingest(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Check every enabled source now, not only those due.")
    ] = False,
) -> None:
    """Fetch due feeds and their new articles (once, or on a schedule until stopped)."""
    settings = common.settings()
    common.setup_logging(settings)
    repo = open_repository(settings)
    if once:
        print_report(asyncio.run(ingest_once(repo, settings, all_sources=all_sources)))
        return
    from tidings.jobs import run_scheduler

    common.console.print("Ingesting on a schedule; Ctrl+C stops.")
    with story_process(settings) as ingest_settings:
        try:
            asyncio.run(run_scheduler(repo, ingest_settings, clock=common.now))
        except KeyboardInterrupt:
            common.console.print("Stopped.")


@contextlib.contextmanager
def story_process(settings: Settings) -> Iterator[Settings]:
    """The story stage in a child process while the block ingests (unless the settings
    say otherwise); yields the settings ingest runs with."""
    from tidings.jobs.story_process import StoryProcess, wants_story_process

    if not wants_story_process(settings):
        yield settings
        return
    with StoryProcess(settings) as stories:
        yield stories.ingest_settings


def import_starter_sources(repo: Repository, settings: Settings) -> int:
    """On first start, follow the starter list (or the operator's file); return how many."""
    if not settings.starter_sources or repo.sources.list_sources(with_counts=False):
        return 0
    try:
        feeds = starter_feeds(settings.starter_sources_file)
    except TidingsError as exc:
        common.console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    moment = common.now()
    for url, name in feeds:
        follow_feed(repo, url, now=moment, title=name)
    return len(feeds)


def run(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Web processes serving the site (docs/serving.md); ingest runs in a "
            "process of its own beside them.",
        ),
    ] = 1,
) -> None:
    """Serve the site and ingest on a schedule: one web process (or --workers of them),
    ingest and the story stage each in a process of its own."""
    import uvicorn

    from tidings.jobs.ingest_process import IngestProcess
    from tidings.web import create_app

    settings = common.settings(host=host, port=port)
    common.setup_logging(settings)
    limit_malloc_arenas(settings.malloc_arenas)  # before any thread starts
    start_trimming(settings.malloc_trim_seconds)
    repo = open_repository(settings)
    added = import_starter_sources(repo, settings)
    if added:
        common.console.print(f"First start: following {added} starter feeds (docs/sources.md).")
    common.console.print(f"Tidings on {settings.public_url}/ (Ctrl+C stops)")
    ingesting = settings.ingest_on_start
    with (
        story_process(settings) if ingesting else contextlib.nullcontext(settings) as chosen,
        IngestProcess(chosen) if ingesting else contextlib.nullcontext(),
    ):
        if workers == 1:
            web = create_app(chosen, repository=repo)
            freeze_start_up()  # what start-up built stays out of the collector's passes
            uvicorn.run(web, host=settings.host, port=settings.port, log_level="warning")
            return
        from tidings.cli.web_processes import WEB_PROCESS_APP, WORKER_PING_SECONDS

        # The web processes read their settings as this one did, with these options.
        os.environ["TIDINGS_HOST"] = settings.host
        os.environ["TIDINGS_PORT"] = str(settings.port)
        uvicorn.run(
            WEB_PROCESS_APP,
            factory=True,
            workers=workers,
            # A new web process answers the supervisor's ping once it has imported
            # Tidings: seconds on a loaded machine, where uvicorn's 5 s killed them.
            timeout_worker_healthcheck=WORKER_PING_SECONDS,
            host=settings.host,
            port=settings.port,
            log_level="warning",
        )
