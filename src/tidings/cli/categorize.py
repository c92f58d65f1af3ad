"""``tidings categorize``: the category of each article of a JSON lines file, as ingest
decides it (the publisher's word, then the classifier; ``categorize_many``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tidings.cli import common
from tidings.enrich.categories import CategoryInput, categorize_many
from tidings.enrich.categories_model import MODEL_FILE, CategoryClassifier, load_model
from tidings.enrich.embeddings import Embedder
from tidings.enrich.language import choose_language
from tidings.errors import TidingsError

BATCH = 256  # articles embedded together


def _string(record: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = record.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string")
    return value


def article_input(record: dict[str, Any]) -> tuple[str | int, CategoryInput]:
    """The id and what categorising looks at of one record: ``id``, ``title``, ``text``;
    optional ``section``, ``keywords`` (the feed's categories), ``type`` (schema.org) and
    ``lang`` (declared; checked against the text as ingest does). ValueError when bad."""
    identifier = record.get("id")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError("'id' must be a string or a number")
    title = _string(record, "title", required=True)
    text = _string(record, "text", required=True) or ""
    keywords = record.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ValueError("'keywords' must be a list of strings")
    language = choose_language(_string(record, "lang", required=False), title, text).code
    return identifier, CategoryInput(
        title=title,
        text=text,
        section=_string(record, "section", required=False),
        feed_categories=tuple(keywords),
        article_type=_string(record, "type", required=False),
        language=language,
    )


def categorize(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON lines: id, title, text; optional section, keywords, type, lang (- stdin)."
        ),
    ],
    weights: Annotated[
        Path,
        typer.Option(help="Classifier weights (scripts/fit_categories.py --out); default: ours."),
    ] = MODEL_FILE,
) -> None:
    """Categorise articles as ingest does; print {"id", "category", "how", "confidence"} lines.

    ``how`` is what decided: type (schema.org OpinionNewsArticle), section, feed (the
    keywords) or classifier; ``category`` is null only for a language the classifier does
    not read and no publisher's word. The embedding settings are ingest's.
    """
    if str(file) != "-" and not file.is_file():
        common.fail(f"{file} is not a file")
    articles = common.read_json_lines(file, article_input, (ValueError,))
    settings = common.settings()
    embedder = Embedder(
        settings.embedding_model,
        backend=settings.embedding_backend,
        cache_dir=settings.model_cache_dir,
        threads=settings.embedding_threads,
    )
    try:
        classifier = CategoryClassifier.for_story_embedder(embedder, model=load_model(weights))
        for start in range(0, len(articles), BATCH):
            chunk = articles[start : start + BATCH]
            guesses = categorize_many([item for _, item in chunk], classifier)
            for (identifier, _), guess in zip(chunk, guesses, strict=True):
                record = {
                    "id": identifier,
                    "category": guess.slug if guess else None,
                    "how": guess.how if guess else None,
                    "confidence": guess.confidence if guess else None,
                }
                sys.stdout.write(json.dumps(record) + "\n")
    except TidingsError as exc:
        common.fail(f"Categories: {exc}")
