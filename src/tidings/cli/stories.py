"""``tidings stories``: group articles into stories, offline, from a JSON lines file."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tidings.cli import common
from tidings.enrich.embeddings import DEFAULT_BACKEND, Embedder, EmbeddingError
from tidings.enrich.stage import StoryStage
from tidings.errors import TidingsError
from tidings.jobs.story_process import place_until
from tidings.store import open_repository
from tidings.stories.cluster import ClusterParams, StorySummary
from tidings.stories.stream import RecordError, cluster_records

log = logging.getLogger(__name__)

app = typer.Typer(help="Stories: the same event across outlets.", no_args_is_help=True)


def read_records(path: Path) -> list[dict[str, Any]]:
    """JSON objects, one a line (blank lines skipped); ``-`` reads standard input."""
    lines = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"{path}:{number}: not JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise typer.BadParameter(f"{path}:{number}: want a JSON object")
        records.append(record)
    return records


def _summary_record(story: StorySummary) -> dict[str, Any]:
    return {
        "story": story.id,
        "title": story.title,
        "first_seen": story.first_seen.isoformat() if story.first_seen else None,
        "last_updated": story.last_updated.isoformat() if story.last_updated else None,
        "outlets": story.outlets,
        "size": story.size,
        "members": list(story.members),
    }


@app.command("cluster")
def cluster(
    file: Annotated[
        Path, typer.Argument(help="JSON lines: id, text; optional title, date, lang, url.")
    ],
    model: Annotated[
        str | None,
        typer.Option(help="A local sentence-transformers model folder (default all-MiniLM-L6-v2)."),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(help="What runs the model: onnx-int8 (the default), onnx or torch."),
    ] = DEFAULT_BACKEND,
    threshold: Annotated[
        float | None, typer.Option(help="Least fit for joining a story (higher: more stories).")
    ] = None,
    stories: Annotated[
        Path | None, typer.Option(help="Also write one JSON line per story to this file.")
    ] = None,
) -> None:
    """Assign each article to a story, in date order; print {"id", "story"} lines."""
    if str(file) != "-" and not file.is_file():
        raise typer.BadParameter(f"{file} is not a file")
    params = ClusterParams() if threshold is None else ClusterParams(threshold=threshold)
    try:
        assignments, clusterer = cluster_records(
            read_records(file), Embedder(model, backend=backend), params
        )
    except RecordError as exc:
        raise typer.BadParameter(f"{file}: {exc}") from exc
    except EmbeddingError as exc:
        typer.echo(f"Embedding model: {exc}", err=True)
        raise typer.Exit(2) from exc
    for assignment in assignments:
        sys.stdout.write(json.dumps({"id": assignment.doc_id, "story": assignment.story_id}) + "\n")
    if stories is not None:
        with stories.open("w", encoding="utf-8") as out:
            for story in clusterer.stories():
                out.write(json.dumps(_summary_record(story), ensure_ascii=False) + "\n")


@app.command("work")
def work(
    once: Annotated[bool, typer.Option("--once", help="Place what waits now, then exit.")] = False,
    poll: Annotated[
        float, typer.Option(help="Seconds between looks at the store when nothing waits.")
    ] = 5.0,
) -> None:
    """Embed extracted articles, place them in stories and store their related articles.

    The story worker for ``TIDINGS_STORY_WORKER=true``: ingest processes only extract, and
    this process (one at a time) takes the articles waiting in the store.
    """
    settings = common.settings()
    common.setup_logging(settings)
    stage = StoryStage(open_repository(settings), settings)
    total = 0
    try:
        total = stage.run() if once else place_until(stage, lambda: True, poll=poll)
    except KeyboardInterrupt:
        pass
    except TidingsError as exc:
        common.console.print(f"[red]Story worker stopped:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        stage.save_index()
    common.console.print(f"Placed {total} articles in stories.")
