"""A round's fair shares: newest entries first, pages in turns across sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.ingest.rounds import in_turns, newest_first
from tidings.models import FeedEntry

DAY = datetime(2026, 11, 16, tzinfo=UTC)


def _entry(
    name: str, published: datetime | None = None, updated: datetime | None = None
) -> FeedEntry:
    return FeedEntry(
        url=f"https://news.example/{name}", title=name, published=published, updated=updated
    )


def test_newest_first_by_date_then_undated_in_feed_order() -> None:
    entries = [
        _entry("undated-a"),
        _entry("old", DAY - timedelta(days=2)),
        _entry("undated-b"),
        _entry("new", DAY),
        _entry("updated-only", updated=DAY - timedelta(days=1)),
        _entry("same-as-new", DAY),
    ]
    order = [e.title for e in newest_first(entries)]
    assert order == ["new", "same-as-new", "updated-only", "old", "undated-a", "undated-b"]


def test_undated_feeds_keep_their_order() -> None:
    entries = [_entry(str(n)) for n in range(5)]
    assert newest_first(entries) == entries


def test_in_turns_alternates_sources_keeping_each_ones_order() -> None:
    pending = [
        ("big", 1),
        ("big", 2),
        ("big", 3),
        ("big", 4),
        ("small", 1),
        ("other", 1),
        ("small", 2),
    ]
    assert in_turns(pending, key=lambda p: p[0]) == [
        ("big", 1),
        ("small", 1),
        ("other", 1),
        ("big", 2),
        ("small", 2),
        ("big", 3),
        ("big", 4),
    ]
    assert in_turns([], key=lambda p: p) == []
