"""The extractor's free parameters, and the values fitted for them by cross-validation.

Every threshold the body reading depends on and that moves its scores lives here, not as a
module constant: ``scripts/fit_extraction.py`` chooses them on the evaluation data in
``../shared/data`` (fit on one half, score the other, split by site or query; see
docs/extraction.md) and writes ``fitted_params.json`` beside this file. The rest of the
extractor's constants are design values that the dev scores do not move.

``fitted_params.json`` holds numbers only, chosen on pages that are research-use data (the
MSVCode extraction set) and MIT-licensed benchmark pages; no page text travels with them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

FITTED_FILE = Path(__file__).with_name("fitted_params.json")


@dataclass(frozen=True, slots=True)
class ExtractionParams:
    """Thresholds of the body reading (defaults: the hand-set values they started from)."""

    # blocks: a furniture class on an element holding this share of the page's text is
    # layout ("container has-sidebar"), not furniture.
    wrapper_share: float = 0.5
    # container: blocks with more link text than this do not score for their element.
    max_prose_links: float = 0.5
    # prose: a block with this much text outside links is prose; short ones need company.
    prose_chars: int = 70
    # prose: most link text a block may have (opening with a link: a teaser's headline).
    link_share: float = 0.8
    lead_link_share: float = 0.5
    # prose: the longest summary a teaser card (linked headline + summary) may have.
    card_summary_chars: int = 400
    # container: a sibling whose own text is a paragraph this long (and this link-free)
    # comes along with the container.
    paragraph_chars: int = 80
    paragraph_links: float = 0.25
    # container: the least score for a sibling, and for an element built like the container.
    min_sibling_score: float = 10.0
    min_lookalike_score: float = 3.0
    # clean-up: a line above the body shorter than this (no final stop) is a label.
    label_chars: int = 60
    # clean-up: a line asking readers to follow, subscribe or send tips is shorter than this.
    promo_chars: int = 300
    # clean-up: drop the paragraph the page marks as standfirst (dek, intro, summary).
    trim_standfirsts: bool = True
    # Embedded social posts (tweets, Instagram posts) are quotes in the article, not furniture.
    keep_social_embeds: bool = True

    def to_json(self) -> dict[str, Any]:
        """The parameters as a JSON object."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExtractionParams:
        """Parameters from a JSON object; unknown keys are an error, missing ones defaults."""
        names = {field.name for field in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown extraction parameters: {sorted(unknown)}")
        return cls(**data)


@cache
def fitted_params() -> ExtractionParams:
    """The parameters fitted on the whole evaluation data (the shipped extractor's)."""
    document = json.loads(FITTED_FILE.read_text(encoding="utf-8"))
    return ExtractionParams.from_json(document["params"])
