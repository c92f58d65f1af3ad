"""The key-point scorer's weights: logistic regression over ``keypoint_features.FEATURES``.

The shipped weights are ``keypoint_model.json`` beside this module, written by
``scripts/fit_keypoints.py`` (``tidings.ai.keypoints_fit``). The file holds numbers and a
description of the data they were fitted on, no article text. A model records the feature
names it was fitted with; loading one whose names differ from ``FEATURES`` fails, so
weights can never be applied to the wrong columns.

Chosen by two-half cross-validation on keypoints-dev (docs/ai.md, "Key points"). Gradient
boosting over the same features, and logistic regression over pairs of sentences of one
article (summary against not), scored within 0.005 of this plain model, never above it on
both halves. Centrality from the sentence embeddings that answers use (all-MiniLM-L6-v2)
picked worse sentences alone (sentence F1 0.456 for three points) than centrality from
word counts alone (0.549), and would cost an embedding per sentence.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tidings.ai.keypoint_features import FEATURES
from tidings.errors import TidingsError

__all__ = ["MODEL_FILE", "KeyPointModel", "KeyPointModelError", "default_model", "load_model"]

_FILE = "keypoint_model.json"
MODEL_FILE = Path(__file__).with_name(_FILE)
Matrix = npt.NDArray[np.float64]


class KeyPointModelError(TidingsError, ValueError):
    """A key-point weights file is missing, unreadable or fitted on other features."""


@dataclass(frozen=True)
class KeyPointModel:
    """Standardise each feature (``mean``, ``scale``), then a linear score and a sigmoid."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    fitted_on: dict[str, Any] = field(default_factory=dict)

    def probability(self, rows: Matrix) -> Matrix:
        """The chance, per row of features, that the sentence is a key point."""
        standard = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        logits = standard @ np.asarray(self.weights) + self.bias
        chance: Matrix = 1.0 / (1.0 + np.exp(-logits))
        return chance

    def to_json(self) -> str:
        """The weights file's text: one line per feature, then the bias and provenance."""
        lines = [
            json.dumps({"name": name, "mean": m, "scale": s, "weight": w})
            for name, m, s, w in zip(FEATURES, self.mean, self.scale, self.weights, strict=True)
        ]
        about = json.dumps(self.fitted_on, indent=1, ensure_ascii=False).replace("\n", "\n ")
        return (
            '{\n "features": [\n  '
            + ",\n  ".join(lines)
            + f'\n ],\n "bias": {json.dumps(self.bias)},\n "fitted_on": {about}\n}}'
        )


def _parse(text: str, origin: str) -> KeyPointModel:
    try:
        data = json.loads(text)
        rows = data["features"]
        names = tuple(str(row["name"]) for row in rows)
        if names != FEATURES:
            raise ValueError(f"features {list(names)} are not {list(FEATURES)}")
        mean, scale, weights = (
            tuple(float(row[key]) for row in rows) for key in ("mean", "scale", "weight")
        )
        if any(v <= 0 for v in scale):
            raise ValueError("every scale must be positive")
        return KeyPointModel(
            mean, scale, weights, bias=float(data["bias"]), fitted_on=dict(data["fitted_on"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyPointModelError(f"{origin} is not a key-point model: {exc}") from exc


def load_model(path: Path) -> KeyPointModel:
    """Weights written by ``KeyPointModel.to_json``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyPointModelError(f"cannot read {path}: {exc}") from exc
    return _parse(text, str(path))


@functools.cache
def default_model() -> KeyPointModel:
    """The weights shipped with Tidings."""
    text = resources.files("tidings.ai").joinpath(_FILE).read_text(encoding="utf-8")
    return _parse(text, _FILE)
