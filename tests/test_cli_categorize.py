"""``tidings categorize`` on a small JSON lines file: every way of deciding, bad lines."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from tidings.cli import app
from tidings.enrich.categories_model import load_model

runner = CliRunner()

MATCH = (
    "The home side came from two goals down to win 3-2, the winner a header from a corner "
    "in the last minute. The striker has now scored in six league matches in a row, and the "
    "win lifts the club to second in the table before next week's derby."
)
RECORDS = [
    {"id": "a", "title": "Late header wins the derby", "text": MATCH},
    {"id": 7, "title": "Rates", "text": "The bank held rates.", "section": "Wirtschaft"},
    {"id": "c", "title": "Cup tickets", "text": "On sale now.", "keywords": ["Sport"]},
    {
        "id": "d",
        "title": "The derby deserves a better stadium",
        "text": MATCH,
        "section": "Sport",
        "type": "OpinionNewsArticle",
    },
    # Swedish, which the multilingual encoder was not trained on: no guess from the text.
    {
        "id": "e",
        "title": "Sent avgörande i derbyt",
        "text": "Hemmalaget vände 0-2 till 3-2 och vann derbyt med ett nickmål i sista minuten.",
        "lang": "sv",
    },
]


def _run(tmp_path: Path, lines: list[str]) -> tuple[int, str]:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["categorize", str(source)])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_categorize_prints_one_line_per_article(tmp_path: Path) -> None:
    code, output = _run(
        tmp_path, [json.dumps(r) for r in RECORDS[:2]] + [""] + [json.dumps(r) for r in RECORDS[2:]]
    )
    assert code == 0, output
    lines = [json.loads(line) for line in output.splitlines()]
    assert [(r["id"], r["category"], r["how"]) for r in lines] == [
        ("a", "sports", "classifier"),
        (7, "business", "section"),
        ("c", "sports", "feed"),
        ("d", "opinion", "type"),
        ("e", None, None),
    ]
    assert 0.5 < lines[0]["confidence"] <= 1.0
    assert lines[1]["confidence"] == 1.0
    assert lines[4]["confidence"] is None


def test_a_malformed_line_stops_with_its_number(tmp_path: Path) -> None:
    good = json.dumps(RECORDS[0])
    code, output = _run(tmp_path, [good, "", "{not json"])
    assert code == 2
    assert "line 3: not JSON" in output
    code, output = _run(tmp_path, [good, json.dumps({"id": "x", "text": "no title"})])
    assert code == 2
    assert "line 2: 'title' must be a string" in output
    code, output = _run(tmp_path, [json.dumps(RECORDS[0] | {"keywords": "Sport"})])
    assert code == 2
    assert "line 1: 'keywords' must be a list of strings" in output
    code, output = _run(tmp_path, ["[1, 2]"])
    assert code == 2
    assert "line 1: want a JSON object" in output


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["categorize", str(tmp_path / "nothing.jsonl")])
    assert result.exit_code == 2
    assert "is not a file" in result.stderr


def test_other_weights_can_be_given(tmp_path: Path) -> None:
    shipped = load_model()
    leaning = np.where(np.array(shipped.classes) == "health", 100.0, 0.0)
    weights = tmp_path / "health.npz"
    replace(shipped, intercept=shipped.intercept + leaning).save(weights)
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS[:2]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["categorize", str(source), "--weights", str(weights)])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["category"], r["how"]) for r in lines] == [
        ("health", "classifier"),
        ("business", "section"),
    ]
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"no weights here")
    result = runner.invoke(app, ["categorize", str(source), "--weights", str(broken)])
    assert result.exit_code == 2
    assert "cannot read category weights" in result.stderr
