"""Soak (issue #15): mixed traffic at 80% of the measured peak for 10 minutes while ingest
runs: no 5xx, and the server's memory grows by at most 10%.

1. Publishers (``soak_publisher.py``, their own process): the demo outlets, and 8 bulk
   outlets that publish ``--initial-articles`` at once and then ``--ingest-per-minute``.
2. A fresh SQLite store follows their feeds; ``tidings ingest --once --all`` fills it.
3. ``tidings run`` serves it (uvicorn, one web process, its ingest and story processes
   beside it) with its scheduler ingesting: every feed is checked every 6 to 15 s, so new
   articles are fetched, extracted, clustered and stored while the traffic runs.
4. Readers are found by following the site's links (``soak_traffic.discover``);
   ``--readers`` accounts are made through the sign-up form (``soak_readers.py``).
5. Peak: ``--clients`` closed-loop clients send the mix (``soak_traffic.MIX``) for
   ``--warmup`` then ``--peak-seconds`` seconds; requests per second over the latter.
6. Soak: the same mix, open loop, ``--load`` (0.8) times the peak, for ``--duration``
   seconds. Each request is started on schedule whether or not earlier ones are done
   (at most ``MAX_IN_FLIGHT`` at once). The server's resident memory (``VmRSS`` of the
   ``tidings run`` process, and its parts ``RssAnon`` and mapped files) and the own
   memory of its ingest and story processes are read every ``SAMPLE_SECONDS``.

Verdict: no 5xx and no unanswered request, and the own memory (``RssAnon``) of the web
process, of the ingest process and of the story process each at the end at most 10%
above what it was after the warm-up (the first ``--memory-from`` seconds of the soak, 60
by default; a quarter of a shorter soak). ``VmRSS`` also counts
the pages of the SQLite database the server maps (``mmap_size``): the system's file
cache, which grows with the store and is reported beside it, not judged.

    .venv/bin/python benchmarks/run.py soak
    .venv/bin/python benchmarks/soak.py --duration 40 --peak-seconds 8   # a short check

Both print a Markdown table and one JSON line; run alone, the exit status is 1 when the
verdict fails. The load comes from this process and shares the machine with the server:
the peak is the pair's, as a site's would be behind a proxy on the same host.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.servers import free_port, wait_for  # noqa: E402
from benchmarks.serving_scale import cpu_model  # noqa: E402
from benchmarks.soak_load import MAX_IN_FLIGHT, Recorder, closed_loop, open_loop  # noqa: E402
from benchmarks.soak_memory import (  # noqa: E402
    MemorySamples,
    cpu_seconds,
    descendants,
    sample_memory,
)
from benchmarks.soak_publisher import bulk_feed_urls  # noqa: E402
from benchmarks.soak_readers import Reader, keep_no_cookies, sign_up  # noqa: E402
from benchmarks.soak_report import print_report, publisher_stats, server_log, summarise  # noqa: E402
from benchmarks.soak_traffic import Traffic, discover  # noqa: E402
from tidings.config import Settings  # noqa: E402
from tidings.demo import feed_urls  # noqa: E402
from tidings.store import open_repository  # noqa: E402

SAMPLE_SECONDS = 2.0
_ENV = os.environ.get


@dataclass(frozen=True)
class Options:
    """What the command line (or the environment, for ``make bench``) asks for."""

    duration: float
    peak_seconds: float
    warmup: float
    clients: int
    load: float
    readers: int
    initial_articles: int
    ingest_per_minute: float
    memory_from: float
    json_path: Path | None
    probe: Path | None = None


def parse_options(argv: list[str]) -> Options:
    """Options from ``argv``; defaults from ``BENCH_SOAK_*`` variables, else issue #15's."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add(
        "--duration",
        type=float,
        default=float(_ENV("BENCH_SOAK_SECONDS", "600")),
        help="soak seconds",
    )
    add(
        "--peak-seconds",
        type=float,
        default=float(_ENV("BENCH_SOAK_PEAK_SECONDS", "20")),
        help="measured closed-loop seconds",
    )
    add("--warmup", type=float, default=5.0, help="closed-loop seconds before the peak")
    add("--clients", type=int, default=16, help="closed-loop clients for the peak")
    add("--load", type=float, default=0.8, help="soak rate as a share of the peak")
    add("--readers", type=int, default=40, help="accounts made through the sign-up form")
    add("--initial-articles", type=int, default=120, help="bulk articles out at start")
    add("--ingest-per-minute", type=float, default=30.0, help="new bulk articles a minute")
    add("--memory-from", type=float, default=60.0, help="soak seconds before the baseline")
    add("--json", dest="json_path", type=Path, help="also write the JSON result here")
    add(
        "--probe",
        type=Path,
        help="probe the server's memory by part (benchmarks/soak_probe) into this folder",
    )
    ns = parser.parse_args(argv)
    if ns.duration <= 0 or ns.peak_seconds <= 0 or not 0 < ns.load <= 1 or ns.readers < 2:
        parser.error("need a positive duration and peak, 0 < load <= 1 and at least 2 readers")
    # A short soak takes its baseline after a quarter of it.
    return Options(**{**vars(ns), "memory_from": min(ns.memory_from, ns.duration / 4)})


# -- the processes -----------------------------------------------------------------------------


@contextmanager
def publishers(options: Options) -> Iterator[tuple[str, str]]:
    """``soak_publisher.py`` in its own process; yields the bulk and the demo base URLs."""
    minutes = (options.warmup + options.peak_seconds + options.duration) / 60 + 3
    total = options.initial_articles + int(options.ingest_per_minute * minutes) + 8
    demo_release = max(5.0, minutes * 60 / 16)  # the demo's 16 held-back articles
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "soak_publisher.py"),
            str(options.initial_articles),
            str(options.ingest_per_minute),
            str(total),
            str(demo_release),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, bulk, demo = process.stdout.readline().split()
        if ready != "ready":
            raise RuntimeError(f"soak_publisher.py said {ready!r}")
        wait_for(f"{bulk}/stats")
        wait_for(f"{demo}/")
        yield bulk, demo
    finally:
        process.terminate()
        process.wait()


def server_env(data_dir: Path, probe: Path | None = None) -> dict[str, str]:
    """``tidings run``'s settings: a fresh store, feeds on 127.0.0.1 checked often; none
    of this shell's ``TIDINGS_*`` settings (a database URL would leave the store). With
    ``probe``, the memory probe (``soak_probe/sitecustomize.py``) writes there."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    if probe is not None:
        probe.mkdir(parents=True, exist_ok=True)
        paths = [str(ROOT / "benchmarks" / "soak_probe"), inherited.get("PYTHONPATH", "")]
        inherited["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        inherited["SOAK_PROBE_DIR"] = str(probe.resolve())
    return {
        **inherited,
        "TIDINGS_CONFIG": str(data_dir / "no-such-file.toml"),
        "TIDINGS_DATA_DIR": str(data_dir),
        "TIDINGS_STARTER_SOURCES": "false",
        "TIDINGS_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
        "TIDINGS_PER_HOST_DELAY_SECONDS": "0",
        "TIDINGS_POLL_INTERVAL_MINUTES": "0.1",
        "TIDINGS_MIN_POLL_MINUTES": "0.1",
        "TIDINGS_MAX_POLL_MINUTES": "0.25",
        "TIDINGS_SCHEDULER_TICK_SECONDS": "3",
        "TIDINGS_LOG_LEVEL": "INFO",
    }


def fill_store(data_dir: Path, feeds: list[str]) -> str:
    """Follow ``feeds`` and run ``tidings ingest --once --all``; returns its report line."""
    env = server_env(data_dir)
    settings = Settings(data_dir=data_dir, database_url=None, starter_sources=False)
    repo = open_repository(settings)
    for url in feeds:
        repo.sources.add_source(url, now=datetime.now(UTC))
    done = subprocess.run(
        [sys.executable, "-m", "tidings", "ingest", "--once", "--all"],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=True,
        timeout=1200,
    )
    return next((ln for ln in done.stdout.splitlines() if ln.startswith("Checked")), "")


@contextmanager
def tidings_run(data_dir: Path, log: Path, probe: Path | None = None) -> Iterator[tuple[int, int]]:
    """``tidings run`` with its scheduler on; yields its port and process id."""
    port = free_port()
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "tidings", "run", "--port", str(port)],
            env=server_env(data_dir, probe),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", timeout=180)
            yield port, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def article_counts(data_dir: Path) -> dict[str, int]:
    """Articles in the store: known, failed, placed in a story."""
    with sqlite3.connect(f"file:{data_dir / 'tidings.db'}?mode=ro", uri=True) as db:
        known, failed, placed = db.execute(
            "SELECT count(*), coalesce(sum(state = 'failed'), 0),"
            " coalesce(sum(story_id IS NOT NULL), 0) FROM articles"
        ).fetchone()
    return {"known": known, "failed": failed, "in_stories": placed}


# -- the load ----------------------------------------------------------------------------------


async def sign_up_readers(client: httpx.AsyncClient, count: int) -> list[Reader]:
    """``count`` accounts through the form, four at a time."""
    gate = asyncio.Semaphore(4)

    async def one(n: int) -> Reader:
        async with gate:
            return await sign_up(client, f"soak-reader-{n:03d}")

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def measure_peak(traffic: Traffic, options: Options) -> tuple[float, Recorder]:
    """Requests per second of the closed loop after its warm-up, and what they got; the
    soak's own recorder is a fresh one afterwards."""
    await closed_loop(traffic, options.clients, options.warmup)
    traffic.recorder = Recorder()
    wall = await closed_loop(traffic, options.clients, options.peak_seconds)
    peak_recorder, traffic.recorder = traffic.recorder, Recorder()
    return peak_recorder.requests / wall, peak_recorder


async def run_soak(port: int, pid: int, options: Options, data_dir: Path, bulk: str) -> Any:
    """Steps 4-6 of the module docstring against the server on ``port``."""
    client = httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        timeout=httpx.Timeout(60.0, pool=None),
        follow_redirects=False,
        # Idle connections are closed here before uvicorn closes them (after 5 s): else a
        # request sent on one as the server closes it fails, and a browser would retry it.
        limits=httpx.Limits(
            max_connections=MAX_IN_FLIGHT, max_keepalive_connections=64, keepalive_expiry=2.0
        ),
    )
    async with keep_no_cookies(client):
        targets = await discover(client)
        if targets.missing():
            raise RuntimeError(f"the site links to no {', '.join(targets.missing())}")
        began = time.monotonic()
        readers = await sign_up_readers(client, options.readers)
        signups = time.monotonic() - began
        traffic = Traffic(client, targets, readers)
        memory = MemorySamples(pid)
        sampler = asyncio.create_task(sample_memory(memory, SAMPLE_SECONDS))
        try:
            peak, peak_recorder = await measure_peak(traffic, options)
            before = await asyncio.to_thread(_ingest_state, data_dir, bulk)
            memory.mark("soak start")
            cpu_before = _cpu(pid)
            schedule = await open_loop(traffic, options.load * peak, options.duration)
            cpu = {k: round(v - cpu_before[k], 1) for k, v in _cpu(pid).items()}
            memory.mark("soak end")
            after = await asyncio.to_thread(_ingest_state, data_dir, bulk)
            kept = await asyncio.to_thread(stories_still_stored, data_dir, traffic.stories_gone)
        finally:
            sampler.cancel()
    peak_figures = {
        "rps": round(peak, 1),
        "requests": peak_recorder.requests,
        "by_class": peak_recorder.by_class(),
        "latency_ms": peak_recorder.latency_ms(),
        "server_errors": peak_recorder.server_errors[:20],
    }
    return {
        "readers": len(readers),
        "signup_seconds": round(signups, 1),
        "targets": {kind: len(found) for kind, found in vars(targets).items()},
        "peak": peak_figures,
        "target_rps": round(options.load * peak, 1),
        "schedule": schedule,
        "cpu_seconds": cpu,
        "recorder": traffic.recorder,
        # A story that answered 301/404 although the store still has it: a fault.
        "stories_gone": {"merged": len(traffic.stories_gone) - len(kept), "still_stored": kept},
        "memory": memory,
        "ingest_before": before,
        "ingest_after": after,
    }


def stories_still_stored(data_dir: Path, ids: set[str]) -> list[str]:
    """Those of ``ids`` the store still has a story row for."""
    with sqlite3.connect(f"file:{data_dir / 'tidings.db'}?mode=ro", uri=True) as db:
        query = "SELECT 1 FROM stories WHERE id = ?"
        return [i for i in sorted(ids) if db.execute(query, (i,)).fetchone() is not None]


def _cpu(pid: int) -> dict[str, float]:
    """CPU seconds used so far: the server, its children, this process (the load)."""
    children = sum(cpu_seconds(child) for child in descendants(pid))
    return {"server": cpu_seconds(pid), "children": children, "load": time.process_time()}


def _ingest_state(data_dir: Path, bulk: str) -> dict[str, int]:
    return {**article_counts(data_dir), **publisher_stats(bulk)}


def probe_rows(path: Path, every: float = 60.0) -> list[dict[str, Any]]:
    """The probe's samples about ``every`` seconds apart, and its last."""
    rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    kept: list[dict[str, Any]] = []
    for row in rows:
        if not kept or row["t"] - kept[-1]["t"] >= every:
            kept.append(row)
    if rows and kept[-1] is not rows[-1]:
        kept.append(rows[-1])
    return kept


def print_probe(rows: list[dict[str, Any]]) -> None:
    """The server's memory by part (MB; ``soak_probe/sitecustomize.py`` says what each is)."""
    if not rows:
        print("\n(the probe wrote nothing)")
        return
    names = [k for k in rows[0] if k != "t"]
    heads = [f"{k[:-3]} MB" if k.endswith("_kb") else k for k in names]
    print("\n| server s | " + " | ".join(heads) + " |")
    print("|---:|" + "---:|" * len(names))
    for row in rows:
        cells = [
            "" if row[k] is None else f"{row[k] / 1024:.1f}" if k.endswith("_kb") else str(row[k])
            for k in names
        ]
        print(f"| {row['t']:.0f} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the soak; print and return its result."""
    options = parse_options(sys.argv[1:] if argv is None else argv)
    print(
        f"CPU: {cpu_model()}, {os.cpu_count()} cores. Soak: peak over {options.peak_seconds:g} s, "
        f"then {options.load:.0%} of it for {options.duration:g} s, while ingest takes "
        f"{options.ingest_per_minute:g} new articles a minute.",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="tidings-soak-") as tmp:
        data_dir = Path(tmp)
        with publishers(options) as (bulk, demo):
            began = time.monotonic()
            report = fill_store(data_dir, feed_urls(demo) + bulk_feed_urls(bulk))
            print(f"store filled in {time.monotonic() - began:.0f} s: {report}", flush=True)
            log = data_dir / "tidings-run.log"
            with tidings_run(data_dir, log, options.probe) as (port, pid):
                run = asyncio.run(run_soak(port, pid, options, data_dir, bulk))
        asked = {k: str(v) if isinstance(v, Path) else v for k, v in vars(options).items()}
        del asked["json_path"]
        result = summarise(run, asked, server_log(log))
        if options.probe is not None:
            result["probe"] = probe_rows(options.probe / f"probe-{pid}.jsonl")
    print_report(result)
    if options.probe is not None:
        print_probe(result["probe"])
    if options.json_path is not None:
        options.json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["verdict"] == "pass" else 1)
