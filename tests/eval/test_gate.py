"""The quality gates' rule for missing data: skip on a laptop, fail under CI."""

from __future__ import annotations

import pytest

from tests.eval.gate import need_data


def test_missing_data_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="clustering-dev is not here"):
        need_data(False, "clustering-dev")


def test_missing_data_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="clustering-dev is not here"):
        need_data(False, "clustering-dev")


def test_present_data_runs_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    need_data(True, "clustering-dev")  # neither skips nor fails
