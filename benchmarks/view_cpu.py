"""CPU a rendered view costs, in-process, with the page cache off (issue #19 point 4).

The bench store of ``serving_store`` (10k articles by default), ``create_app`` with
``page_cache_seconds=0`` and Starlette's ``TestClient``; process CPU time per view
(``time.process_time``, the test client's side included), which a shared machine's other
work disturbs less than requests per second. Rows:

- ``first``: article pages never viewed before. The AI outputs any earlier run stored are
  dropped first (``forget_new_ai_outputs``); with ``--ingest-key-points`` their key points
  are made and stored first as the story stage makes them (that CPU per article is printed
  too), so the code before that change makes them on the view instead;
- ``stored``: article pages whose key points the build stored (``sample_ids``; with
  ``--ingest-key-points`` their bodies are anchored and stored first, as the stage does);
- ``home``: the home page.

Run it once per code tree, alternating, e.g.
``PYTHONPATH=<tree>/src:. .venv/bin/python benchmarks/view_cpu.py --round 1``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, os.getcwd())

from benchmarks.serving_store import (
    cached_store,
    forget_new_ai_outputs,
    sample_ids,
)
from benchmarks.store_prep import made_at_ingest
from tidings.config import Settings
from tidings.store import open_repository


def _never_viewed(folder: Path, count: int, seed: int) -> list[str]:
    """Articles with text whose key points the build did not make."""
    kept = set(sample_ids(folder))
    with sqlite3.connect(folder / "tidings.db") as db:
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY sort_time, id")]
    return random.Random(seed).sample([i for i in ids if i not in kept], count)


def _keep_key_points(folder: Path, settings: Settings, ids: list[str]) -> None:
    """Key points of these articles stored as the build stores them (made then, so that
    ``forget_new_ai_outputs`` keeps them), where a run or a view dropped or replaced them."""
    from tidings.pipeline.ai_cache import StoreAiCache
    from tidings.web.ai.panel import article_ai

    made = datetime.fromisoformat((folder / "complete").read_text().strip()).replace(tzinfo=UTC)
    repo = open_repository(settings, run_migrations=False)
    cache = StoreAiCache(repo, lambda: made)
    for article in repo.articles.articles_by_ids(ids):
        article_ai(article, settings, cache, lang="en", now=made, full=False)
    repo.engine.dispose()


def _per_view(fn: Callable[[int], object], count: int) -> float:
    """Milliseconds of process CPU per call, after one call not counted."""
    fn(0)
    start = time.process_time()
    for n in range(count):
        fn(n)
    return (time.process_time() - start) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/p4cache"))
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--round", type=int, default=0, help="picks other first-view articles")
    parser.add_argument("--views", type=int, default=100)
    parser.add_argument("--rows", default="first,stored,home")
    parser.add_argument("--ingest-key-points", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    folder, _ = cached_store(args.size, cache=args.cache)
    forget_new_ai_outputs(folder)
    settings = Settings(data_dir=folder, page_cache_seconds=0, starter_sources=False)
    rows = args.rows.split(",")
    result: dict[str, object] = {"label": args.label, "round": args.round}
    result["load_before"] = os.getloadavg()[0]
    first = _never_viewed(folder, args.views + 1, seed=1000 + args.round)
    stored = sample_ids(folder)[:300]  # key points made by the build (a smaller sample differs)
    _keep_key_points(folder, settings, stored)
    if args.ingest_key_points:
        result.update(made_at_ingest(folder, first, made=datetime.now(UTC)))
        if "stored" in rows:  # the stage would have made their bodies too
            made_at_ingest(folder, stored, key_points=False, made=datetime.now(UTC))

    from starlette.testclient import TestClient

    from tidings.web.app import create_app

    with TestClient(create_app(settings)) as client:
        for row in rows:
            if row == "first":
                ms = _per_view(lambda n: client.get(f"/en/article/{first[n]}"), args.views)
            elif row == "stored":
                ms = _per_view(
                    lambda n: client.get(f"/en/article/{stored[n % len(stored)]}"), args.views
                )
            else:
                ms = _per_view(lambda n: client.get("/en/"), max(args.views // 2, 20))
            result[row] = round(ms, 3)
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
