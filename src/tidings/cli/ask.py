"""``tidings ask``: answer a question about each article of a JSON lines file, as the
article page's AI panel does (``tidings.ai.ask.ask_with_fallback``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tidings.ai.ask import MAX_QUESTION_CHARS, ask_with_fallback
from tidings.ai.keypoints import Embed
from tidings.cli import common
from tidings.errors import TidingsError

__all__ = ["ask", "question_record"]


def _string(record: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = record.get(name)
    if value is None and not required:
        return None
    if value is None:
        raise ValueError(f"needs a {name!r}")
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string")
    return value


def question_record(record: dict[str, Any]) -> tuple[str | int, str, str, str | None]:
    """The id, text, question and declared language of one record: ``id``, ``text``,
    ``question``; optional ``title`` and ``lang``. ValueError when bad."""
    identifier = record.get("id")
    if identifier is None:
        raise ValueError("needs an 'id'")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError("'id' must be a string or a number")
    _string(record, "title", required=False)
    text = _string(record, "text", required=True) or ""
    question = " ".join((_string(record, "question", required=True) or "").split())
    if not question:
        raise ValueError("'question' is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(f"'question' has {len(question)} characters; at most {MAX_QUESTION_CHARS}")
    return identifier, text, question, _string(record, "lang", required=False)


def _embedder(words_only: bool) -> Embed | None:
    """The panel's: the story embedding model when stories are on, unless told not to."""
    settings = common.settings()
    if words_only or not settings.stories:
        return None
    from tidings.pipeline.story_stage import shared_embedder

    return shared_embedder(
        settings.embedding_model,
        settings.embedding_backend,
        settings.model_cache_dir,
        settings.embedding_threads,
    ).embed


def ask(
    file: Annotated[
        Path,
        typer.Argument(help="JSON lines: id, text, question; optional title, lang (- stdin)."),
    ],
    words_only: Annotated[
        bool, typer.Option("--words-only", help="Match words alone; no embedding model.")
    ] = False,
) -> None:
    """Answer each line's question from its text; print {"id", "answer"} lines.

    ``answer`` lists the sentences of the text that answer, best first, or is [] when the
    text does not say. With stories on, the sentence embedding model helps rank them, as
    in the article page's panel.
    """
    if str(file) != "-" and not file.is_file():
        common.fail(f"{file} is not a file")
    records = common.read_json_lines(file, question_record, (ValueError,))
    embed = _embedder(words_only)
    try:
        for identifier, text, question, language in records:
            answer = ask_with_fallback(question, text, language=language, embed=embed)
            found = [c.sentence.text for c in answer.citations]
            sys.stdout.write(json.dumps({"id": identifier, "answer": found}) + "\n")
    except TidingsError as exc:
        common.fail(f"Ask: {exc}")
