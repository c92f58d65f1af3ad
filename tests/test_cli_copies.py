"""``tidings copies`` on a small JSON lines file: originals, copies, bad lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.stories.test_dedupe import OTHER_OUTLET, PARAGRAPHS, WIRE, WRITE_THROUGH
from tidings.cli import app

runner = CliRunner()

RECORDS = [
    # The agency's later version, dated after the first: a copy of it whatever the file order.
    {"id": "update", "text": WRITE_THROUGH, "date": "2026-03-03T15:00:00Z"},
    {"id": "wire", "title": "Eastmere orders trains", "text": WIRE, "date": "2026-03-03T09:00Z"},
    {"id": "other", "text": OTHER_OUTLET, "date": "2026-03-03T10:00:00Z", "url": "https://x.test"},
    # Undated: keeps its place after the last dated article before it ("other").
    {"id": "trimmed", "text": "\n\n".join(PARAGRAPHS[:4])},
    {"id": "short", "text": "The ferry to Skarholm is cancelled on Friday.", "date": "2026-03-01"},
]


def _run(tmp_path: Path, lines: list[str]) -> tuple[int, str]:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["copies", str(source)])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_copies_prints_one_line_per_article(tmp_path: Path) -> None:
    code, output = _run(tmp_path, [json.dumps(r) for r in RECORDS] + [""])
    assert code == 0, output
    lines = [json.loads(line) for line in output.splitlines()]
    assert lines == [
        {"id": "update", "copy_of": "wire"},
        {"id": "wire", "copy_of": None},
        {"id": "other", "copy_of": None},
        {"id": "trimmed", "copy_of": "wire"},
        {"id": "short", "copy_of": None},
    ]


def test_malformed_lines_name_their_line_and_exit_2(tmp_path: Path) -> None:
    good = json.dumps(RECORDS[1])
    for bad, message in (
        ("{not json", "not JSON"),
        ("[1, 2]", "want a JSON object"),
        (json.dumps({"id": "x"}), "needs a 'text'"),
        (json.dumps({"text": "no id"}), "needs an 'id'"),
        (json.dumps({"id": "x", "text": 5}), "'text' must be a string"),
    ):
        code, output = _run(tmp_path, [good, "", bad])
        assert code == 2, output
        assert output.startswith(f"{tmp_path / 'articles.jsonl'}, line 3: "), output
        assert message in output, output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["copies", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert "absent.jsonl is not a file" in result.stderr
