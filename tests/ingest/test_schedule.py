"""Adaptive polling: publishing rate, publisher hints, bounds, backoff and disabling."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from tidings.config import Settings
from tidings.errors import FetchError, HTTPStatusError, RateLimited
from tidings.ingest.schedule import plan_after_failure, plan_after_success
from tidings.models import FeedEntry, ParsedFeed

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
SETTINGS = Settings(min_poll_minutes=5, max_poll_minutes=720, poll_interval_minutes=15)


def _feed(gaps_minutes: list[float] | None = None, **hints: object) -> ParsedFeed:
    entries = []
    moment = NOW
    for gap in gaps_minutes or []:
        moment -= timedelta(minutes=gap)
        entries.append(
            FeedEntry(url=f"https://x.example/{len(entries)}", title="t", published=moment)
        )
    return ParsedFeed(title="x", site_url=None, format="rss", entries=tuple(entries), **hints)  # type: ignore[arg-type]


def _interval(feed: ParsedFeed | None, **kwargs: object) -> float:
    args: dict[str, object] = {
        "now": NOW,
        "previous_interval": None,
        "new_entries": 0,
        "settings": SETTINGS,
    }
    args.update(kwargs)
    return plan_after_success(feed, **args).interval_minutes  # type: ignore[arg-type]


def test_interval_follows_the_publishing_rate() -> None:
    busy = _interval(_feed([10] * 20))  # an article every 10 minutes
    daily = _interval(_feed([24 * 60] * 10))  # one a day
    assert busy == 5.0  # half the gap, at the lower bound
    assert daily == 720.0  # half a day, at the upper bound
    assert _interval(_feed([60] * 10)) == 30.0


def test_quiet_and_undated_feeds() -> None:
    stale = _feed([60 * 24 * 40, 60, 60])  # nothing for 40 days
    assert _interval(stale) == 720.0
    undated = _feed()
    assert _interval(undated, previous_interval=40.0, new_entries=0) == 50.0
    assert _interval(undated, previous_interval=40.0, new_entries=3) == 30.0
    assert _interval(None, previous_interval=100.0) == 125.0  # 304: slow down a little
    assert _interval(None, previous_interval=700.0) == 720.0


def test_publisher_hints_are_a_floor() -> None:
    assert _interval(_feed([10] * 20, ttl_minutes=60)) == 60.0
    assert _interval(_feed([10] * 20, update_interval_minutes=180.0)) == 180.0
    assert _interval(_feed([10] * 20, ttl_minutes=100000)) == 1440.0  # capped at a day


def test_a_feed_with_entries_left_over_is_checked_again_soon() -> None:
    daily = _feed([24 * 60] * 10)
    plan = plan_after_success(
        daily, now=NOW, previous_interval=None, new_entries=100, settings=SETTINGS, backlog=True
    )
    assert plan.next_check_at == NOW + timedelta(minutes=5)
    assert plan.interval_minutes == 720.0  # the rate the feed shows, kept for later checks
    hinted = _feed([24 * 60] * 10, ttl_minutes=60)
    plan = plan_after_success(
        hinted, now=NOW, previous_interval=None, new_entries=100, settings=SETTINGS, backlog=True
    )
    assert plan.next_check_at == NOW + timedelta(minutes=60)  # the publisher's floor holds


def test_skip_hours_and_days() -> None:
    feed = _feed([10] * 20, skip_hours=(12, 13, 14))
    plan = plan_after_success(
        feed, now=NOW, previous_interval=None, new_entries=1, settings=SETTINGS
    )
    assert plan.next_check_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    weekend = _feed([10] * 20, skip_days=("Wednesday", "Thursday"))
    plan = plan_after_success(
        weekend, now=NOW, previous_interval=None, new_entries=1, settings=SETTINGS
    )
    assert plan.next_check_at == datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
    always = _feed([10] * 20, skip_hours=tuple(range(24)))
    plan = plan_after_success(
        always, now=NOW, previous_interval=None, new_entries=1, settings=SETTINGS
    )
    assert plan.next_check_at == NOW + timedelta(minutes=5)


def test_backoff_doubles_with_jitter_and_caps() -> None:
    rng = random.Random(7)
    error = FetchError("cannot connect")
    delays = [
        (
            plan_after_failure(error, now=NOW, failures=n, settings=SETTINGS, rng=rng).next_check_at
            - NOW
        ).total_seconds()
        / 60
        for n in (1, 2, 3, 10)
    ]
    assert 27 <= delays[0] <= 33 and 54 <= delays[1] <= 66 and 108 <= delays[2] <= 132
    assert delays[3] <= 24 * 60 * 1.1


def test_retry_after_and_disabling() -> None:
    limited = RateLimited(429, retry_after=6 * 3600)
    plan = plan_after_failure(limited, now=NOW, failures=1, settings=SETTINGS)
    assert plan.next_check_at >= NOW + timedelta(hours=6) and plan.disable_reason is None
    gone = plan_after_failure(HTTPStatusError(410), now=NOW, failures=1, settings=SETTINGS)
    assert gone.disable_reason is not None and "410" in gone.disable_reason
    last = plan_after_failure(
        FetchError("timed out"),
        now=NOW,
        failures=SETTINGS.max_consecutive_failures,
        settings=SETTINGS,
    )
    assert (
        last.disable_reason
        == f"{SETTINGS.max_consecutive_failures} failures in a row; last: timed out"
    )
    assert (
        plan_after_failure(FetchError("x"), now=NOW, failures=2, settings=SETTINGS).disable_reason
        is None
    )


@pytest.mark.parametrize("gap", [1, 7, 45, 300])
def test_interval_always_within_bounds(gap: float) -> None:
    assert SETTINGS.min_poll_minutes <= _interval(_feed([gap] * 15)) <= SETTINGS.max_poll_minutes
