"""The extractor's fitted thresholds: the shipped file, and parameters reaching the stages."""

from __future__ import annotations

import json

import pytest

from tidings.extract import extract_article
from tidings.extract.params import FITTED_FILE, ExtractionParams, fitted_params

PROSE = (
    "The water board said on Monday that the new reservoir north of the town will be full "
    "by the spring, two years after the dam was finished and the valley was flooded."
)
PAGE = (
    "<html><head><title>Reservoir fills</title></head><body><article>"
    "<h1>Reservoir fills</h1><p class='article-dek'>Two years after the dam, the valley is "
    "a lake.</p>" + f"<p>{PROSE}</p>" * 4 + "</article></body></html>"
)


def test_the_shipped_file_holds_the_full_fit_and_both_halves() -> None:
    record = json.loads(FITTED_FILE.read_text(encoding="utf-8"))
    assert ExtractionParams.from_json(record["params"]) == fitted_params()
    for half in ("fitted_on_half_a", "fitted_on_half_b"):
        ExtractionParams.from_json(record["cross_validation"][half])
    assert "research use only" in record["_provenance"]


def test_parameters_round_trip_and_unknown_names_are_refused() -> None:
    params = ExtractionParams(prose_chars=55, keep_social_embeds=False)
    assert ExtractionParams.from_json(params.to_json()) == params
    with pytest.raises(ValueError, match="unknown extraction parameters"):
        ExtractionParams.from_json({"prose_chars": 55, "headline_of_page_3": 1})


def test_the_standfirst_is_trimmed_only_when_the_parameters_say_so() -> None:
    url = "https://valley.example/reservoir"
    trimmed = extract_article(PAGE, url, params=ExtractionParams(trim_standfirsts=True))
    kept = extract_article(PAGE, url, params=ExtractionParams(trim_standfirsts=False))
    assert trimmed.text.startswith("The water board said")
    assert kept.text.startswith("Two years after the dam, the valley is a lake.")
