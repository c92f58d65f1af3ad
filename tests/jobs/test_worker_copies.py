"""The copy lock ``tidings worker`` processes share (issue #19 point 2): a worker killed
right after storing an original must not leave the next worker unaware of it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tidings.ingest import article_id
from tidings.jobs.worker_copies import SharedCopyLock
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import (
    NewEntry,
    SqlRepository,
    create_store_engine,
    migrate,
    repository_for_engine,
)
from tidings.stories import text_keys

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
BODY = (
    "The harbour authority of Westmarch said on Tuesday that the new ferry line will start "
    "in March, with four crossings a day and a fifth in summer. The mayor welcomed the plan "
    "and said the town had waited twenty years for it. Tickets go on sale next month."
)


@pytest.fixture
def repo(postgres_url: str) -> Iterator[SqlRepository]:
    engine = create_store_engine(postgres_url)
    migrate(engine)
    yield repository_for_engine(engine)
    engine.dispose()


def _pending(repo: SqlRepository, url: str) -> str:
    source = repo.sources.add_source("https://wire.example/feed", now=NOW, title="Wire")
    aid = article_id(url)
    repo.articles.add_entries(
        source.id, [NewEntry(aid, url, FeedEntry(url=url, title="Ferry"))], now=NOW
    )
    return aid


def _lock(repo: SqlRepository) -> SharedCopyLock:
    lock = SharedCopyLock(repo.engine, lambda: NOW)
    lock.tracker = type(lock.tracker)(lambda since: [])  # a window loaded when it was empty
    return lock


async def _store_and_die(lock: SharedCopyLock, repo: SqlRepository, aid: str) -> None:
    """Check and store ``aid`` as an original under the lock, then lose the process: its
    session ends (the server frees the lock) before anything else is said."""
    async with lock.hold(aid):
        check = lock.tracker.check(aid, text_keys(BODY), NOW)
        assert check.original is None
        extracted = ExtractedArticle(title="Ferry", text=BODY, html=f"<p>{BODY}</p>")
        repo.articles.save_extraction(
            aid,
            extracted,
            now=NOW,
            content_hash=check.content_hash,
            fingerprint=check.fingerprint,
        )
        assert lock._conn is not None
        driver: Any = lock._conn.connection.driver_connection
        driver.close()  # SIGKILL, as the server sees it: the session is gone


def test_the_next_worker_knows_an_original_whose_worker_died_after_storing_it(
    repo: SqlRepository,
) -> None:
    first, second = _lock(repo), _lock(repo)
    original = _pending(repo, "https://wire.example/ferry")
    copy = _pending(repo, "https://paper.example/ferry")

    async def run() -> str | None:
        async with second.hold("0" * 32):  # the second worker is up and listening
            pass
        await _store_and_die(first, repo, original)
        async with second.hold(copy):
            return second.tracker.check(copy, text_keys(BODY), NOW).original

    try:
        assert asyncio.run(run()) == original
    finally:
        first.close()
        second.close()


def test_a_worker_is_not_told_of_its_own_articles(repo: SqlRepository) -> None:
    lock = _lock(repo)

    async def run() -> list[str]:
        for aid in ("1" * 32, "2" * 32):
            async with lock.hold(aid):
                pass
        await asyncio.to_thread(lambda: lock._conn.exec_driver_sql("SELECT 1"))  # type: ignore[union-attr]
        return list(lock._told)

    try:
        assert asyncio.run(run()) == []
    finally:
        lock.close()
