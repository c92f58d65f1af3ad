"""The sources half of the repository: feeds, their health, WebSub state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, or_, select, update

from tidings.errors import NotFound, StoreError
from tidings.models import (
    DisplayPolicy,
    ParsedFeed,
    Source,
)
from tidings.store.schema import (
    articles,
    sources,
)
from tidings.store.sql_base import SqlBase

_DESCRIPTION_CHARS = 1000  # a feed's description is a line or two; some paste an essay
# Every page that names outlets runs this: built once, so its cache key is kept.
_SOURCE_TALLY = select(
    func.count(),
    func.sum(case((func.coalesce(sources.c.last_error, "") != "", 1), else_=0)),
)
_SOURCES_BY_IDS = select(sources).where(sources.c.id.in_(bindparam("source_ids", expanding=True)))


class SourceQueries(SqlBase):
    """Reading and writing ``sources``."""

    # -- sources ---------------------------------------------------------------------------

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
        stmt = self._insert_ignoring_conflicts(sources).values(
            feed_url=feed_url,
            title=title,
            site_url=site_url,
            display_policy=display_policy.value,
            tags=list(tags),
            created_at=now,
            next_check_at=now,
        )
        with self._begin() as conn:
            conn.execute(stmt)
            row = conn.execute(select(sources).where(sources.c.feed_url == feed_url)).one()
        return self._source(row._mapping, 0)

    def get_source(self, source_id: int) -> Source:
        with self._connect() as conn:
            row = conn.execute(select(sources).where(sources.c.id == source_id)).one_or_none()
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            count = conn.execute(
                select(func.count()).select_from(articles).where(articles.c.source_id == source_id)
            ).scalar_one()
        return self._source(row._mapping, count)

    def list_sources(
        self, *, with_counts: bool = True, now: datetime | None = None
    ) -> list[Source]:
        if not with_counts:
            with self._connect() as conn:
                rows = conn.execute(select(sources).order_by(sources.c.id)).all()
            return [self._source(row._mapping, 0) for row in rows]
        week_ago = (now or datetime.now(UTC)) - timedelta(days=7)
        recent = func.sum(case((articles.c.discovered_at >= week_ago, 1), else_=0))
        counts = (
            select(articles.c.source_id, func.count().label("n"), recent.label("week"))
            .group_by(articles.c.source_id)
            .subquery()
        )
        stmt = (
            select(
                sources,
                func.coalesce(counts.c.n, 0).label("article_count"),
                func.coalesce(counts.c.week, 0).label("articles_week"),
            )
            .outerjoin(counts, counts.c.source_id == sources.c.id)
            .order_by(sources.c.id)
        )
        with self._connect() as conn:
            rows = conn.execute(stmt).all()
        return [
            self._source(row._mapping, row.article_count, float(row.articles_week) / 7)
            for row in rows
        ]

    def sources_by_ids(self, source_ids: Sequence[int]) -> dict[int, Source]:
        """These sources (those that exist), by id, without article counts: a page that
        shows a few outlets reads those, not the whole list."""
        wanted = sorted(set(source_ids))
        if not wanted:
            return {}
        with self._connect() as conn:
            rows = conn.execute(_SOURCES_BY_IDS, {"source_ids": wanted}).all()
        return {row.id: self._source(row._mapping, 0) for row in rows}

    def source_tally(self) -> tuple[int, int]:
        """How many sources there are, and how many of them failed their last check (an
        error is kept): one aggregate row, for a page that says so without listing them."""
        with self._connect() as conn:
            total, failing = conn.execute(_SOURCE_TALLY).one()
        return int(total), int(failing or 0)

    def find_source(self, feed_url: str) -> Source | None:
        with self._connect() as conn:
            row = conn.execute(select(sources).where(sources.c.feed_url == feed_url)).one_or_none()
        return None if row is None else self._source(row._mapping, 0)

    def sources_on_host(self, host: str) -> list[Source]:
        """Sources whose feed URL holds ``host`` in any case (a superset of those on it:
        the caller compares the URLs it cares about)."""
        needle = host.lower()
        with self._connect() as conn:
            rows = conn.execute(
                select(sources)
                .where(func.lower(sources.c.feed_url).contains(needle, autoescape=True))
                .order_by(sources.c.id)
            ).all()
        return [self._source(row._mapping, 0) for row in rows]

    def update_feed_url(self, source_id: int, feed_url: str) -> None:
        with self._begin() as conn:
            taken = conn.execute(
                select(sources.c.id).where(sources.c.feed_url == feed_url)
            ).scalar_one_or_none()
            if taken is not None and taken != source_id:
                raise StoreError(f"{feed_url} is already followed as source {taken}")
            conn.execute(update(sources).where(sources.c.id == source_id).values(feed_url=feed_url))

    def set_source_enabled(
        self, source_id: int, enabled: bool, *, now: datetime, reason: str | None = None
    ) -> None:
        values: dict[str, Any] = {
            "enabled": enabled,
            "disabled_reason": None if enabled else reason,
        }
        if enabled:
            values.update(error_count=0, next_check_at=now)
        with self._begin() as conn:
            result = conn.execute(update(sources).where(sources.c.id == source_id).values(**values))
            if result.rowcount == 0:
                raise NotFound(f"no source with id {source_id}")

    def set_source_tags(self, source_id: int, tags: Sequence[str]) -> None:
        with self._begin() as conn:
            conn.execute(update(sources).where(sources.c.id == source_id).values(tags=list(tags)))

    def set_websub(
        self,
        source_id: int,
        *,
        hub: str | None,
        topic: str | None,
        secret: str | None,
        state: str | None,
        lease_until: datetime | None,
    ) -> None:
        with self._begin() as conn:
            conn.execute(
                update(sources)
                .where(sources.c.id == source_id)
                .values(
                    websub_hub=hub,
                    websub_topic=topic,
                    websub_secret=secret,
                    websub_state=state,
                    websub_lease_until=lease_until,
                )
            )

    def due_sources(self, now: datetime) -> list[Source]:
        stmt = (
            select(sources)
            .where(sources.c.enabled.is_(True))
            .where(or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= now))
            .order_by(sources.c.next_check_at, sources.c.id)
        )
        with self._connect() as conn:
            return [self._source(row._mapping, 0) for row in conn.execute(stmt)]

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
        values: dict[str, Any] = {
            "last_checked_at": now,
            "last_success_at": now,
            "next_check_at": next_check_at,
            "last_error": None,
            "error_count": 0,
            "etag": etag,
            "last_modified": last_modified,
        }
        if interval_minutes is not None:
            values["poll_interval_minutes"] = interval_minutes
        if feed is not None:
            values["feed_format"] = feed.version or feed.format
            if feed.description:  # the publisher's own words, kept current
                values["description"] = feed.description[:_DESCRIPTION_CHARS]
            # Only fill what the operator has not set; feeds change titles rarely and badly.
            with self._connect() as conn:
                current = conn.execute(
                    select(
                        sources.c.title, sources.c.site_url, sources.c.icon_url, sources.c.language
                    ).where(sources.c.id == source_id)
                ).one_or_none()
            if current is None:
                raise NotFound(f"no source with id {source_id}")
            for column, value in (
                ("title", feed.title),
                ("site_url", feed.site_url),
                ("icon_url", feed.icon_url),
                ("language", feed.language),
            ):
                if value and not getattr(current, column):
                    values[column] = value
        with self._begin() as conn:
            conn.execute(update(sources).where(sources.c.id == source_id).values(**values))

    def record_feed_failure(
        self,
        source_id: int,
        error: str,
        *,
        now: datetime,
        next_check_at: datetime,
        disable_reason: str | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "last_checked_at": now,
            "last_error": error[:2000],
            "last_error_at": now,
            "error_count": sources.c.error_count + 1,
            "next_check_at": next_check_at,
        }
        if disable_reason is not None:
            values.update(enabled=False, disabled_reason=disable_reason[:2000])
        with self._begin() as conn:
            conn.execute(update(sources).where(sources.c.id == source_id).values(**values))

    def set_display_policy(self, source_id: int, policy: DisplayPolicy) -> None:
        with self._begin() as conn:
            result = conn.execute(
                update(sources).where(sources.c.id == source_id).values(display_policy=policy.value)
            )
            if result.rowcount == 0:
                raise NotFound(f"no source with id {source_id}")

    def set_source_language(self, source_id: int, language: str | None) -> None:
        """The language assumed for a source's articles that state none and whose text is
        too short to tell (None: the feed's, when it says)."""
        with self._begin() as conn:
            result = conn.execute(
                update(sources).where(sources.c.id == source_id).values(language=language)
            )
            if result.rowcount == 0:
                raise NotFound(f"no source with id {source_id}")

    def set_source_about(
        self, source_id: int, *, owner: str | None = None, country: str | None = None
    ) -> None:
        """Who owns a source and its country (ISO 3166-1 alpha-2, upper case), as the
        operator says; ``None`` leaves a field as it is, ``""`` clears it."""
        values: dict[str, Any] = {}
        if owner is not None:
            values["owner"] = owner.strip() or None
        if country is not None:
            values["country"] = country.strip().upper() or None
        with self._begin() as conn:
            query = update(sources).where(sources.c.id == source_id)
            result = conn.execute(query.values(**values) if values else query.values(id=source_id))
            if result.rowcount == 0:
                raise NotFound(f"no source with id {source_id}")

    @staticmethod
    def _source(row: Mapping[str, Any], article_count: int, per_day: float = 0.0) -> Source:
        return Source(
            id=row["id"],
            feed_url=row["feed_url"],
            title=row["title"],
            site_url=row["site_url"],
            icon_url=row["icon_url"],
            language=row["language"],
            display_policy=DisplayPolicy(row["display_policy"]),
            enabled=bool(row["enabled"]),
            last_checked_at=row["last_checked_at"],
            last_success_at=row["last_success_at"],
            next_check_at=row["next_check_at"],
            last_error=row["last_error"],
            last_error_at=row["last_error_at"],
            error_count=row["error_count"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            article_count=article_count,
            tags=tuple(row["tags"] or ()),
            feed_format=row["feed_format"],
            poll_interval_minutes=row["poll_interval_minutes"],
            disabled_reason=row["disabled_reason"],
            articles_per_day=per_day,
            websub_hub=row["websub_hub"],
            websub_topic=row["websub_topic"],
            websub_secret=row["websub_secret"],
            websub_state=row["websub_state"],
            websub_lease_until=row["websub_lease_until"],
            description=row["description"],
            owner=row["owner"],
            country=row["country"],
        )
