"""What every command shares: the console, settings, the clock, logging, JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

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


def relative(moment: datetime | None, now: datetime, empty: str = "never") -> str:
    """A time for tables, from ``now``: "just now", "12 min ago", "in 3 h", "2 d ago";
    past a week, the date."""
    if moment is None:
        return empty
    seconds = (moment - now).total_seconds()
    size = abs(seconds)
    if size < 60:
        return "just now" if seconds <= 0 else "in under a minute"
    if size >= 7 * 86400:
        return moment.strftime("%Y-%m-%d")
    for unit, length in (("d", 86400), ("h", 3600), ("min", 60)):
        if size >= length:
            amount = f"{int(size // length)} {unit}"
            return f"{amount} ago" if seconds < 0 else f"in {amount}"
    raise AssertionError("unreachable")  # pragma: no cover


T = TypeVar("T")


def fail(message: str) -> NoReturn:
    """Say what is wrong on standard error and exit with status 2."""
    typer.echo(message, err=True)
    raise typer.Exit(2)


def read_json_lines(
    path: Path, parse: Callable[[dict[str, Any]], T], errors: tuple[type[Exception], ...]
) -> list[T]:
    """One JSON object a line (blank lines skipped; ``-`` reads standard input), each
    turned into a value by ``parse``; exit 2 naming the first bad line, where ``parse``
    raised one of ``errors`` or the line is not a JSON object."""
    lines = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    values: list[T] = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"{path}, line {number}: not JSON: {exc}")
        if not isinstance(record, dict):
            fail(f"{path}, line {number}: want a JSON object")
        try:
            values.append(parse(record))
        except errors as exc:
            fail(f"{path}, line {number}: {exc}")
    return values
