"""``tidings demo``: the offline demo publisher and Tidings, side by side on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli import common
from tidings.cli.ingest import ingest_once, print_report
from tidings.memory import limit_malloc_arenas, start_trimming
from tidings.store import Repository


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
    # Imported when the demo runs: the publisher and the web app take most of a second to
    # import, which no other command should wait for.
    from tidings.demo.run import serve_demo

    settings = common.settings(
        host=host,
        port=port,
        data_dir=data,
        starter_sources=False,
        poll_interval_minutes=1.0,
        # Demo outlets publish every RELEASE_INTERVAL: check every minute, not by their history.
        min_poll_minutes=1.0,
        max_poll_minutes=2.0,
        scheduler_tick_seconds=10.0,
        # The demo publisher lives on this machine; nothing else private is allowed.
        allowed_networks=["127.0.0.0/8", "::1/128"],
        per_host_delay_seconds=0.0,
        websub=False,
    )
    common.setup_logging(settings)
    limit_malloc_arenas(settings.malloc_arenas)
    start_trimming(settings.malloc_trim_seconds)

    async def first_round(repo: Repository) -> None:
        print_report(await ingest_once(repo, settings, all_sources=True))

    try:
        asyncio.run(
            serve_demo(
                settings,
                publisher_port=publisher_port or port + 1,
                release_interval=release_interval,
                console=common.console,
                first_round=first_round,
            )
        )
    except KeyboardInterrupt:
        common.console.print("Demo stopped.")
