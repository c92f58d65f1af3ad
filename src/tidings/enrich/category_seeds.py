"""Labelled articles for the category classifier: our own examples, and the reader of any
labelled JSON lines file (ours, categories-dev's, a user's).

``category_seeds.jsonl`` beside this module holds articles we wrote for training, about no
real event: short prototypes (a headline and a sentence; ``kind`` "prototype", the
nearest-centroid classifier's prototypes until issue 14) for every category in English,
German, French and Spanish, and longer articles (``kind`` "article") for the categories
that no public dataset here covers (Science, Health, Lifestyle, Opinion) and for World in
its wider sense of general hard news (accidents, storms, closures, crime). They follow the
labelling conventions of the evaluation set: a company's jobs and results are Business
whatever its industry; Technology is products, software, security and the internet;
Health is care, disease and medicine, Science research about anything else.

None is taken from the labelled evaluation set (tests/eval/data/categories.jsonl; a test
checks) or from any dataset. Add an article here to teach the classifier a corner of a
category, never by copying an evaluated or published one.

One object a line: ``id``, ``title``, ``text``, and the category as ``category`` or
``label``, either a slug ("science") or the display name ("Science"); optional
``language`` and ``kind``. categories-dev's files have the same shape.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tidings.enrich.categories import CATEGORY_NAMES, CATEGORY_SLUGS
from tidings.errors import TidingsError

__all__ = [
    "SEEDS_FILE",
    "CategoryDataError",
    "LabelledArticle",
    "category_slug",
    "read_labelled",
    "seed_examples",
]

_SEEDS = "category_seeds.jsonl"
SEEDS_FILE = Path(__file__).with_name(_SEEDS)  # where a checkout keeps it, for scripts

_BY_LABEL = {slug: slug for slug in CATEGORY_SLUGS} | {
    name.casefold(): slug for slug, name in CATEGORY_NAMES.items()
}


class CategoryDataError(TidingsError):
    """A labelled file cannot be read: not JSON, a field missing, an unknown category."""


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One labelled article; ``dataset`` names the file it came from (its stem)."""

    id: str
    title: str
    text: str
    category: str
    dataset: str
    language: str | None = None


def category_slug(label: str) -> str | None:
    """The taxonomy slug of a label given as a slug or a display name, any case."""
    return _BY_LABEL.get(label.strip().casefold())


def _field(record: dict[str, object], name: str, where: str) -> str:
    value = record.get(name)
    if not isinstance(value, str):
        raise CategoryDataError(f"{where}: {name!r} must be a string")
    return value


def read_labelled(path: Path) -> list[LabelledArticle]:
    """The labelled articles of a JSON lines file, in order (blank lines skipped)."""
    return _parse(path.read_text(encoding="utf-8"), str(path), path.stem)


def _parse(text: str, origin: str, dataset: str) -> list[LabelledArticle]:
    articles: list[LabelledArticle] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CategoryDataError(f"{where}: not JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise CategoryDataError(f"{where}: want a JSON object")
        label = record.get("category", record.get("label"))
        slug = category_slug(label) if isinstance(label, str) else None
        if slug is None:
            raise CategoryDataError(f"{where}: category {label!r} is not in the taxonomy")
        language = record.get("language")
        articles.append(
            LabelledArticle(
                id=_field(record, "id", where),
                title=_field(record, "title", where),
                text=_field(record, "text", where),
                category=slug,
                dataset=dataset,
                language=language if isinstance(language, str) else None,
            )
        )
    return articles


@functools.cache
def seed_examples() -> tuple[LabelledArticle, ...]:
    """Our own training articles (``category_seeds.jsonl``, package data), read once."""
    text = resources.files("tidings.enrich").joinpath(_SEEDS).read_text(encoding="utf-8")
    return tuple(_parse(text, _SEEDS, SEEDS_FILE.stem))
