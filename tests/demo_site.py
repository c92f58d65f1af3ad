"""The demo publisher on a free port, ingested into a fresh store: shared by e2e and browser tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.servers import ThreadedServer
from tidings.config import Settings
from tidings.demo import create_publisher_app, feed_urls
from tidings.ingest import build_client
from tidings.models import Article
from tidings.pipeline import Ingestor, IngestReport
from tidings.store import SqlRepository, open_repository


class DemoClock:
    """The demo publisher's clock, which tests move forward to release held-back articles."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class DemoSite:
    settings: Settings
    repository: SqlRepository
    publisher: ThreadedServer
    clock: DemoClock
    first_report: IngestReport
    release_interval: float

    def ingest(self) -> IngestReport:
        return ingest_all(self.repository, self.settings)

    def bridge_report(self) -> Article:
        """The Harbour Herald's Calder Bridge report (38,000 vehicles a day, closed at five
        o'clock): the article most page, panel and brief tests start from."""
        return next(
            a
            for a in self.repository.articles.latest_articles(limit=1000)
            if "38,000 vehicles" in (a.text or "")
        )


def ingest_all(repository: SqlRepository, settings: Settings) -> IngestReport:
    async def go() -> IngestReport:
        async with build_client(settings) as client:
            return await Ingestor(repository, client, settings).run_once(all_sources=True)

    return asyncio.run(go())


@contextmanager
def demo_site(data_dir: Path, *, release_interval: float = 600.0) -> Iterator[DemoSite]:
    clock = DemoClock()
    app = create_publisher_app(release_interval=release_interval, clock=clock)
    with ThreadedServer(app, lifespan="off") as publisher:
        settings = Settings(
            data_dir=data_dir,
            starter_sources=False,
            fetch_timeout=10.0,
            allowed_networks=["127.0.0.0/8"],
            per_host_delay_seconds=0.0,
        )
        repository = open_repository(settings)
        for url in feed_urls(publisher.base):
            repository.sources.add_source(url, now=clock.now)
        report = ingest_all(repository, settings)
        yield DemoSite(settings, repository, publisher, clock, report, release_interval)
        repository.engine.dispose()
