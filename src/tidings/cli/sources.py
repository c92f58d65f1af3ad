"""``tidings sources``: follow feeds, see their health, import and export OPML."""

from __future__ import annotations

import asyncio
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from babel import Locale
from rich.markup import escape
from rich.table import Table

from tidings.cli import common
from tidings.cli.ingest import progress_bar
from tidings.enrich.language import normalise_language
from tidings.errors import OpmlError, TidingsError
from tidings.ingest import build_client
from tidings.ingest.fetch import Fetcher
from tidings.ingest.opml import OpmlFeed, folder_tag, read_opml, tag_folder, write_opml
from tidings.ingest.urls import normal_feed_url
from tidings.models import DisplayPolicy, Source
from tidings.pipeline.subscribe import Discovery, discover_feeds, follow_feed
from tidings.store import Repository, open_repository

app = typer.Typer(help="The feeds Tidings follows.", no_args_is_help=True)
# The country codes `sources edit --country` takes: ISO 3166-1 alpha-2, as CLDR names them.
_TERRITORIES = frozenset(
    str(c) for c in Locale("en").territories if len(str(c)) == 2 and str(c).isalpha()
)


def _repository() -> Repository:
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
    url = normal_feed_url(url)  # feed:// and feeds:// name the http(s) feed
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
        # The same refusal comes back for each way of reading the address: say it once.
        for problem in list(dict.fromkeys(found.problems))[-12:]:
            common.console.print(f"  • {escape(problem)}")
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


def _follow(repo: Repository, url: str, title: str | None, policy: DisplayPolicy) -> None:
    followed = follow_feed(repo, url, now=common.now(), title=title, policy=policy)
    source = followed.source
    if not followed.added:
        common.console.print(
            f"Already following [bold]{escape(source.title or source.feed_url)}[/bold] "
            f"(source {source.id}, {escape(source.feed_url)})."
        )
        return
    common.console.print(f"Added source {source.id}: {escape(title or source.feed_url)}")


def _status(source: Source, now: datetime) -> str:
    if source.status == "disabled":
        return f"[red]disabled[/red]: {escape(source.disabled_reason or 'by the operator')}"
    if source.status == "error":
        return (
            f"[red]error[/red] {common.relative(source.last_error_at, now)} "
            f"({source.error_count}× in a row): {escape(source.last_error or '')}"
        )
    return "[green]ok[/green]" if source.status == "ok" else "not checked yet"


def _next_check(source: Source, now: datetime) -> str:
    if not source.enabled or source.next_check_at is None:
        return "—"
    return "due" if source.next_check_at <= now else common.relative(source.next_check_at, now)


URL_WIDTH = 40  # the source column; a URL breaks after a "/", "?" or "&", not mid-word


def url_lines(url: str, width: int = URL_WIDTH) -> str:
    """``url`` broken into lines of at most ``width`` characters after its "/", "?" and
    "&" (a part longer than a line is cut where it must)."""
    parts = [p for p in re.findall(r"[^/?&]*(?:/+|[?&]|$)", url) if p]
    if len(parts) > 1 and parts[0].endswith("://"):
        parts[:2] = [parts[0] + parts[1]]  # the scheme stays with its host
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        while len(part) > width:
            lines.append(part[:width])
            part = part[width:]
        line += part
    return "\n".join([*lines, line] if line else lines)


@app.command("list")
def list_sources() -> None:
    """Every source: status, last success, last error, next check, articles/day, format;
    times from now ("12 min ago", "in 3 min")."""
    now = common.now()
    table = Table()
    table.add_column("id", justify="right")
    table.add_column("source", min_width=URL_WIDTH, overflow="fold")
    for column in ("format", "articles", "a day", "last ok", "next check"):
        table.add_column(column, justify="right" if column in ("articles", "a day") else "left")
    table.add_column("status", overflow="fold")
    for s in _repository().sources.list_sources(now=now):
        url = escape(url_lines(s.feed_url))
        name = f"{escape(s.title)}\n[dim]{url}[/dim]" if s.title else url
        if s.tags:
            name += f"\n[dim]{escape(', '.join(s.tags))}[/dim]"
        table.add_row(
            str(s.id),
            name,
            s.feed_format or "?",
            str(s.article_count),
            f"{s.articles_per_day:.1f}",
            common.relative(s.last_success_at, now),
            _next_check(s, now),
            _status(s, now),
        )
    common.console.print(table)


@app.command("policy")
def policy(
    source_id: int, value: Annotated[DisplayPolicy, typer.Argument(metavar="POLICY")]
) -> None:
    """Choose whether a source's articles show in full or as an excerpt with a link."""
    _change(
        lambda repo: repo.sources.set_display_policy(source_id, value),
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
        lambda repo: repo.sources.set_source_language(source_id, normalised),
        f"Source {source_id} language: {normalised or 'from its feed'}",
    )


@app.command("edit")
def edit(
    source_id: int,
    owner: Annotated[
        str | None, typer.Option(help="Who owns the outlet, shown to readers ('' clears).")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="The outlet's country, an ISO 3166 code such as DE or GB ('' clears)."),
    ] = None,
) -> None:
    """Say who an outlet is: its owner and country, for the "about" line readers see on
    the outlet page and beside its articles (a country otherwise comes from the domain)."""
    if owner is None and country is None:
        raise typer.BadParameter("give --owner, --country or both")
    if owner is not None and len(owner) > 200:
        raise typer.BadParameter("an owner's name is 200 characters at most", param_hint="--owner")
    if country and (len(country.strip()) != 2 or country.strip().upper() not in _TERRITORIES):
        raise typer.BadParameter(
            f"{country!r} is not an ISO 3166 country code (DE, FR, GB…)", param_hint="--country"
        )
    _change(
        lambda repo: repo.sources.set_source_about(source_id, owner=owner, country=country),
        f"Source {source_id} updated.",
    )


@app.command("enable")
def enable(source_id: int) -> None:
    """Enable a source again (clears its failure count; checked at the next round)."""
    _change(
        lambda repo: repo.sources.set_source_enabled(source_id, True, now=common.now()),
        f"Source {source_id} enabled.",
    )


@app.command("disable")
def disable(
    source_id: int, reason: Annotated[str, typer.Option()] = "disabled by the operator"
) -> None:
    """Stop checking a source; its articles stay."""
    _change(
        lambda repo: repo.sources.set_source_enabled(
            source_id, False, now=common.now(), reason=reason
        ),
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
    """Follow every feed in an OPML file; each folder a feed sits in becomes a source tag."""
    try:
        opml = read_opml(file.read_bytes())
    except OpmlError as exc:
        common.console.print(f"[red]{file}: {exc}[/red]")
        raise typer.Exit(1) from exc
    repo = _repository()
    added = known = 0
    failed: list[str] = []
    moment = common.now()
    with progress_bar() as bar:
        task = bar.add_task("import", total=len(opml.feeds))
        for feed in opml.feeds:
            bar.update(task, advance=1, description=(feed.title or feed.url)[:40])
            try:
                followed = follow_feed(
                    repo,
                    feed.url,
                    now=moment,
                    title=feed.title,
                    site_url=feed.site_url,
                    tags=[folder_tag(folder) for folder in feed.folders],
                )
            except TidingsError as exc:
                failed.append(f"{feed.url}: {exc}")
                continue
            added += followed.added
            known += not followed.added
    common.console.print(
        f"Imported {file.name}: {added} added, {known} already followed, "
        f"{len(opml.skipped)} skipped, {len(failed)} failed."
    )
    for skip in opml.skipped:
        where = " / ".join(skip.folder)
        place = f" (in {escape(where)})" if where else ""
        common.console.print(f"  skipped {escape(skip.name)!r}{place}: {escape(skip.reason)}")
    for line in failed:
        common.console.print(f"  failed {escape(line)}")
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_opml(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write every source as OPML 2.0 (each tag a folder, "A/B" nested)."""
    feeds = [
        OpmlFeed(
            url=s.feed_url,
            title=s.title,
            site_url=s.site_url,
            folders=tuple(folder for folder in map(tag_folder, s.tags) if folder),
        )
        for s in _repository().sources.list_sources(with_counts=False)
    ]
    data = write_opml(feeds, created=common.now())
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        common.console.print(f"Wrote {len(feeds)} sources to {output}.")
