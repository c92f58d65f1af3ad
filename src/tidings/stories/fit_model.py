"""The learned part of a story fit: how much each kind of evidence counts.

An article's fit to a story is a logistic model over the evidence that tells one event
from another (``stories.cluster_fit.fit_features``): meaning from two embedding models,
names, numbers and dates, each against the story as a whole and against its closest
members, with a flag for each kind one side lacks. Its weights and the least fit for
joining a story are fitted by ``stories.fit_training`` on stories labelled by people
(ECB+, NewsWCL50, MEANTIME: ../shared/data/clustering-dev, all under CC BY or CC BY-SA)
and shipped as ``story_fit.json`` beside this module; ``tidings stories fit`` refits
them from any labelled file. tests/eval/test_clustering_quality.py fits on one half of
the labelled events and scores the other, both ways, next to the shipped model.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tidings.errors import TidingsError

__all__ = ["FEATURES", "FitModel", "FitModelError", "default_fit_model", "load_fit_model"]

FEATURES: tuple[str, ...] = (
    "english_mean",  # all-MiniLM-L6-v2 cosine to the story's centroid (English sides)
    "english_best",  # ... and to its closest member
    "multilingual_mean",  # USE v3 cosine to the centroid (any language)
    "multilingual_best",  # ... and to its closest member
    # Names, numbers and dates: rarity-weighted keys shared with the story as a whole; across
    # languages, only keys seen in two languages or more count ("Odile", not "Feuerwehr").
    "name_whole",
    "name_nearest",  # ... with its closest members
    "number_whole",
    "number_nearest",
    "date_whole",
    "date_nearest",
    "gap",  # days between the article and the story's dated span, as a share of the window
    "english_missing",  # 1 when one side is not English (the English model cannot compare)
    "multilingual_missing",
    "name_missing",  # 1 when one side has no names (then no numbers, no dates likewise)
    "number_missing",
    "date_missing",
    "time_missing",  # 1 when the article or the story is undated
    "cross_lingual",  # 1 when no article of the story is in the article's language
    "length",  # the article's words, up to 500, as a share of 500: a summary says less
)

_FILE = "story_fit.json"


class FitModelError(TidingsError):
    """A story-fit model file is missing, malformed or made for other features."""


@dataclass(frozen=True, slots=True)
class FitModel:
    """Logistic weights over ``FEATURES``, the least fit for joining a story, the least
    link for merging two, how far short of joining a straggler may fall and still be
    gathered into a grown story (``StoryClusterer``), a line on what they were fitted
    on, and the least link that keeps a story's two parts together (None: a story never
    splits; ``stories.story_split``)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    merge_threshold: float
    fitted_on: str = ""
    straggler_slack: float = 0.0
    split_threshold: float | None = None

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise FitModelError(
                f"a story-fit model needs {len(FEATURES)} weights, not {len(self.weights)}"
            )

    def probability(self, features: npt.NDArray[np.float64]) -> float:
        """The fit, 0 to 1: how likely the article belongs to the story."""
        z = float(np.dot(self.weights, features)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> str:
        """The model as the JSON ``load_fit_model`` reads, with the feature names."""
        data = {"features": list(FEATURES), **asdict(self)}
        data["weights"] = [round(w, 6) for w in self.weights]
        data["bias"] = round(self.bias, 6)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _parse(text: str, origin: str) -> FitModel:
    try:
        data = json.loads(text)
        if list(data["features"]) != list(FEATURES):
            raise FitModelError(f"{origin} was fitted for other features: refit it")
        return FitModel(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            merge_threshold=float(data["merge_threshold"]),
            fitted_on=str(data.get("fitted_on", "")),
            straggler_slack=float(data.get("straggler_slack", 0.0)),
            split_threshold=_maybe_float(data.get("split_threshold")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FitModelError(f"{origin} is not a story-fit model: {exc}") from exc


def _maybe_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def load_fit_model(path: Path) -> FitModel:
    """A model written by ``FitModel.to_json`` (``tidings stories fit``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FitModelError(f"cannot read {path}: {exc}") from exc
    return _parse(text, str(path))


@functools.cache
def default_fit_model() -> FitModel:
    """The model shipped with Tidings."""
    text = resources.files("tidings.stories").joinpath(_FILE).read_text(encoding="utf-8")
    return _parse(text, _FILE)
