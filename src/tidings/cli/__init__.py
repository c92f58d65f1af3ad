"""The ``tidings`` command line."""

# ruff: noqa: E402
from __future__ import annotations

from tidings.process_env import set_process_env

# The command line is an entry point: its process-wide settings are set before the commands'
# imports load the libraries that read them (importing usearch loads OpenMP).
set_process_env()

import typer

from tidings.cli import ask as _ask
from tidings.cli import categorize as _categorize
from tidings.cli import copies as _copies
from tidings.cli import demo as _demo
from tidings.cli import doctor as _doctor
from tidings.cli import extract as _extract
from tidings.cli import ingest as _ingest
from tidings.cli import keypoints as _keypoints
from tidings.cli import sources as _sources
from tidings.cli import stories as _stories
from tidings.cli import users as _users
from tidings.cli import worker as _worker
from tidings.cli.ingest import import_starter_sources

__all__ = ["app", "import_starter_sources", "main"]

app = typer.Typer(
    help="Tidings: follow publishers, read their stories on one site.", no_args_is_help=True
)
app.add_typer(_sources.app, name="sources")
app.add_typer(_stories.app, name="stories")
app.add_typer(_users.app, name="users")
app.command()(_ingest.ingest)
app.command()(_ingest.run)
app.command()(_demo.demo)
app.command()(_extract.extract)
app.command()(_copies.copies)
app.command()(_categorize.categorize)
app.command()(_ask.ask)
app.command()(_keypoints.keypoints)
app.command()(_doctor.doctor)
app.command()(_worker.worker)


def main() -> None:
    """Entry point of the ``tidings`` command."""
    app()
