"""``make bench``: ingest and page-serving numbers on this machine, with a bare baseline.

1. Ingest: the demo publisher on 127.0.0.1, every released article fetched, extracted and
   stored in a fresh SQLite store (articles/s, peak memory).
2. Extraction alone on the same pages (pages/s).
3. Serving: Tidings (uvicorn, one worker, its own process) answers the home and an
   article page under concurrent load from this process; a bare Starlette app returning
   the same bytes, in the same run, is the baseline.
4. Story assignment at 10k, 100k and 1M stored articles (``story_scale.py``).
5. Embedding throughput against bare sentence-transformers (``embedding_speed.py``).
6. Ingest of 2,000 generated pages with stories and copies, against a bare rate
   (``ingest_scale.py``).
7. The article page's AI panel: key points and one answer on a 1,000-word article
   (``ai_panel.py``).
8. Enrichment cost per article: language, category, hashtags (``enrich_speed.py``).
9. The article and home pages with 10k and 100k stored articles under load from another
   process, against a bare page (``serving_scale.py``).
10. What the multilingual step costs per article: its embedding against the bare library,
    and its part of story assignment (``multilingual_cost.py``).
11. The reader apps at 100,000 stored articles: GReader ``stream/items/ids`` for 10,000
    ids and ``items/contents`` for 150 items (``greader_bench.py``), ``/v1/entries`` with
    Miniflux's filters (``v1_entries.py``), one store for both; ``BENCH_READER_ARTICLES``
    changes the size.
12. Soak: mixed traffic (pages, feeds, search, signed-in readers, comments) at 80% of its
    measured peak for 10 minutes while ingest runs; 5xx and memory growth (``soak.py``;
    ``BENCH_SOAK_SECONDS`` shortens it).
13. Ingest by ``tidings worker`` processes against PostgreSQL, one worker and then two, on
    the bulk publisher's pages: articles/s, the ratio, CPU seconds and use of the workers
    and their story processes (``worker_scale.py``; ``BENCH_WORKER_ARTICLES``, default
    2,000, changes the size, ``BENCH_POSTGRES_URL`` the server where it makes and drops
    its databases).
14. Only with ``BENCH_MILLION=1`` (or when named): a million articles on SQLite and on
    PostgreSQL, each built through the real schema and timed, with its size per article,
    search with filters, the GReader ids, the pages' peak memory, and story assignment
    at 10k against 1M (``million.py``; about 1.5 hours and 25 GB of disk).

``python benchmarks/run.py SECTION ...`` runs only the sections named (``ingest``,
``extraction``, ``serving``, ``story-scale``, ``embedding-speed``, ``ingest-scale``,
``ai-panel``, ``enrich-speed``, ``serving-scale``, ``multilingual``, ``reader-apps``,
``soak``, ``workers``, ``million``);
``serving`` needs the store ``ingest`` fills, so it runs ``ingest`` first.

Numbers go to stdout as a Markdown table; docs/benchmarks.md records them with the machine.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import (  # noqa: E402
    ai_panel,
    embedding_speed,
    enrich_speed,
    extraction_speed,
    greader_bench,
    ingest_scale,
    million,
    multilingual_cost,
    serving_scale,
    soak,
    story_scale,
    v1_entries,
    worker_scale,
)
from benchmarks.memory import peak_rss_mb  # noqa: E402
from benchmarks.servers import free_port, publisher_in_thread, wait_for  # noqa: E402
from tidings.config import Settings  # noqa: E402
from tidings.demo import feed_urls  # noqa: E402
from tidings.extract import extract_article  # noqa: E402
from tidings.ingest import build_client  # noqa: E402
from tidings.pipeline import Ingestor  # noqa: E402
from tidings.store import open_repository  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CONCURRENCY = 16


def bench_ingest(data_dir: Path) -> tuple[dict[str, str], Settings, list[str]]:
    with publisher_in_thread() as base:
        settings = Settings(
            data_dir=data_dir,
            starter_sources=False,
            allowed_networks=["127.0.0.0/8"],
            per_host_delay_seconds=0.0,
        )
        repo = open_repository(settings)
        for url in feed_urls(base):
            repo.sources.add_source(url, now=_now())

        async def ingest() -> tuple[int, float]:
            async with build_client(settings) as client:
                start = time.perf_counter()
                report = await Ingestor(repo, client, settings).run_once(all_sources=True)
                return report.articles_extracted, time.perf_counter() - start

        extracted, seconds = asyncio.run(ingest())
        articles = repo.articles.latest_articles(limit=1000)
        pages = [httpx.get(a.url).text for a in articles]
    start = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        for article, page in zip(articles, pages, strict=True):
            extract_article(page, article.url)
    extract_seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    return (
        {
            "articles ingested": str(extracted),
            "ingest wall time": f"{seconds:.2f} s",
            "ingest rate": f"{extracted / seconds:.1f} articles/s",
            "extraction alone": f"{rounds * len(pages) / extract_seconds:.1f} pages/s",
            "peak memory (bench process)": f"{peak_mb:.0f} MB",
        },
        settings,
        [a.id for a in articles],
    )


async def _load(url: str) -> tuple[float, list[float]]:
    latencies: list[float] = []
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=CONCURRENCY)) as client:
        queue = list(range(REQUESTS))

        async def worker() -> None:
            while queue:
                queue.pop()
                start = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - start)
                response.raise_for_status()

        for _ in range(50):  # warm up
            (await client.get(url)).raise_for_status()
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return time.perf_counter() - start, latencies


def _row(name: str, wall: float, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return (
        f"| {name} | {len(latencies) / wall:.0f} | {statistics.median(ordered) * 1000:.1f} "
        f"| {p99 * 1000:.1f} |"
    )


def bench_serving(settings: Settings, article_id: str) -> list[str]:
    port, bare_port = free_port(), free_port()
    env = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(settings.data_dir),
        "TIDINGS_INGEST_ON_START": "false",
        "TIDINGS_STARTER_SOURCES": "false",
    }
    tidings = subprocess.Popen(
        [sys.executable, "-m", "tidings", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        article_url = f"http://127.0.0.1:{port}/en/article/{article_id}"
        body = httpx.get(article_url).content
        with tempfile.NamedTemporaryFile("wb", suffix=".html", delete=False) as copy:
            copy.write(body)
        bare = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "bare_page.py"), copy.name, str(bare_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{bare_port}/")
            rows = [
                _row(
                    "bare Starlette, same bytes (baseline)",
                    *asyncio.run(_load(f"http://127.0.0.1:{bare_port}/")),
                ),
                _row("Tidings article page", *asyncio.run(_load(article_url))),
                _row("Tidings home page", *asyncio.run(_load(f"http://127.0.0.1:{port}/en/"))),
            ]
        finally:
            bare.terminate()
            bare.wait()
            os.unlink(copy.name)
    finally:
        tidings.terminate()
        tidings.wait()
    return rows


def _now() -> datetime:
    return datetime.now(UTC)


SECTIONS = (
    "ingest",
    "extraction",
    "serving",
    "story-scale",
    "embedding-speed",
    "ingest-scale",
    "ai-panel",
    "enrich-speed",
    "serving-scale",
    "multilingual",
    "reader-apps",
    "soak",
    "workers",
    "million",
)


def main(argv: list[str]) -> None:
    default = set(SECTIONS) - ({"million"} if os.environ.get("BENCH_MILLION") != "1" else set())
    chosen = set(argv) or default
    unknown = chosen - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown section(s) {sorted(unknown)}; choose from {list(SECTIONS)}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    if chosen & {"ingest", "extraction", "serving"}:
        with tempfile.TemporaryDirectory() as tmp:
            if chosen & {"ingest", "serving"}:
                ingest, settings, ids = bench_ingest(Path(tmp))
                print("\n| ingest | value |\n|---|---|")
                for key, value in ingest.items():
                    print(f"| {key} | {value} |")
            if "extraction" in chosen:
                print("\nExtraction on the shared benchmark pages, same decoded text to both:\n")
                extraction_speed.main()
            if "serving" in chosen:
                print(
                    f"\n{REQUESTS} requests, {CONCURRENCY} concurrent, server: uvicorn, 1 worker\n"
                )
                print("| page | requests/s | p50 ms | p99 ms |\n|---|---|---|---|")
                for row in bench_serving(settings, ids[len(ids) // 2]):
                    print(row)
    if "story-scale" in chosen:
        print("\nStory assignment at scale (benchmarks/story_scale.py):\n")
        story_scale.main()
    if "embedding-speed" in chosen:
        print("\nEmbedding throughput (benchmarks/embedding_speed.py):\n")
        embedding_speed.main()
    if "ingest-scale" in chosen:
        print("\nIngest at scale (benchmarks/ingest_scale.py):\n")
        ingest_scale.main()
    if "ai-panel" in chosen:
        print("\nThe AI panel on a 1,000-word article (benchmarks/ai_panel.py):\n")
        ai_panel.main()
    if "enrich-speed" in chosen:
        print("\nEnrichment per article (benchmarks/enrich_speed.py):\n")
        enrich_speed.main()
    if "serving-scale" in chosen:
        print("\nServing at scale (benchmarks/serving_scale.py):\n")
        serving_scale.main()
    if "multilingual" in chosen:
        print("\nThe multilingual step per article (benchmarks/multilingual_cost.py):\n")
        multilingual_cost.main()
    if "reader-apps" in chosen:
        articles = int(os.environ.get("BENCH_READER_ARTICLES", "100000"))
        with tempfile.TemporaryDirectory(prefix="reader-apps-") as store:
            print(f"\nGoogle Reader API at {articles:,} articles (benchmarks/greader_bench.py):\n")
            greader_bench.main(articles, 100, store)
            print(f"\n/v1/entries at {articles:,} articles (benchmarks/v1_entries.py):\n")
            v1_entries.main(articles, 100, store)
    if "soak" in chosen:
        print("\nSoak: mixed traffic at 80% of the peak while ingest runs (benchmarks/soak.py):\n")
        soak.main([])
    if "workers" in chosen:
        print(
            "\nIngest by one worker and by two against PostgreSQL (benchmarks/worker_scale.py):\n"
        )
        worker_scale.main()
    if "million" in chosen:
        print("\nA million articles on both databases (benchmarks/million.py):")
        million.main()


if __name__ == "__main__":
    main(sys.argv[1:])
