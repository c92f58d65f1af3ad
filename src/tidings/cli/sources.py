"""``tidings sources``: follow feeds, see their health, import and export OPML."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from tidings.cli import common
from tidings.cli.ingest import progress_bar
from tidings.enrich.language import normalise_language
from tidings.errors import OpmlError, TidingsError
from tidings.ingest import build_client
from tidings.ingest.fetch import Fetcher
from tidings.ingest.opml import OpmlFeed, parse_opml, write_opml
from tidings.models import DisplayPolicy, Source
from tidings.store import SqlRepository, open_repository
from tidings.subscribe import Discovery, discover_feeds

app = typer.Typer(help="The feeds Tidings follows.", no_args_is_help=True)


def _repository() -> SqlRepository:
    return open_repository(common.settings())


async def _discover(url: str) -> Discovery:
    settings = common.settings()
    async with build_client(settings) as client:
        return await discover_feeds(Fetcher(client, settings), url)


@app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="A feed URL, or a site's URL to find its feeds.")],
    title: Annotated[str | None, typer.Option(help="A name for the source.")] = None,
    policy: Annotated[
        DisplayPolicy, typer.Option(help="Show the full article, or an excerpt and a link.")
    ] = DisplayPolicy.FULL,
    add_all: Annotated[
        bool, typer.Option("--all", help="Follow every feed found, not only the first.")
    ] = False,
    check: Annotated[
        bool, typer.Option(help="Fetch the URL first (find feeds on a site page).")
    ] = True,
) -> None:
    """Follow a feed; given a site's page, find its feeds and say what was found."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        common.console.print(f"[red]Not an http(s) URL:[/red] {url}")
        raise typer.Exit(2)
    repo = _repository()
    if not check:
        _follow(repo, url, title, policy)
        return
    found = asyncio.run(_discover(url))
    if not found.feeds:
        common.console.print(f"[red]No feed found for {url}.[/red] Tried:")
        for problem in found.problems[-12:]:
            common.console.print(f"  • {problem}")
        raise typer.Exit(1)
    if found.feeds[0].how != "given":
        common.console.print(f"Found {len(found.feeds)} feed(s) for {url}:")
        for feed in found.feeds:
            name = feed.feed.title or "untitled"
            kind = feed.feed.version or feed.feed.format
            common.console.print(
                f"  • {feed.url} — {name} "
                f"({kind}, {len(feed.feed.entries)} entries, via {feed.how})"
            )
    for feed in found.feeds if add_all else found.feeds[:1]:
        _follow(repo, feed.url, title or feed.feed.title, policy)
    if len(found.feeds) > 1 and not add_all:
        common.console.print("Use --all to follow every feed found.")


def _follow(repo: SqlRepository, url: str, title: str | None, policy: DisplayPolicy) -> None:
    existing = repo.find_source(url)
    if existing is not None:
        common.console.print(
            f"Already following [bold]{existing.title or url}[/bold] (source {existing.id})."
        )
        return
    source = repo.add_source(url, now=common.now(), title=title, display_policy=policy)
    common.console.print(f"Added source {source.id}: {title or url}")


def _status(source: Source) -> str:
    if source.status == "disabled":
        return f"[red]disabled[/red]: {source.disabled_reason or 'by the operator'}"
    if source.status == "error":
        return (
            f"[red]error[/red] {common.when(source.last_error_at)} "
            f"({source.error_count}× in a row): {source.last_error}"
        )
    return "[green]ok[/green]" if source.status == "ok" else "waiting for first check"


@app.command("list")
def list_sources() -> None:
    """Every source: status, last success, last error, next check, articles/day, format."""
    table = Table()
    for column in (
        "id",
        "source",
        "format",
        "articles",
        "per day",
        "last success",
        "next check",
        "status",
    ):
        table.add_column(column, overflow="fold")
    for s in _repository().list_sources(now=common.now()):
        name = f"{s.title}\n{s.feed_url}" if s.title else s.feed_url
        if s.tags:
            name += f"\n[dim]{', '.join(s.tags)}[/dim]"
        table.add_row(
            str(s.id),
            name,
            s.feed_format or "?",
            str(s.article_count),
            f"{s.articles_per_day:.1f}",
            common.when(s.last_success_at),
            common.when(s.next_check_at, "—") if s.enabled else "—",
            _status(s),
        )
    common.console.print(table)


@app.command("policy")
def policy(
    source_id: int, value: Annotated[DisplayPolicy, typer.Argument(metavar="POLICY")]
) -> None:
    """Choose whether a source's articles show in full or as an excerpt with a link."""
    _change(
        lambda repo: repo.set_display_policy(source_id, value),
        f"Source {source_id} now shows: {value.value}",
    )


@app.command("language")
def language(
    source_id: int,
    code: Annotated[str, typer.Argument(help="An ISO 639-1 code (en, de, fr…) or 'auto'.")],
) -> None:
    """Set the language assumed for a source's articles that do not state one ('auto':
    the feed's own, when it says)."""
    normalised = None if code == "auto" else normalise_language(code)
    if code != "auto" and normalised is None:
        raise typer.BadParameter(f"{code!r} is not a language code")
    _change(
        lambda repo: repo.set_source_language(source_id, normalised),
        f"Source {source_id} language: {normalised or 'from its feed'}",
    )


@app.command("enable")
def enable(source_id: int) -> None:
    """Enable a source again (clears its failure count; checked at the next round)."""
    _change(
        lambda repo: repo.set_source_enabled(source_id, True, now=common.now()),
        f"Source {source_id} enabled.",
    )


@app.command("disable")
def disable(
    source_id: int, reason: Annotated[str, typer.Option()] = "disabled by the operator"
) -> None:
    """Stop checking a source; its articles stay."""
    _change(
        lambda repo: repo.set_source_enabled(source_id, False, now=common.now(), reason=reason),
        f"Source {source_id} disabled.",
    )


def _change(action: object, message: str) -> None:
    repo = _repository()
    try:
        action(repo)  # type: ignore[operator]
    except TidingsError as exc:
        common.console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    common.console.print(message)


@app.command("import")
def import_opml(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Follow every feed in an OPML file; folders become source tags."""
    try:
        feeds = parse_opml(file.read_bytes())
    except OpmlError as exc:
        common.console.print(f"[red]{file}: {exc}[/red]")
        raise typer.Exit(1) from exc
    repo = _repository()
    added = skipped = 0
    failed: list[str] = []
    moment = common.now()
    with progress_bar() as bar:
        task = bar.add_task("import", total=len(feeds))
        for feed in feeds:
            bar.update(task, advance=1, description=(feed.title or feed.url)[:40])
            try:
                if repo.find_source(feed.url) is not None:
                    skipped += 1
                    continue
                repo.add_source(feed.url, now=moment, title=feed.title, tags=feed.tags)
                added += 1
            except TidingsError as exc:
                failed.append(f"{feed.url}: {exc}")
    common.console.print(
        f"Imported {file.name}: {added} added, {skipped} skipped (already followed), "
        f"{len(failed)} failed."
    )
    for line in failed[:20]:
        common.console.print(f"  • {line}")
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_opml(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write every source as OPML 2.0 (tags become folders)."""
    feeds = [
        OpmlFeed(url=s.feed_url, title=s.title, site_url=s.site_url, tags=s.tags)
        for s in _repository().list_sources(with_counts=False)
    ]
    data = write_opml(feeds, created=common.now())
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        common.console.print(f"Wrote {len(feeds)} sources to {output}.")
