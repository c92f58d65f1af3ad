"""What every command shares: the console, settings, the clock, logging."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.console import Console

from tidings.config import Settings, load_settings
from tidings.config import setup_logging as setup_logging  # the commands call it from here
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


def when(moment: datetime | None, empty: str = "never") -> str:
    """A time for tables: ``2026-11-28 14:05 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else empty
