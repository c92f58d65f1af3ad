"""What every command shares: the console, settings, the clock, logging."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import typer
from rich.console import Console

from tidings.config import Settings, load_settings
from tidings.errors import TidingsError

# Commands print through ``common.console`` (looked up at call time, so tests can swap it).
console = Console()


def settings(**overrides: object) -> Settings:
    """Settings from env and file, with the command's options on top; exit 2 when invalid."""
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except TidingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def setup_logging(config: Settings) -> None:
    """Log lines with time and level; quiet the chatty libraries."""
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One line per request drowns what matters; ingest logs its own summary per round.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def when(moment: datetime | None, empty: str = "never") -> str:
    """A time for tables: ``2026-11-28 14:05 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else empty
