"""Fitting the key-point scorer: where sentences lie in the text, their labels, the fit."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tidings.ai.keypoint_features import FEATURES
from tidings.ai.keypoints import key_points
from tidings.ai.keypoints_fit import (
    LabelledArticle,
    fit_model,
    read_labelled,
    sentence_offsets,
    summary_labels,
)
from tidings.ai.sentences import split_sentences

TEXT = (
    "  Shares in the firm rose 4% on Monday. Analysts were surprised.\n\n"
    "The company said profits doubled.  \n \n"
    "Its chief executive will step down in May, after ten years in the job."
)


def test_sentences_are_found_in_the_text_itself() -> None:
    sentences = split_sentences(TEXT)
    spans = sentence_offsets(TEXT, sentences)
    assert [TEXT[a:b] for a, b in spans] == [s.text for s in sentences]


def test_a_sentence_is_in_the_summary_when_half_of_it_is() -> None:
    sentences = split_sentences(TEXT)
    spans = sentence_offsets(TEXT, sentences)
    first, _, third, fourth = spans
    half_of_third = (third[0], third[0] + (third[1] - third[0] + 1) // 2)
    short_of_half = (fourth[0], fourth[0] + (fourth[1] - fourth[0]) // 2 - 1)
    article = LabelledArticle("x", "Business", "Firm", TEXT, (first, half_of_third, short_of_half))
    assert summary_labels(article, sentences) == [True, False, True, False]


def _sentence(rng: random.Random, words: list[str], number: bool) -> str:
    picked = rng.sample(words, 9)
    if number:
        picked[4] = str(rng.randint(10, 99))
    return " ".join(picked).capitalize() + "."


def test_the_fit_learns_what_the_summaries_hold(tmp_path: Path) -> None:
    # Summaries of made-up articles hold exactly the sentences with a figure.
    rng = random.Random(7)
    words = [f"{a}{b}ron" for a in "bdfgklmnprst" for b in "aeiou"]
    lines = []
    for number in range(40):
        sentences = [_sentence(rng, words, n % 3 == 0) for n in range(9)]
        text = " ".join(sentences)
        spans = [
            [text.index(s), text.index(s) + len(s)]
            for s in sentences
            if any(c.isdigit() for c in s)
        ]
        record = {"id": f"a{number}", "title": "Figures", "text": text, "summary_spans": spans}
        lines.append(json.dumps(record))
    source = tmp_path / "made.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = read_labelled(source)
    model = fit_model(articles, fitted_on={"made": True})
    assert model.fitted_on["made"] and model.fitted_on["articles"] == 40
    assert model.fitted_on["summary_sentences"] == 40 * 3
    assert model.weights[FEATURES.index("numbers")] > 0
    unseen = " ".join(_sentence(rng, words, n in (2, 5, 7)) for n in range(9))
    points = key_points(unseen, count=3, model=model)
    assert all(any(c.isdigit() for c in p.sentence.text) for p in points)
