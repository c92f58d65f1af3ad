"""Search at size (issue #19 point 5): 1–3 word queries with filters, p50 and p95.

The store is a cached ``serving_store`` store (SQLite or PostgreSQL). ``QUERIES`` queries
of one, two and three words (a third each; see ``queries``), each with filters the search
page offers: an outlet, a category, a language, the last week, or two of them together.
Two passes, each query once: the first (cold) is reported apart; the second (warm) counts.

- *store call*: ``search(SearchQuery(...))`` in this process, the page's first-page call
  (``limit`` = page size + 1);
- *search page*: ``GET /en/search?q=...`` over HTTP from ``tidings run`` on the same store
  (its own process, the page cache off so every request searches; one request at a
  time), with the peak resident memory of the server's processes when done.

    .venv/bin/python benchmarks/search_scale.py DATA_DIR [QUERIES]
"""

from __future__ import annotations

import math
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import bindparam, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.serving_scale import cpu_model, tidings_server  # noqa: E402
from benchmarks.serving_store import OUTLETS, database_url, sample_ids  # noqa: E402
from tidings.config import Settings  # noqa: E402
from tidings.enrich.categories import CATEGORY_SLUGS  # noqa: E402
from tidings.store import create_store_engine, open_repository  # noqa: E402
from tidings.store.search import SearchQuery  # noqa: E402

QUERIES = 90
PAGE = 30  # the default page size: the page asks for one more
TARGET_P95_MS = 50.0
_WORD = re.compile(r"[A-Za-z0-9]{3,}")
_SKIP = {"the", "for", "what", "means", "says", "are", "hit", "as", "in", "plans", "decision"}
_COMMON = ("budget", "residents", "inquiry", "agency", "harbour", "council", "figures")


@dataclass(frozen=True, slots=True)
class Asked:
    """One query: its words, and its filters as the store and the page take them."""

    words: str
    filters: dict[str, Any]
    params: dict[str, str]


def queries(data_dir: Path, count: int = QUERIES, *, seed: int = 19) -> list[Asked]:
    """``count`` queries, a third each of one, two and three words, filters in turn.

    The words come from the headlines of articles spread over the archive (people,
    places, organisations, numbers, things, verbs), so most queries find something; one
    query in four has a word of the bodies' common sentences instead of its first."""
    rng = random.Random(seed)
    titles = _titles(data_dir, sample_ids(data_dir, count, seed=seed))
    week = (datetime.now(UTC) - timedelta(days=7)).date()
    asked = []
    for n in range(count):
        usable = [w for w in _WORD.findall(titles[n % len(titles)]) if w.casefold() not in _SKIP]
        words = rng.sample(usable, min(1 + n % 3, len(usable)))
        if n % 4 == 3:
            words[0] = rng.choice(_COMMON)
        outlet = 1 + rng.randrange(OUTLETS)
        category = rng.choice(CATEGORY_SLUGS)
        choice = (n // 3) % 6
        filters: dict[str, Any] = {}
        params: dict[str, str] = {}
        if choice in (0, 4):
            filters["source_id"], params["source"] = outlet, str(outlet)
        if choice in (1, 5):
            filters["category"], params["category"] = category, category
        if choice in (2, 5):
            filters["language"], params["language"] = "en", "en"
        if choice in (3, 4):
            filters["since"] = datetime(week.year, week.month, week.day, tzinfo=UTC)
            params["since"] = week.isoformat()
        asked.append(Asked(" ".join(words), filters, params))
    return asked


def _titles(data_dir: Path, ids: list[str]) -> list[str]:
    engine = create_store_engine(
        Settings(data_dir=data_dir, database_url=database_url(data_dir)).sqlalchemy_url
    )
    with engine.connect() as conn:
        found: dict[str, str] = dict(
            conn.execute(
                text("SELECT id, title FROM articles WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": ids},
            ).all()
        )
    engine.dispose()
    return [found[i] for i in ids]


def _p95(took: list[float]) -> float:
    return sorted(took)[math.ceil(0.95 * len(took)) - 1]


def _row(name: str, took: list[float]) -> str:
    p95 = _p95(took)
    return (
        f"| {name} | {len(took)} | {statistics.median(took):.1f} | {p95:.1f} | "
        f"{max(took):.1f} | {'yes' if p95 <= TARGET_P95_MS else 'NO'} |"
    )


def store_rows(data_dir: Path, asked: list[Asked]) -> list[str]:
    """The store's ``search`` per query, cold then warm; rows by word count."""
    settings = Settings(
        data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir)
    )
    repo = open_repository(settings)
    took: dict[str, list[float]] = {}
    hits = 0
    for lap in ("cold", "warm"):
        for a in asked:
            start = time.perf_counter()
            found = repo.search.search(SearchQuery(text=a.words, limit=PAGE + 1, **a.filters))
            ms = (time.perf_counter() - start) * 1000
            took.setdefault(lap, []).append(ms)
            if lap == "warm":
                took.setdefault(f"{len(a.words.split())} word(s)", []).append(ms)
                hits += bool(found)
    repo.engine.dispose()
    print(f"store call: {hits} of {len(asked)} queries found something")
    return [_row(f"store call, {name}", values) for name, values in took.items()]


def page_rows(data_dir: Path, asked: list[Asked]) -> tuple[list[str], list[float]]:
    """``/en/search`` per query over HTTP, cold then warm, and the server's peak memory."""
    took: dict[str, list[float]] = {}
    peaks: list[float] = []
    with (
        tidings_server(data_dir, page_cache_seconds=0, peaks=peaks) as port,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client,
    ):
        for lap in ("cold", "warm"):
            for a in asked:
                start = time.perf_counter()
                client.get("/en/search", params={"q": a.words, **a.params}).raise_for_status()
                took.setdefault(lap, []).append((time.perf_counter() - start) * 1000)
    return [_row(f"search page, {name}", values) for name, values in took.items()], peaks


def main(data_dir: Path, count: int = QUERIES) -> None:
    asked = queries(data_dir, count)
    kind = "PostgreSQL" if database_url(data_dir) else "SQLite"
    load = os.getloadavg()
    print(
        f"{cpu_model()}, {os.cpu_count()} cores; {kind} store {data_dir.name}; {count} queries, "
        f"one at a time; load average before {load[0]:.2f} {load[1]:.2f}"
    )
    rows = store_rows(data_dir, asked)
    print(f"load average after the store calls {os.getloadavg()[0]:.2f}")
    page, peaks = page_rows(data_dir, asked)
    print(f"load average after the pages {os.getloadavg()[0]:.2f}")
    print(f"web process peak RSS (MB, server then children): {[round(p) for p in peaks]}\n")
    print(f"| what | n | p50 ms | p95 ms | max ms | p95 ≤ {TARGET_P95_MS:.0f} ms |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows + page))


if __name__ == "__main__":
    given = sys.argv[1:]
    if not given:
        raise SystemExit(__doc__)
    main(Path(given[0]), int(given[1]) if len(given) > 1 else QUERIES)
