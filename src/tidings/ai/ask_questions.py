"""Our question set for ask: the format, reading it, and turning it into fit items.

One JSON object a line, annotations only (the articles stay in the data folder they come
from and are read at evaluation time):

- ``id``: ``q001`` ...;
- ``dataset``: the file that holds the article, relative to the data folder:
  ``keypoints-dev/bbc-summary.jsonl`` or ``categories-dev/bbc-news.jsonl`` (JSON lines with
  ``id`` and ``text``), or ``extraction-dev/ground-truth.json`` (id to ``articleBody``);
- ``article_id``: the article's id in that file;
- ``language``: ISO 639-1 code of the article and the question;
- ``kind``: who, what, when, where, why, how long, how many or how much, as its writer saw it;
- ``question``: the question, as a reader would type it;
- ``answer``: ``[start, end)`` character offsets into the article text of the sentence
  that answers, or null when the article does not say.

A marked span counts as the sentence of ``ask.passages_of`` that covers at least half of it,
so a later change to the sentence splitter moves no mark.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tidings.ai.ask import Passage, passages_of, question_candidates
from tidings.ai.ask_fit import Item
from tidings.ai.ask_kinds import KINDS
from tidings.ai.sentences import paragraphs
from tidings.errors import TidingsError

__all__ = [
    "KINDS",
    "Question",
    "QuestionSetError",
    "article_texts",
    "fit_items",
    "read_questions",
]


Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]


class QuestionSetError(TidingsError):
    """A question set line or the article it names is malformed or missing."""


@dataclass(frozen=True, slots=True)
class Question:
    """One annotated question."""

    id: str
    dataset: str
    article_id: str
    language: str
    kind: str
    question: str
    answer: tuple[int, int] | None


def read_questions(path: Path) -> list[Question]:
    """Every question of a question set file; ``QuestionSetError`` names a bad line."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append(_question(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise QuestionSetError(f"{path}, line {number}: {exc}") from exc
    return found


def _question(record: dict[str, Any]) -> Question:
    answer = record["answer"]
    if answer is not None:
        start, end = (int(x) for x in answer)
        if not 0 <= start < end:
            raise ValueError(f"bad answer span {answer}")
        answer = (start, end)
    kind = str(record["kind"])
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return Question(
        id=str(record["id"]),
        dataset=str(record["dataset"]),
        article_id=str(record["article_id"]),
        language=str(record["language"]),
        kind=kind,
        question=str(record["question"]),
        answer=answer,
    )


def article_texts(data: Path, datasets: Sequence[str]) -> dict[tuple[str, str], str]:
    """``(dataset, article id)`` to article text for every named dataset file."""
    texts: dict[tuple[str, str], str] = {}
    for name in dict.fromkeys(datasets):
        path = data / name
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    texts[(name, str(record["id"]))] = record["text"]
        else:
            for key, record in json.loads(path.read_text(encoding="utf-8")).items():
                texts[(name, key)] = record["articleBody"]
    return texts


def fit_items(questions: Sequence[Question], data: Path, embed: Embed) -> list[Item]:
    """The fit items of every question: its article's candidates, their cosines with the
    question (all embedded in one pass), and the row of the marked sentence."""
    texts = article_texts(data, [q.dataset for q in questions])
    passages: dict[tuple[str, str], list[Passage]] = {}
    for q in questions:
        key = (q.dataset, q.article_id)
        if key not in texts:
            raise QuestionSetError(f"{q.id}: no article {q.article_id} in {q.dataset}")
        if key not in passages:
            passages[key] = passages_of(q.article_id, texts[key])
    unique = list(
        dict.fromkeys(
            [q.question for q in questions]
            + [p.sentence.text for rows in passages.values() for p in rows]
        )
    )
    vectors = dict(zip(unique, np.asarray(embed(unique), dtype=np.float64), strict=True))
    items = []
    for q in questions:
        key = (q.dataset, q.article_id)
        rows = passages[key]
        question_vector = vectors[q.question]
        marked = _marked_row(q.answer, texts[key], rows)
        if q.answer is not None and marked is None:
            raise QuestionSetError(f"{q.id}: no candidate sentence covers the marked answer")
        items.append(
            Item(
                question_id=q.id,
                group=f"{q.dataset}:{q.article_id}",
                kind=q.kind,
                candidates=question_candidates(q.question, rows, q.language),
                cosine=tuple(float(vectors[p.sentence.text] @ question_vector) for p in rows),
                answer=marked,
            )
        )
    return items


def _marked_row(span: tuple[int, int] | None, text: str, rows: Sequence[Passage]) -> int | None:
    """The row of the passage that covers at least half of ``span``."""
    if span is None:
        return None
    starts, cursor = [], 0
    for paragraph in paragraphs(text):
        cursor = text.index(paragraph, cursor)
        starts.append(cursor)
        cursor += len(paragraph)
    start, end = span
    for row, passage in enumerate(rows):
        s = passage.sentence
        left, right = starts[s.paragraph] + s.start, starts[s.paragraph] + s.end
        if min(end, right) - max(start, left) >= (end - start) / 2:
            return row
    return None
