"""``tidings stories cluster`` on a tiny JSON lines file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli import app
from tidings.stories.cluster import story_id_for

runner = CliRunner()

RECORDS = [
    {
        "id": "hokkaido-2",
        "title": "Hokkaido quake: Sapporo trains halted after 6.4 tremor",
        "text": "Trains in Sapporo were halted after the 6.4 earthquake struck Hokkaido on "
        "March 5. The Japan Meteorological Agency warned of aftershocks.",
        "date": "2024-03-05T12:00:00Z",
        "url": "https://example.org/hokkaido",
    },
    {
        "id": "chile-1",
        "title": "Magnitude 7.1 earthquake strikes off Valparaiso, Chile",
        "text": "A magnitude 7.1 earthquake struck off Valparaiso, Chile on March 4. ONEMI "
        "ordered an evacuation of the coast of Valparaiso.",
        "date": "2024-03-04",
    },
    {"id": "undated", "text": "Valparaiso residents fled after the 7.1 earthquake, ONEMI said."},
    {
        "id": "hokkaido-1",
        "title": "Magnitude 6.4 earthquake hits Hokkaido, Japan",
        "text": "A magnitude 6.4 earthquake hit Hokkaido on March 5, the Japan Meteorological "
        "Agency said. Trains around Sapporo stopped.",
        "date": "Tue, 05 Mar 2024 09:00:00 +0000",
        "lang": "en",
    },
]


def test_cluster_prints_one_story_per_line(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n\n", encoding="utf-8")
    summaries = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["stories", "cluster", str(source), "--stories", str(summaries)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in RECORDS]
    story = {line["id"]: line["story"] for line in lines}
    # By date: chile-1 (March 4), then "undated", which keeps its place after chile-1,
    # then hokkaido-1 (09:00 March 5) before hokkaido-2 (12:00).
    assert story["chile-1"] == story["undated"] == story_id_for("chile-1")
    assert story["hokkaido-1"] == story["hokkaido-2"] == story_id_for("hokkaido-1")
    assert story["chile-1"] != story["hokkaido-1"]
    written = [json.loads(line) for line in summaries.read_text(encoding="utf-8").splitlines()]
    assert {s["story"] for s in written} == set(story.values())
    hokkaido = next(s for s in written if s["story"] == story["hokkaido-1"])
    assert hokkaido["size"] == 2 and hokkaido["outlets"] == 1  # one has a URL, one has none
    assert hokkaido["first_seen"].startswith("2024-03-05T09:00")


def test_malformed_input_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "fine"}\n{"id": "b"}\n', encoding="utf-8")
    result = runner.invoke(app, ["stories", "cluster", str(source)])
    assert result.exit_code == 2
    source.write_text("not json\n", encoding="utf-8")
    assert runner.invoke(app, ["stories", "cluster", str(source)]).exit_code == 2
    missing = runner.invoke(app, ["stories", "cluster", str(tmp_path / "missing.jsonl")])
    assert missing.exit_code == 2
