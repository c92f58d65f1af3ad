"""Where ingest spends its time: wraps named functions and sums their calls' time.

For the benchmark only (``ingest_scale.py --stages``). Each wrapped function counts its
calls, the wall time inside them and, for plain functions, the CPU time of the calling
thread. Calls that run concurrently overlap, so wall times do not add up to the run; CPU
times of nested stages are included in the stage that calls them. Targets that do not exist
in this version of Tidings are skipped.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["StageTimer", "install"]

# (module, attribute path) in the order they appear in a run.
TARGETS = (
    ("tidings.ingest.fetch", "Fetcher.fetch_feed"),
    ("tidings.pipeline.ingestor", "parse_feed"),
    ("tidings.ingest.fetch", "Fetcher.fetch_page"),
    ("tidings.pipeline.ingestor", "extract_page"),
    ("tidings.pipeline.copy_tracker", "CopyTracker.check"),
    ("tidings.store.sql", "SqlArticles.pending_articles"),
    ("tidings.store.sql", "SqlArticles.claim_urls"),
    ("tidings.store.sql", "SqlArticles.save_extraction"),
    ("tidings.pipeline.story_stage", "StoryStage.run"),
    ("tidings.pipeline.story_stage", "StoryStage._ready"),
    ("tidings.pipeline.story_stage", "StoryStage._vectors"),
    ("tidings.enrich.embeddings", "Embedder._encode"),
    ("tidings.stories.cluster", "StoryClusterer.assign"),
    ("tidings.store.vectors", "VectorIndex.search"),
    ("tidings.store.vectors", "VectorIndex.add"),
    ("tidings.pipeline.story_stage", "related_candidates"),
    ("tidings.store.sql", "SqlStories.article_facts"),
    ("tidings.store.sql", "SqlStories.save_placements"),
    ("tidings.store.sql", "SqlStories.save_vectors"),
)


@dataclass
class StageTimer:
    """Calls, wall seconds and CPU seconds per wrapped function."""

    totals: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, wall: float, cpu: float) -> None:
        with self.lock:
            row = self.totals.setdefault(name, [0, 0.0, 0.0])
            row[0] += 1
            row[1] += wall
            row[2] += cpu

    def table(self) -> list[tuple[str, int, float, float]]:
        """(name, calls, wall s, CPU s) in the order of ``TARGETS``."""
        order = [path for _, path in TARGETS]
        rows = sorted(self.totals.items(), key=lambda kv: order.index(kv[0]))
        return [(name, int(c), wall, cpu) for name, (c, wall, cpu) in rows]


def _wrap(timer: StageTimer, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            finally:
                timer.add(name, time.perf_counter() - start, 0.0)

        return timed_async

    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            timer.add(name, time.perf_counter() - start, time.thread_time() - cpu)

    return timed


def install() -> StageTimer:
    """Wrap every target that exists; return the timer that collects their times."""
    timer = StageTimer()
    for module_name, path in TARGETS:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *parents, attribute = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        func = getattr(owner, attribute, None) if owner is not None else None
        if callable(func):
            setattr(owner, attribute, _wrap(timer, path, func))
    return timer
