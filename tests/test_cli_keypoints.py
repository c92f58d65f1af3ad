"""``tidings keypoints`` on a small JSON lines file: the panel's points, counts, bad lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tidings.ai.keypoints import key_points
from tidings.cli import app
from tidings.demo.loader import load_catalog

runner = CliRunner()
BRIDGE = next(
    a
    for a in load_catalog().articles
    if a.slug == "calder-bridge-shut-after-inspectors-find-corroded-cables"
)
ODILE = next(
    a
    for a in load_catalog().articles
    if a.slug == "tempete-odile-vents-violents-et-trains-supprimes"
)
RECORDS = [
    {"id": "bridge", "title": BRIDGE.title, "text": BRIDGE.plain_text},
    {"id": 7, "title": ODILE.title, "text": ODILE.plain_text, "lang": "fr"},
    {"id": "untitled", "text": "Too short. Much too short."},
]


def _run(tmp_path: Path, lines: list[str], *options: str) -> tuple[int, str]:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["keypoints", str(source), *options])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_keypoints_prints_what_the_panel_shows(tmp_path: Path) -> None:
    code, output = _run(tmp_path, [json.dumps(RECORDS[0]), "", *map(json.dumps, RECORDS[1:])])
    assert code == 0, output
    lines = [json.loads(line) for line in output.splitlines()]
    assert [r["id"] for r in lines] == ["bridge", 7, "untitled"]
    panel = key_points(BRIDGE.plain_text, title=BRIDGE.title, language=BRIDGE.language)
    assert lines[0]["sentences"] == [p.sentence.text for p in panel]
    assert lines[0]["sentences"][0].startswith("The Calder Bridge, which carries around 38,000")
    french = key_points(ODILE.plain_text, title=ODILE.title, language="fr")
    assert lines[1]["sentences"] == [p.sentence.text for p in french]
    assert "préfecture" in output  # not escaped: the sentences as written
    assert lines[2]["sentences"] == []  # no sentence long enough to stand alone


def test_count_asks_for_more_or_fewer_points(tmp_path: Path) -> None:
    code, output = _run(tmp_path, [json.dumps(RECORDS[0])], "--count", "5")
    assert code == 0, output
    assert len(json.loads(output)["sentences"]) == 5
    code, output = _run(tmp_path, [json.dumps(RECORDS[0])], "--count", "0")
    assert code == 2
    assert "--count" in output


def test_a_malformed_line_stops_with_its_number(tmp_path: Path) -> None:
    good = json.dumps(RECORDS[0])
    code, output = _run(tmp_path, [good, "", "{not json"])
    assert code == 2
    assert "line 3: not JSON" in output
    code, output = _run(tmp_path, [good, json.dumps({"id": "x", "title": "No text"})])
    assert code == 2
    assert "line 2: 'text' must be a string" in output
    code, output = _run(tmp_path, [json.dumps({"id": True, "text": "x"})])
    assert code == 2
    assert "line 1: 'id' must be a string or a number" in output
    code, output = _run(tmp_path, [json.dumps({"id": "x", "text": "x", "title": 3})])
    assert code == 2
    assert "line 1: 'title' must be a string" in output
    code, output = _run(tmp_path, ["[1, 2]"])
    assert code == 2
    assert "line 1: want a JSON object" in output


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["keypoints", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == 2
    assert "nowhere.jsonl is not a file" in result.stderr
