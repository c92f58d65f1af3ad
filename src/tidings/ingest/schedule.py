"""When to check a feed next: a pure function of what the feed showed and said.

The database is the queue (``sources.next_check_at``); this module only decides the time.
A busy feed is checked about twice per article it publishes, a quiet one less and less
often, always within the operator's bounds; the publisher's own hints (RSS ttl,
syndication module, skipHours/skipDays) are honoured; failures back off exponentially
with jitter, and a source that keeps failing is disabled with its reason.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.config import Settings
from tidings.errors import HTTPStatusError, RateLimited, TidingsError
from tidings.models import ParsedFeed

__all__ = ["FailurePlan", "PollPlan", "plan_after_failure", "plan_after_success"]

# Entries older than this say nothing about how often the feed publishes now.
_RATE_WINDOW = timedelta(days=30)
_RATE_SAMPLE = 20
_HINT_CAP_MINUTES = 24 * 60
_RETRY_AFTER_CAP = timedelta(hours=24)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class PollPlan:
    """The interval chosen and the time of the next check."""

    interval_minutes: float
    next_check_at: datetime


@dataclass(frozen=True, slots=True)
class FailurePlan:
    """When to retry a failing feed, and whether to give up on it."""

    next_check_at: datetime
    disable_reason: str | None


def plan_after_success(
    feed: ParsedFeed | None,
    *,
    now: datetime,
    previous_interval: float | None,
    new_entries: int,
    settings: Settings,
    backlog: bool = False,
) -> PollPlan:
    """The next check after a good fetch (``feed`` None: 304 Not Modified).

    With ``backlog`` (the feed had more new entries than one check takes) the next check
    comes after ``min_poll_minutes``, or the publisher's hint if that is longer; the
    interval kept for later is the one the feed's rate gives.
    """
    interval = _observed_interval(feed, now) if feed is not None else None
    if interval is None:
        interval = previous_interval or settings.poll_interval_minutes
        # Nothing to learn from dates: drift slower while nothing new comes, faster when it does.
        interval *= 0.75 if new_entries else 1.25
    interval = min(max(interval, settings.min_poll_minutes), settings.max_poll_minutes)
    wait = settings.min_poll_minutes if backlog else interval
    if feed is not None:
        for hint in (feed.ttl_minutes, feed.update_interval_minutes):
            if hint:
                floor = min(float(hint), _HINT_CAP_MINUTES)
                interval, wait = max(interval, floor), max(wait, floor)
    next_check = now + timedelta(minutes=wait)
    if feed is not None:
        next_check = _skip(next_check, feed.skip_hours, feed.skip_days)
    return PollPlan(interval_minutes=round(interval, 2), next_check_at=next_check)


def plan_after_failure(
    error: TidingsError,
    *,
    now: datetime,
    failures: int,
    settings: Settings,
    rng: random.Random | None = None,
) -> FailurePlan:
    """The retry time after the ``failures``-th failure in a row (counting this one)."""
    minutes = settings.error_backoff_minutes * 2 ** min(failures - 1, 10)
    minutes = min(minutes, 24 * 60) * (rng or random).uniform(0.9, 1.1)
    retry = now + timedelta(minutes=minutes)
    if isinstance(error, RateLimited) and error.retry_after:
        retry = max(retry, now + min(timedelta(seconds=error.retry_after), _RETRY_AFTER_CAP))
    reason = None
    if isinstance(error, HTTPStatusError) and error.status == 410:
        reason = "the publisher says the feed is gone for good (HTTP 410)"
    elif failures >= settings.max_consecutive_failures:
        reason = f"{failures} failures in a row; last: {error}"
    return FailurePlan(next_check_at=retry, disable_reason=reason)


def _observed_interval(feed: ParsedFeed, now: datetime) -> float | None:
    """Half the mean gap between recent entries, in minutes; None when dates say nothing."""
    times = sorted(
        (t for t in (e.published or e.updated for e in feed.entries) if t is not None and t <= now),
        reverse=True,
    )[:_RATE_SAMPLE]
    if not times:
        return None
    recent = [t for t in times if now - t <= _RATE_WINDOW]
    if len(recent) < 3:
        # Dated, but hardly anything this month: a quiet feed.
        return float("inf")
    span = (recent[0] - recent[-1]).total_seconds() / 60
    # Entries published in one batch (same minute) still mean "check now and then".
    mean_gap = max(span / (len(recent) - 1), 1.0)
    return mean_gap / 2


def _skip(moment: datetime, skip_hours: tuple[int, ...], skip_days: tuple[str, ...]) -> datetime:
    """Move ``moment`` forward out of the hours and days the publisher asked us to skip."""
    hours = {h for h in skip_hours if 0 <= h <= 23}
    days = {d.strip().lower() for d in skip_days}
    if len(hours) >= 24 or days >= set(_DAYS):
        return moment  # a feed that asks to be skipped always is ignoring its own feed
    for _ in range(24 * 8):
        if moment.hour not in hours and _DAYS[moment.weekday()] not in days:
            return moment
        moment = (moment + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return moment
