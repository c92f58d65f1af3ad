"""A million articles on both databases (issue #19 point 5), behind ``BENCH_MILLION=1``.

For SQLite and then PostgreSQL: the store built by ``serving_store.cached_store`` (its
seconds, and its size on disk per article), then on it

- search, 1–3 word queries with filters: the store call and the page
  (``search_scale.py``);
- the Google Reader API's ``stream/items/ids`` and ``items/contents`` (``greader_bench.py``);
- the article and home pages under load from another process (``serving_scale.py``), with
  the peak resident memory of each web process that served them;

and, once, story assignment by the size of the history (``story_scale.py``: 10k against
1M). ``BENCH_MILLION_ARTICLES`` changes the size (default 1,000,000),
``BENCH_MILLION_DATABASES`` the databases (default ``sqlite,postgresql``).

    BENCH_MILLION=1 .venv/bin/python benchmarks/run.py million
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks import greader_bench, search_scale, serving_scale, story_scale  # noqa: E402
from benchmarks.serving_store import cached_store, store_bytes  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_MILLION_ARTICLES", "1000000"))
DATABASES = tuple(os.environ.get("BENCH_MILLION_DATABASES", "sqlite,postgresql").split(","))
BUILD_TARGET_S = 30 * 60
RSS_TARGET_MB = 600.0


def one_database(database: str, count: int = ARTICLES) -> None:
    """Build (or reuse) the store on ``database`` and run every measurement on it."""
    load = os.getloadavg()
    folder, seconds = cached_store(count, postgres=database == "postgresql")
    size = store_bytes(folder)
    built = (
        f"built in {seconds:.0f} s ({'within' if seconds <= BUILD_TARGET_S else 'OVER'} "
        f"{BUILD_TARGET_S // 60} min; load average before {load[0]:.2f}, after "
        f"{os.getloadavg()[0]:.2f})"
        if seconds
        else "cached"
    )
    print(
        f"\n### {database}, {count:,} articles: {folder}, {built}; {size / 2**30:.2f} GiB, "
        f"{size / count / 1024:.1f} KiB an article\n"
    )
    print("Search (benchmarks/search_scale.py):\n")
    search_scale.main(folder)
    print("\nGoogle Reader API (benchmarks/greader_bench.py):\n")
    greader_bench.main(count, 100, str(folder))
    print("\nArticle and home pages under load (benchmarks/serving_scale.py):\n")
    peaks: list[float] = []
    bare: list[float] = []
    rows = serving_scale.measure(count, folder, bare, peaks)
    print("\n" + serving_scale.HEADER)
    for name, result in rows:
        print(serving_scale._row(name, result, bare[0]))
    top = max(peaks, default=0.0)
    print(
        f"\nweb processes' peak RSS (MB): {[round(p) for p in peaks]}; the largest {top:.0f} "
        f"({'within' if top <= RSS_TARGET_MB else 'OVER'} {RSS_TARGET_MB:.0f} MB)"
    )


def main() -> None:
    for database in DATABASES:
        one_database(database)
    print("\nStory assignment by the size of the history (benchmarks/story_scale.py):\n")
    story_scale.main()


if __name__ == "__main__":
    main()
