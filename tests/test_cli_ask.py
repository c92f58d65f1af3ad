"""``tidings ask`` on a small JSON lines file: answers, "does not say", bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.ai.ask import MAX_QUESTION_CHARS, ask
from tidings.cli import app
from tidings.demo.loader import load_catalog

runner = CliRunner()

BRIDGE = "calder-bridge-shut-after-inspectors-find-corroded-cables"


def _text(slug: str) -> str:
    return next(a for a in load_catalog().articles if a.slug == slug).plain_text


def _records() -> list[dict[str, object]]:
    bridge = _text(BRIDGE)
    return [
        {"id": "a", "title": "Calder Bridge shut", "text": bridge,
         "question": "How long did journeys from Dunmore take?"},
        {"id": 7, "text": bridge, "question": "What is the capital of Peru?"},
        {"id": "c", "title": "Zentralbank", "lang": "de",
         "text": _text("zentralbank-erhoeht-leitzins-auf-375-prozent"),
         "question": "Auf wie viel Prozent steigt der Leitzins?"},
    ]  # fmt: skip


def _run(tmp_path: Path, lines: list[str], *options: str) -> tuple[int, str]:
    source = tmp_path / "questions.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ask", str(source), *options])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_ask_prints_the_answering_sentences_or_an_empty_list(tmp_path: Path) -> None:
    records = _records()
    code, output = _run(tmp_path, [json.dumps(records[0]), "", *map(json.dumps, records[1:])])
    assert code == 0, output
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7, "c"]
    assert "fifty minutes instead of fifteen" in lines[0]["answer"][0]
    assert lines[1] == {"id": 7, "answer": []}
    assert "3,75" in lines[2]["answer"][0]
    assert all(set(line) == {"id", "answer"} for line in lines)


def test_words_only_gives_what_the_panel_gives_without_a_model(tmp_path: Path) -> None:
    record = {**_records()[0], "question": "How long will the bridge be closed?"}
    code, output = _run(tmp_path, [json.dumps(record)], "--words-only")
    assert code == 0, output
    expected = ask(str(record["question"]), str(record["text"]))
    assert json.loads(output) == {
        "id": "a",
        "answer": [c.sentence.text for c in expected.citations],
    }
    assert "at least six weeks" in json.loads(output)["answer"][0]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "want a JSON object"),
        (json.dumps({"id": "x", "text": "Some text."}), "needs a 'question'"),
        (json.dumps({"id": "x", "question": "Who?"}), "needs a 'text'"),
        (json.dumps({"text": "t", "question": "Who?"}), "needs an 'id'"),
        (json.dumps({"id": True, "text": "t", "question": "Who?"}), "'id' must be"),
        (json.dumps({"id": "x", "text": 5, "question": "Who?"}), "'text' must be a string"),
        (json.dumps({"id": "x", "text": "t", "question": "  "}), "'question' is empty"),
        (
            json.dumps({"id": "x", "text": "t", "question": "x" * (MAX_QUESTION_CHARS + 1)}),
            f"at most {MAX_QUESTION_CHARS}",
        ),
        (json.dumps({"id": "x", "text": "t", "question": "Who?", "title": 3}), "'title'"),
    ],
)
def test_a_malformed_line_names_its_line_and_exits_2(
    tmp_path: Path, bad: str, message: str
) -> None:
    good = json.dumps(_records()[1])
    code, output = _run(tmp_path, [good, "", bad])
    assert code == 2, output
    assert output.startswith(f"{tmp_path / 'questions.jsonl'}, line 3: "), output
    assert message in output, output


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ask", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "is not a file" in result.stderr
