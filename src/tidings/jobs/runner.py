"""The embedded job runner: scheduled ingest inside the web server's event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from tidings.config import Settings
from tidings.ingest import build_client
from tidings.pipeline import Ingestor
from tidings.store import Repository

log = logging.getLogger(__name__)


async def run_scheduler(
    repository: Repository,
    settings: Settings,
    *,
    clock: Callable[[], datetime],
    rounds: int | None = None,
) -> None:
    """Every tick, check the feeds that are due and fetch the pages they announced.

    Runs until cancelled (or for ``rounds`` rounds, for tests). A failing round is
    logged and the next one goes ahead: one bad feed or a database hiccup never stops
    ingest for good.
    """
    done = 0
    async with build_client(settings) as client:
        ingestor = Ingestor(repository, client, settings, clock=clock)
        while rounds is None or done < rounds:
            try:
                report = await ingestor.run_once()
                if report.sources_checked or report.articles_extracted or report.articles_failed:
                    log.info(
                        "ingest: %d feeds checked (%d failed), %d new articles, "
                        "%d extracted, %d failed",
                        report.sources_checked,
                        report.sources_failed,
                        report.new_articles,
                        report.articles_extracted,
                        report.articles_failed,
                    )
            except Exception:
                log.exception("ingest round failed; trying again next tick")
            done += 1
            if rounds is None or done < rounds:
                await asyncio.sleep(settings.scheduler_tick_seconds)
