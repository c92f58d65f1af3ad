"""Serving at scale (issues #6 and #19): the article and home pages of a large store.

For each size a cached synthetic store (``serving_store.py``) is served by the real
``tidings run --workers N`` (``BENCH_WEB_WORKERS``, one web process per core by default;
default settings, except that ingest on start is off, as the store's outlets are not real)
in its own process. A second process, ``load_client.py``, loads it at ``CONCURRENCY`` for
``DURATION`` seconds after ``WARMUP``, over ``SAMPLE`` different article ids spread across
the archive. What the story stage makes at ingest (``made_at_ingest``: each article's key
points and, for outlets shown in full, its body with sentence anchors) is made for both
samples before the servers start, as the stage would have made it.

Rows, for each size:

- *kept pages*: the default page cache (``TIDINGS_PAGE_CACHE_SECONDS`` 60). Each of the
  sample's pages is visited once first (``load_client.py --once``, as the readers who came
  before would have; its rate is reported too), then loaded: readers re-reading pages
  rendered within the last minute.
- *re-rendered in the background*: page cache time 5 s, so every kept page is stale and
  renders go on in the background during the whole measurement.
- with the page cache off (``TIDINGS_PAGE_CACHE_SECONDS=0``), every view rendered:
  *first view* (articles of another sample, never viewed by this server), the kept
  sample, the home page, and both pages for a *signed-in* reader (a session cookie; an
  account that follows two outlets and two hashtags), whose pages are never cached.

The baseline is a bare Starlette app (``bare_page.py``) returning one article page's
bytes, loaded the same way in the same run. Issue #19 asks, at 1M with the page cache
off: first views at 450/s, the home page at 150/s, p99 ≤ 50 ms, signed in within 20 %.

    .venv/bin/python benchmarks/run.py serving-scale
    BENCH_SERVING_SIZES=10000 BENCH_SECONDS=4 .venv/bin/python benchmarks/serving_scale.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.memory import status_mb  # noqa: E402
from benchmarks.servers import free_port, wait_for  # noqa: E402
from benchmarks.serving_store import (  # noqa: E402
    SAMPLE,
    cached_store,
    database_url,
    forget_new_ai_outputs,
    sample_ids,
)
from benchmarks.soak_memory import descendants  # noqa: E402
from benchmarks.store_prep import made_at_ingest, signed_in_cookie  # noqa: E402

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SERVING_SIZES", "10000,100000").split(","))
CONCURRENCY = 16
# Web processes (``tidings run --workers N``): one per core by default, as docs/scaling.md
# says to run it.
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", str(os.cpu_count() or 1)))
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
DURATION = float(os.environ.get("BENCH_SECONDS", "10"))


def cpu_model() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


@contextmanager
def tidings_server(
    data_dir: Path,
    page_cache_seconds: float | None = None,
    *,
    peaks: list[float] | None = None,
    workers: int | None = None,
) -> Iterator[int]:
    """``tidings run`` on ``data_dir`` (its PostgreSQL database where the store has one)
    in its own process; yields its port. With ``peaks``, the peak resident memory (MB) of
    the server and then of each of its children is appended to it at the end."""
    port = free_port()
    env = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(data_dir),
        "TIDINGS_INGEST_ON_START": "false",
        "TIDINGS_STARTER_SOURCES": "false",
    }
    url = database_url(data_dir)
    if url:
        env["TIDINGS_DATABASE_URL"] = url
    if page_cache_seconds is not None:
        env["TIDINGS_PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tidings",
            "run",
            "--port",
            str(port),
            "--workers",
            str(WORKERS if workers is None else workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=120)
        _SERVERS[port] = server.pid
        yield port
    finally:
        _SERVERS.pop(port, None)
        if peaks is not None:
            peaks.extend(_peak_mb(pid) for pid in [server.pid, *descendants(server.pid)])
        server.terminate()
        server.wait()


def _peak_mb(pid: int) -> float:
    """A live process's peak resident memory (``VmHWM``) in MB; 0 when it is gone."""
    return status_mb(pid, "VmHWM")


@contextmanager
def bare_server(body: bytes) -> Iterator[int]:
    """The bare Starlette page returning ``body``, in its own process; yields its port."""
    port = free_port()
    with tempfile.NamedTemporaryFile("wb", suffix=".html") as copy:
        copy.write(body)
        copy.flush()
        bare = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "bare_page.py"), copy.name, str(port)],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            _SERVERS[port] = bare.pid
            yield port
        finally:
            _SERVERS.pop(port, None)
            bare.terminate()
            bare.wait()


def warm_os_cache(folder: Path) -> str:
    """Read a SQLite store's files once, so that the operating system's file cache holds
    them, as it does on a server with the memory for its store after a while of serving
    (a million articles take 13 GB). Without this, a first view of an article anywhere in
    the archive waits on the disk right after the build: the figures would be the disk's.
    (A PostgreSQL store is read by its server; its files are not ours to read.)"""
    files = sorted(folder.glob("tidings.db*"))
    if database_url(folder) or not files:
        return "file cache not warmed (PostgreSQL: its server reads the files)"
    start = time.perf_counter()
    size = 0
    for file in files:
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 24):
                size += len(chunk)
    free = _meminfo_gb("MemAvailable")
    return (
        f"{size / 2**30:.1f} GiB of store read into the file cache in "
        f"{time.perf_counter() - start:.0f} s ({free:.0f} GiB of memory available)"
    )


def _meminfo_gb(field: str) -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 2**20
    return 0.0


# The process serving each port (and its children, the web processes): whose CPU time a
# load is divided by. Requests per second on two cores move with how the 16 connections
# land on the web processes and with the load client's own share; the CPU a request costs
# the server does not.
_SERVERS: dict[int, int] = {}
_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _server_cpu_ms(port: int) -> float:
    """The CPU time (user and system) the server on ``port`` and its children have used."""
    pid = _SERVERS.get(port)
    if pid is None:
        return float("nan")
    total = 0
    for one in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total * _TICK_MS


def run_load(
    port: int, paths: list[str], *, once: bool = False, cookie: str | None = None
) -> dict[str, float]:
    """``load_client.py`` against ``port`` in its own process (``once``: a visit); with
    ``cookie``, as a signed-in reader."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths))
        listing.flush()
        timing = [] if once else [str(WARMUP), str(DURATION)]
        cpu_before = _server_cpu_ms(port)
        out = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "load_client.py"),
                *(["--once"] if once else []),
                "127.0.0.1",
                str(port),
                listing.name,
                str(CONCURRENCY),
                *timing,
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "LOAD_COOKIE": cookie or ""},
        ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    if not once and result.get("answered"):
        result["cpu_ms"] = (_server_cpu_ms(port) - cpu_before) / result["answered"]
    return result


HEADER = (
    "| page | requests/s | p50 ms | p99 ms | errors | × bare | server CPU ms a request |\n"
    "|---|---|---|---|---|---|---|"
)


def _row(name: str, result: dict[str, float], bare_rps: float | None) -> str:
    ratio = f"{result['rps'] / bare_rps:.4f}×" if bare_rps else "1.00×"
    return (
        f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} "
        f"| {int(result['errors'])} | {ratio} | {result.get('cpu_ms', float('nan')):.2f} |"
    )


def visit(port: int, paths: list[str]) -> str:
    """Every path once, as earlier readers would have; says how fast that went."""
    done = run_load(port, paths, once=True)
    return (
        f"visited {int(done['requests'])} pages in {done['seconds']:.1f} s "
        f"({done['requests'] / done['seconds']:.0f}/s, {int(done['errors'])} errors)"
    )


def measure(
    size: int, folder: Path, bare_rps: list[float], peaks: list[float] | None = None
) -> list[tuple[str, dict[str, float]]]:
    """Every row for one store; the first call also measures the bare page. With
    ``peaks``, each server's peak memory (``tidings_server``) is appended to it."""
    k = f"{size // 1000}k"
    forget_new_ai_outputs(folder)
    ids = sample_ids(folder)
    paths = [f"/en/article/{i}" for i in ids]
    fresh_ids = [i for i in sample_ids(folder, seed=7) if i not in set(ids)]
    fresh = [f"/en/article/{i}" for i in fresh_ids]
    # What the story stage makes at ingest, made here as it does: the first-view sample's
    # key points, and both samples' anchored bodies (the build stored the kept sample's
    # key points as a view would, before the stage made them).
    made = made_at_ingest(folder, fresh_ids)
    made_at_ingest(folder, ids, key_points=False)
    print(
        f"{k}: key points made at ingest, {made['ingest_key_points_ms_per_article']} ms an "
        f"article; anchored bodies {made['ingest_bodies_and_store_ms_per_article']} ms",
        flush=True,
    )
    cookie = signed_in_cookie(folder)
    print(f"{k}: {warm_os_cache(folder)}", flush=True)
    rows: list[tuple[str, dict[str, float]]] = []
    with tidings_server(folder, peaks=peaks) as port:
        if not bare_rps:
            body = httpx.get(f"http://127.0.0.1:{port}{paths[0]}").content
            with bare_server(body) as bare_port:
                bare = run_load(bare_port, ["/"])
            bare_rps.append(bare["rps"])
            rows.append((f"bare Starlette, same bytes ({len(body):,} B)", bare))
        print(f"{k}, page cache 60 s: {visit(port, paths)}", flush=True)
        rows.append((f"article page, {k} stored, kept pages", run_load(port, paths)))
        rows.append((f"home page, {k}, kept", run_load(port, ["/en/"])))
    with tidings_server(folder, page_cache_seconds=5, peaks=peaks) as port:
        print(f"{k}, page cache 5 s: {visit(port, paths)}", flush=True)
        rows.append((f"article page, {k}, re-rendered in the background", run_load(port, paths)))
    # Again just before the rows that read the archive's far corners: this machine's
    # kernel reclaims file pages not touched for a minute or two (DAMON), and the first
    # views' articles were last read when their key points were made.
    print(f"{k}: {warm_os_cache(folder)}", flush=True)
    with tidings_server(folder, page_cache_seconds=0, peaks=peaks) as port:
        rows.append((f"article page, {k}, first view, no page cache", run_load(port, fresh)))
        rows.append((f"article page, {k}, no page cache", run_load(port, paths)))
        rows.append((f"home page, {k}, no page cache", run_load(port, ["/en/"])))
        rows.append((f"article page, {k}, signed in", run_load(port, paths[::-1], cookie=cookie)))
        rows.append((f"home page, {k}, signed in", run_load(port, ["/en/"], cookie=cookie)))
    return rows


def main() -> None:
    print(
        f"CPU: {cpu_model()}, {os.cpu_count()} cores. Server: `tidings run --workers {WORKERS}` "
        f"(uvicorn, "
        f"default settings, ingest off); load: load_client.py in its own process, "
        f"{CONCURRENCY} connections, {WARMUP:g} s warm-up then {DURATION:g} s, "
        f"article pages over {SAMPLE} ids.\n"
    )
    stores = {}
    for size in SIZES:
        folder, seconds = cached_store(size)
        built = f"built in {seconds:.0f} s" if seconds else "cached"
        print(f"store of {size:,} articles: {folder} ({built})")
        stores[size] = folder
    rows: list[tuple[str, dict[str, float]]] = []
    bare_rps: list[float] = []
    for size, folder in stores.items():
        rows.extend(measure(size, folder, bare_rps))
    print("\n" + HEADER)
    for name, result in rows:
        print(_row(name, result, bare_rps[0]))


if __name__ == "__main__":
    main()
