"""``tidings worker``: what it refuses, and the pieces it is built from (issue #19). The
workers themselves run against PostgreSQL in tests/e2e/test_workers_killed.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from croniter import croniter
from typer.testing import CliRunner

from tidings.cli import app
from tidings.config import Settings
from tidings.jobs.worker import conninfo, tick_cron
from tidings.pipeline.copy_tracker import CopyTracker
from tidings.stories import text_keys

runner = CliRunner()

BODY = (
    "The harbour authority of Westmarch said on Tuesday that the new ferry line will start "
    "in March, with four crossings a day and a fifth in summer. The mayor welcomed the plan "
    "and said the town had waited twenty years for it. Tickets go on sale next month."
)


def test_worker_on_sqlite_says_it_needs_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TIDINGS_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "tidings worker needs PostgreSQL" in result.output
    assert not (tmp_path / "tidings.db").exists()  # nothing made, nothing changed


@pytest.mark.parametrize("seconds", [1, 2, 5, 30, 45])
def test_the_plan_fires_about_every_tick(seconds: float) -> None:
    times = croniter(tick_cron(seconds), datetime(2026, 1, 1, tzinfo=UTC))
    first, second = times.get_next(datetime), times.get_next(datetime)
    assert 0 < (second - first).total_seconds() <= seconds


def test_minutes_for_long_ticks() -> None:
    assert tick_cron(300) == "*/5 * * * *"


def test_the_queue_connects_to_the_stores_database() -> None:
    settings = Settings(database_url="postgresql://news:secret@db.example:5433/tidings")
    assert conninfo(settings) == "postgresql://news:secret@db.example:5433/tidings"


def test_a_tracker_learns_an_original_another_worker_stored() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    digest, fingerprint = text_keys(BODY)
    tracker = CopyTracker(lambda since: [])
    tracker.learn([("a" * 32, digest, fingerprint.to_bytes())], now)
    assert tracker.check("b" * 32, text_keys(BODY), now).original == "a" * 32
    tracker.forget()
    assert tracker.check("c" * 32, text_keys(BODY), now).original is None
