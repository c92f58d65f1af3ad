"""The ``tidings`` command line."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tidings.config import Settings, load_settings
from tidings.errors import TidingsError
from tidings.ingest import build_client
from tidings.ingest.starter import starter_feeds
from tidings.models import DisplayPolicy
from tidings.pipeline import Ingestor, IngestReport
from tidings.store import SqlRepository, open_repository

app = typer.Typer(
    help="Tidings: follow publishers, read their stories on one site.", no_args_is_help=True
)
sources_app = typer.Typer(help="The feeds Tidings follows.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
console = Console()


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except TidingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _now() -> datetime:
    return datetime.now(UTC)


def _logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One line per request drowns what matters; ingest logs its own summary per round.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="The feed URL (RSS, Atom or JSON Feed).")],
    title: Annotated[str | None, typer.Option(help="A name for the source.")] = None,
    policy: Annotated[
        DisplayPolicy, typer.Option(help="Show the full article, or an excerpt and a link.")
    ] = DisplayPolicy.FULL,
) -> None:
    """Follow a feed."""
    if not url.startswith(("http://", "https://")):
        console.print(f"[red]Not an http(s) URL:[/red] {url}")
        raise typer.Exit(2)
    repo = open_repository(_settings())
    before = {s.feed_url for s in repo.list_sources(with_counts=False)}
    source = repo.add_source(url, now=_now(), title=title, display_policy=policy)
    if url in before:
        console.print(f"Already following [bold]{source.title or url}[/bold] (source {source.id}).")
    else:
        console.print(f"Added source {source.id}: {url}")


@sources_app.command("list")
def sources_list() -> None:
    """Every source with its article count, last check and last error."""
    repo = open_repository(_settings())
    table = Table(show_lines=False)
    for column in ("id", "source", "articles", "last checked", "status"):
        table.add_column(column, overflow="fold")
    for s in repo.list_sources():
        checked = s.last_checked_at.strftime("%Y-%m-%d %H:%M UTC") if s.last_checked_at else "never"
        if s.last_error:
            at = s.last_error_at.strftime("%Y-%m-%d %H:%M UTC") if s.last_error_at else ""
            status = f"[red]error[/red] ({at}, {s.error_count}×): {s.last_error}"
        else:
            status = "[green]ok[/green]" if s.last_success_at else "waiting"
        name = f"{s.title}\n{s.feed_url}" if s.title else s.feed_url
        table.add_row(str(s.id), name, str(s.article_count), checked, status)
    console.print(table)


@sources_app.command("policy")
def sources_policy(source_id: int, policy: DisplayPolicy) -> None:
    """Choose whether a source's articles show in full or as an excerpt with a link."""
    repo = open_repository(_settings())
    try:
        repo.set_display_policy(source_id, policy)
    except TidingsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Source {source_id} now shows: {policy.value}")


class _RichProgress:
    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("ingest", total=0)

    def add_work(self, amount: int) -> None:
        total = self._progress.tasks[0].total or 0
        self._progress.update(self._task, total=total + amount)

    def advance(self, description: str) -> None:
        self._progress.update(self._task, advance=1, description=description[:40])


async def ingest_once(
    repo: SqlRepository, settings: Settings, *, all_sources: bool
) -> IngestReport:
    """One ingest round with a progress bar on the console."""
    columns = (
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    async with build_client(settings) as client:
        with Progress(*columns, console=console, transient=False) as bar:
            ingestor = Ingestor(repo, client, settings)
            report = await ingestor.run_once(_RichProgress(bar), all_sources=all_sources)
    return report


def print_report(report: IngestReport) -> None:
    """Summarise an ingest round."""
    console.print(
        f"Checked {report.sources_checked} feeds ({report.sources_failed} failed); "
        f"{report.new_articles} new articles; {report.articles_extracted} extracted, "
        f"{report.articles_failed} failed."
    )
    for error in report.errors[:20]:
        console.print(f"  [yellow]•[/yellow] {error}")
    if len(report.errors) > 20:
        console.print(f"  … and {len(report.errors) - 20} more (see `tidings sources list`).")


@app.command()
def ingest(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Check every source now, not only those due.")
    ] = False,
) -> None:
    """Fetch due feeds and their new articles (once, or on a schedule until stopped)."""
    settings = _settings()
    _logging(settings)
    repo = open_repository(settings)
    if once:
        print_report(asyncio.run(ingest_once(repo, settings, all_sources=all_sources)))
        return
    from tidings.jobs import run_scheduler

    console.print("Ingesting on a schedule; Ctrl+C stops.")
    try:
        asyncio.run(run_scheduler(repo, settings, clock=_now))
    except KeyboardInterrupt:
        console.print("Stopped.")


def import_starter_sources(repo: SqlRepository, settings: Settings) -> int:
    """On first start, follow the starter list (or the operator's file); return how many."""
    if not settings.starter_sources or repo.list_sources(with_counts=False):
        return 0
    try:
        feeds = starter_feeds(settings.starter_sources_file)
    except TidingsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    now = _now()
    for url, name in feeds:
        repo.add_source(url, now=now, title=name)
    return len(feeds)


@app.command()
def run(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the site and ingest on a schedule, in one process."""
    import uvicorn

    from tidings.web import create_app

    settings = _settings(host=host, port=port)
    _logging(settings)
    repo = open_repository(settings)
    added = import_starter_sources(repo, settings)
    if added:
        console.print(f"First start: following {added} starter feeds (docs/sources.md).")
    console.print(f"Tidings on {settings.public_url}/ (Ctrl+C stops)")
    web = create_app(settings, repository=repo, ingest=settings.ingest_on_start)
    uvicorn.run(web, host=settings.host, port=settings.port, log_level="warning")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address for both servers.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for Tidings.")] = 8080,
    publisher_port: Annotated[
        int | None, typer.Option(help="Port for the demo publisher (default: PORT+1).")
    ] = None,
    data: Annotated[Path, typer.Option(help="Data folder for the demo.")] = Path("./data/demo"),
    release_interval: Annotated[
        float, typer.Option(help="Seconds between new demo articles.")
    ] = 120.0,
) -> None:
    """Start the offline demo publisher, follow its outlets, ingest, and serve Tidings."""
    from tidings.demo.run import serve_demo

    settings = _settings(
        host=host,
        port=port,
        data_dir=data,
        starter_sources=False,
        poll_interval_minutes=1.0,
        min_poll_minutes=1.0,
        scheduler_tick_seconds=10.0,
        # The demo publisher lives on this machine; nothing else private is allowed.
        allowed_networks=["127.0.0.0/8", "::1/128"],
        per_host_delay_seconds=0.0,
        websub=False,
    )
    _logging(settings)
    try:
        asyncio.run(
            serve_demo(
                settings,
                publisher_port=publisher_port or port + 1,
                release_interval=release_interval,
                console=console,
            )
        )
    except KeyboardInterrupt:
        console.print("Demo stopped.")


def main() -> None:
    """Entry point of the ``tidings`` command."""
    app()
