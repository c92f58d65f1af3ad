"""``tidings keypoints``: the key points of each article of a JSON lines file, chosen as the
article page's AI panel chooses them (``tidings.ai.keypoints.key_points``)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from tidings.ai.keypoints import MAX_POINTS, key_points
from tidings.cli import common


@dataclass(frozen=True)
class _Article:
    id: str | int
    title: str | None
    text: str
    language: str | None


def _optional_string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string")
    return value


def _article(record: dict[str, Any]) -> _Article:
    """One record: ``id`` (string or number), ``text``; optional ``title`` and ``lang``."""
    identifier = record.get("id")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError("'id' must be a string or a number")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    return _Article(
        identifier, _optional_string(record, "title"), text, _optional_string(record, "lang")
    )


def keypoints(
    file: Annotated[
        Path, typer.Argument(help="JSON lines: id, text; optional title, lang (- for stdin).")
    ],
    count: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_POINTS * 4,
            help="Points per article; default as the panel: 3 to 5 by the article's length.",
        ),
    ] = None,
) -> None:
    """Print the key points of each article as {"id", "sentences"} lines, in article order.

    ``sentences`` are the article's own sentences the AI panel would show, fewer when the
    article has fewer that stand alone, [] for an empty text. ``lang`` (ISO 639-1) picks
    the stop words and stemmer; without it the language is guessed from the text.
    """
    if str(file) != "-" and not file.is_file():
        common.fail(f"{file} is not a file")
    articles = common.read_json_lines(file, _article, (ValueError,))
    for article in articles:
        points = key_points(
            article.text, title=article.title, language=article.language, count=count
        )
        record = {"id": article.id, "sentences": [p.sentence.text for p in points]}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
