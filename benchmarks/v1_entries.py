"""``/v1/entries?limit=100`` at size (issue #18 point 7): p50 and p95 over real HTTP.

The store is the Google Reader bench's (``greader_bench.prepare``: synthetic articles
written through the real schema, 50 outlets, item ids in crawl order; one reader follows
every outlet, ten in a folder, has read a tenth of the articles and starred one in 500).
``tidings run`` serves the site in its own process on 127.0.0.1 (as the Google Reader
bench does); the client sends the requests one at a time with an app password. Beside
each HTTP row, the baseline: the same store call (``SqlReaderState.entries``, the same
SQL) alone in this process, no HTTP.

    .venv/bin/python -m benchmarks.v1_entries [ARTICLES] [REQUESTS] [KEEP_DIR]

With ``KEEP_DIR`` the store is built there once and reused by later runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from benchmarks.greader_bench import _store
from benchmarks.serving_scale import tidings_server
from tidings.accounts.reader_state import EntryFilter
from tidings.api.ids import folder_number
from tidings.config import Settings
from tidings.store import SqlReaderState, open_repository

QUERIES = {
    "default (published_at asc)": "/v1/entries?limit=100",
    "newest unread": "/v1/entries?limit=100&status=unread&direction=desc",
    "one category, newest": "/v1/entries?limit=100&category_id={folder}&direction=desc",
    "starred": "/v1/entries?limit=100&starred=true",
}


# The same lists as store calls (the baseline: the SQL alone, no HTTP, no JSON).
FILTERS: dict[str, Callable[[list[int]], EntryFilter]] = {
    "default (published_at asc)": lambda desk: EntryFilter(),
    "newest unread": lambda desk: EntryFilter(read=False, descending=True),
    "one category, newest": lambda desk: EntryFilter(source_ids=desk, descending=True),
    "starred": lambda desk: EntryFilter(starred=True),
}


def _percentiles(took: list[float]) -> tuple[float, float]:
    took = sorted(took)
    return statistics.median(took), took[max(0, int(len(took) * 0.95) - 1)]


def _store_rows(data_dir: Path, user_id: int, requests: int) -> list[str]:
    repo = open_repository(Settings(data_dir=data_dir, starter_sources=False))
    state = SqlReaderState(repo.engine)
    desk = [s.source_id for s in state.subscriptions(user_id) if s.folder == "Desk"]
    rows = []
    for name, make in FILTERS.items():
        query = make(desk)
        state.entries(user_id, query)
        took = []
        for _ in range(requests):
            start = time.perf_counter()
            state.entries(user_id, query)
            took.append((time.perf_counter() - start) * 1000)
        p50, p95 = _percentiles(took)
        rows.append(f"| {name} | store call alone | | {p50:.1f} | {p95:.1f} |")
    repo.engine.dispose()
    return rows


def main(count: int = 100_000, requests: int = 200, keep: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="v1-bench-") as tmp:
        data_dir = Path(keep) if keep else Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        password, user_id, built = _store(data_dir, count)
        print(
            f"{count} articles, store built in {built:.0f} s (0: reused); {requests} requests "
            f"each; load average {os.getloadavg()[0]:.2f}"
        )
        print("| query | how | total | p50 ms | p95 ms |\n|---|---|---|---|---|")
        folder = folder_number("Desk")
        with (
            tidings_server(data_dir) as port,
            httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                headers={"X-Auth-Token": password},
                timeout=60,
            ) as client,
        ):
            for name, path in QUERIES.items():
                url = path.format(folder=folder)
                first = client.get(url)
                first.raise_for_status()
                took = []
                for _ in range(requests):
                    start = time.perf_counter()
                    client.get(url).raise_for_status()
                    took.append((time.perf_counter() - start) * 1000)
                p50, p95 = _percentiles(took)
                print(f"| {name} | HTTP | {first.json()['total']} | {p50:.1f} | {p95:.1f} |")
        print("\n".join(_store_rows(data_dir, user_id, requests)))
        print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    given = sys.argv[1:]
    main(
        int(given[0]) if given else 100_000,
        int(given[1]) if len(given) > 1 else 200,
        given[2] if len(given) > 2 else None,
    )
