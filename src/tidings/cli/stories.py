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
from tidings.enrich.multilingual import MultilingualEmbedder, MultilingualError
from tidings.errors import TidingsError
from tidings.jobs.story_process import place_until
from tidings.pipeline.story_stage import StoryStage
from tidings.store import open_repository
from tidings.stories.cluster import ClusterParams, StorySummary
from tidings.stories.fit_model import FitModelError, default_fit_model, load_fit_model
from tidings.stories.fit_training import fit_model
from tidings.stories.stream import RecordError, cluster_records, labelled_groups

log = logging.getLogger(__name__)

app = typer.Typer(help="Stories: the same event across outlets.", no_args_is_help=True)

# The English embedding model's options, shared by the commands that embed.
EnglishModel = Annotated[
    str | None,
    typer.Option(help="A local sentence-transformers model folder (default all-MiniLM-L6-v2)."),
]
Backend = Annotated[
    str, typer.Option(help="What runs the model: onnx-int8 (the default), onnx or torch.")
]


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
    model: EnglishModel = None,
    backend: Backend = DEFAULT_BACKEND,
    threshold: Annotated[
        float | None, typer.Option(help="Least fit for joining a story (higher: more stories).")
    ] = None,
    story_model: Annotated[
        Path | None,
        typer.Option(
            help="A story-fit model from `tidings stories fit` (default: the shipped one)."
        ),
    ] = None,
    multilingual: Annotated[
        bool,
        typer.Option(help="Add the multilingual model's meaning, so stories join languages."),
    ] = True,
    stories: Annotated[
        Path | None, typer.Option(help="Also write one JSON line per story to this file.")
    ] = None,
) -> None:
    """Assign each article to a story, in date order; print {"id", "story"} lines."""
    if str(file) != "-" and not file.is_file():
        raise typer.BadParameter(f"{file} is not a file")
    try:
        fitted = default_fit_model() if story_model is None else load_fit_model(story_model)
        params = ClusterParams(model=fitted, threshold=threshold)
        assignments, clusterer = cluster_records(
            read_records(file),
            Embedder(model, backend=backend),
            params,
            multilingual=MultilingualEmbedder() if multilingual else None,
        )
    except RecordError as exc:
        raise typer.BadParameter(f"{file}: {exc}") from exc
    except (EmbeddingError, MultilingualError, FitModelError) as exc:
        typer.echo(f"Model: {exc}", err=True)
        raise typer.Exit(2) from exc
    for assignment in assignments:
        sys.stdout.write(json.dumps({"id": assignment.doc_id, "story": assignment.story_id}) + "\n")
    if stories is not None:
        with stories.open("w", encoding="utf-8") as out:
            for story in clusterer.stories():
                out.write(json.dumps(_summary_record(story), ensure_ascii=False) + "\n")


@app.command("fit")
def fit(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON lines: id, text, story (the true story); optional title, date, lang, "
            "url, group (records of one group are clustered together)."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Where to write the fitted model (JSON).")],
    model: EnglishModel = None,
    backend: Backend = DEFAULT_BACKEND,
) -> None:
    """Fit the story model (how much names, numbers, dates and meaning count, and when an
    article joins a story) on articles whose stories people labelled; use the result with
    TIDINGS_STORY_MODEL or `tidings stories cluster --story-model`."""
    if str(file) != "-" and not file.is_file():
        raise typer.BadParameter(f"{file} is not a file")
    try:
        groups = labelled_groups(read_records(file))
        fitted = fit_model(
            groups,
            Embedder(model, backend=backend),
            MultilingualEmbedder(),
            fitted_on=f"{file.name}: {sum(len(g.docs) for g in groups)} articles",
            progress=lambda line: common.console.print(line),
        )
    except RecordError as exc:
        raise typer.BadParameter(f"{file}: {exc}") from exc
    except ValueError as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    except (EmbeddingError, MultilingualError) as exc:
        typer.echo(f"Model: {exc}", err=True)
        raise typer.Exit(2) from exc
    out.write_text(fitted.to_json(), encoding="utf-8")
    common.console.print(
        f"Wrote {out}: join at {fitted.threshold}, merge at {fitted.merge_threshold}."
    )


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
