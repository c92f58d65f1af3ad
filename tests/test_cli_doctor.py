"""``tidings doctor``: what an operator learns about the AI backends (issue #16).

Readers are never shown how to set up a translator; this command is where the operator
reads it. The model server is the rule-based one in ``tests/ai/openai_server.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ai.openai_server import openai_server
from tidings.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    for name in ("TIDINGS_AI", "TIDINGS_AI_SERVER_URL", "TIDINGS_AI_MODEL", "TIDINGS_AI_REWRITE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def _lines(output: str) -> dict[str, str]:
    """Each finding's name and state, with its advice line joined on."""
    found: dict[str, str] = {}
    name = ""
    for line in output.splitlines():
        if line.startswith("    "):
            found[name] += " | " + line.strip()
        else:
            name, _, state = line.partition(": ")
            found[name] = state
    return found


def test_with_nothing_set_up_translation_is_off_and_the_way_to_add_it_is_named() -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    found = _lines(result.output)
    assert found["AI panel"].startswith("on: key points, answers to questions and story briefs")
    assert found["Model server"].startswith("not set | to add one, set TIDINGS_AI_SERVER_URL")
    assert "TIDINGS_AI_MODEL" in found["Model server"]
    # Argos is not installed where the tests run (docs/ai.md, "What is and is not tested").
    assert found["Argos Translate"].startswith("not installed | to add it, pip install argos")
    assert found["Translation"].startswith("off: readers see no translate offer | to turn it on")


def test_a_working_model_server_turns_translation_on(monkeypatch: pytest.MonkeyPatch) -> None:
    with openai_server() as server:
        monkeypatch.setenv("TIDINGS_AI_SERVER_URL", server.base_url)
        monkeypatch.setenv("TIDINGS_AI_MODEL", "tiny-translator")
        monkeypatch.setenv("TIDINGS_AI_REWRITE", "true")
        result = runner.invoke(app, ["doctor"])
        assert [r.path for r in server.requests] == ["/v1/models"]  # asked, never chatted
    assert result.exit_code == 0, result.output
    found = _lines(result.output)
    assert found["Model server"] == f"ok: {server.base_url} serves tiny-translator"
    assert found["Plainer rewording"] == "on, by the model server"
    assert found["Translation"].startswith("on: an article in another language")


@pytest.mark.parametrize(
    ("model", "why"), [("big-model", "does not offer 'big-model'"), (None, "not usable")]
)
def test_a_model_server_that_cannot_serve_fails_the_check(
    monkeypatch: pytest.MonkeyPatch, model: str | None, why: str
) -> None:
    with openai_server() as server:
        monkeypatch.setenv("TIDINGS_AI_SERVER_URL", server.base_url)
        if model:
            monkeypatch.setenv("TIDINGS_AI_MODEL", model)
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert why in _lines(result.output)["Model server"]


def test_an_unreachable_model_server_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_AI_SERVER_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("TIDINGS_AI_MODEL", "m")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert _lines(result.output)["Model server"].startswith("FAILED: cannot reach")


def test_ai_turned_off_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_AI", "false")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0
    assert result.output.strip() == "AI panel: off (TIDINGS_AI=false): readers see no AI at all"
