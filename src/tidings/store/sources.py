"""Feeds Tidings follows: adding, health, schedule, display policy.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from tidings.models import (
    DisplayPolicy,
    ParsedFeed,
    Source,
)

__all__ = ["Sources"]


class Sources(Protocol):
    """Feeds Tidings follows: adding, health, schedule, display policy."""

    def add_source(
        self,
        feed_url: str,
        *,
        now: datetime,
        title: str | None = None,
        display_policy: DisplayPolicy = DisplayPolicy.FULL,
        tags: Sequence[str] = (),
        site_url: str | None = None,
    ) -> Source:
        """Add a feed, or return it unchanged when it is already followed."""
        ...

    def get_source(self, source_id: int) -> Source: ...

    def list_sources(
        self, *, with_counts: bool = True, now: datetime | None = None
    ) -> list[Source]:
        """Every source, oldest first; ``with_counts`` fills article counts and rates."""
        ...

    def sources_by_ids(self, source_ids: Sequence[int]) -> dict[int, Source]:
        """These sources (those that exist), by id, without article counts."""
        ...

    def source_tally(self) -> tuple[int, int]:
        """How many sources there are, and how many of them failed their last check."""
        ...

    def find_source(self, feed_url: str) -> Source | None: ...

    def sources_on_host(self, host: str) -> list[Source]:
        """Sources whose feed URL holds ``host`` in any case (callers compare further)."""
        ...

    def update_feed_url(self, source_id: int, feed_url: str) -> None:
        """Follow a permanent redirect; StoreError when another source has that URL."""
        ...

    def set_source_enabled(
        self, source_id: int, enabled: bool, *, now: datetime, reason: str | None = None
    ) -> None: ...

    def set_source_tags(self, source_id: int, tags: Sequence[str]) -> None: ...

    def set_websub(
        self,
        source_id: int,
        *,
        hub: str | None,
        topic: str | None,
        secret: str | None,
        state: str | None,
        lease_until: datetime | None,
    ) -> None: ...

    def due_sources(self, now: datetime) -> list[Source]:
        """Enabled sources whose next check is due (or never happened)."""
        ...

    def record_feed_success(
        self,
        source_id: int,
        feed: ParsedFeed | None,
        *,
        now: datetime,
        next_check_at: datetime,
        etag: str | None,
        last_modified: str | None,
        interval_minutes: float | None = None,
    ) -> None:
        """Note a good fetch; ``feed`` is None when the server said 304 Not Modified."""
        ...

    def record_feed_failure(
        self,
        source_id: int,
        error: str,
        *,
        now: datetime,
        next_check_at: datetime,
        disable_reason: str | None = None,
    ) -> None:
        """Note a failed check; with ``disable_reason`` the source is also disabled."""
        ...

    def set_display_policy(self, source_id: int, policy: DisplayPolicy) -> None: ...

    def set_source_language(self, source_id: int, language: str | None) -> None:
        """The language assumed for a source's articles that do not tell."""
        ...

    def set_source_about(
        self, source_id: int, *, owner: str | None = None, country: str | None = None
    ) -> None:
        """The operator's owner and country of a source (None: unchanged, "": cleared)."""
        ...
