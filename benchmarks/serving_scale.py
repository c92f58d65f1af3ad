"""Serving at scale (issue #6): the article page with 10k and 100k stored articles.

For each size a cached synthetic store (``serving_store.py``) is served by the real
``tidings run`` (uvicorn, one worker: the default; default settings, except that ingest on
start is off, as the store's outlets are not real) in its own process. A second process,
``load_client.py``, loads it at ``CONCURRENCY`` for ``DURATION`` seconds after ``WARMUP``,
over ``SAMPLE`` different article ids spread across the archive. Their AI key points,
made once per article on its first view and stored, were made when the store was built:
the rows are the steady state. One more row, "first view", loads articles of another
sample whose key points are not made yet (each run forgets those an earlier run made).
The baseline is a bare Starlette app (``bare_page.py``) returning one article page's
bytes, loaded the same way in the same run. Issue #6 asks, at 100k: at least 0.3× the
bare rate and p99 ≤ 50 ms.

    .venv/bin/python benchmarks/run.py serving-scale
    BENCH_SERVING_SIZES=10000 BENCH_SECONDS=4 .venv/bin/python benchmarks/serving_scale.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.servers import free_port, wait_for  # noqa: E402
from benchmarks.serving_store import (  # noqa: E402
    SAMPLE,
    cached_store,
    forget_new_ai_outputs,
    sample_ids,
)

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SERVING_SIZES", "10000,100000").split(","))
CONCURRENCY = 16
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
def tidings_server(data_dir: Path) -> Iterator[int]:
    """``tidings run`` on ``data_dir`` in its own process; yields its port."""
    port = free_port()
    env = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(data_dir),
        "TIDINGS_INGEST_ON_START": "false",
        "TIDINGS_STARTER_SOURCES": "false",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=120)
        yield port
    finally:
        server.terminate()
        server.wait()


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
            yield port
        finally:
            bare.terminate()
            bare.wait()


def run_load(port: int, paths: list[str]) -> dict[str, float]:
    """``load_client.py`` against ``port`` in its own process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths))
        listing.flush()
        out = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "load_client.py"),
                "127.0.0.1",
                str(port),
                listing.name,
                str(CONCURRENCY),
                str(WARMUP),
                str(DURATION),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def _row(name: str, result: dict[str, float], bare_rps: float | None) -> str:
    ratio = f"{result['rps'] / bare_rps:.4f}×" if bare_rps else "1.00×"
    return (
        f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} "
        f"| {int(result['errors'])} | {ratio} |"
    )


def main() -> None:
    print(
        f"CPU: {cpu_model()}, {os.cpu_count()} cores. Server: `tidings run` (uvicorn, 1 worker, "
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
    bare_rps: float | None = None
    for size, folder in stores.items():
        forget_new_ai_outputs(folder)
        ids = sample_ids(folder)
        with tidings_server(folder) as port:
            if bare_rps is None:
                body = httpx.get(f"http://127.0.0.1:{port}/en/article/{ids[0]}").content
                with bare_server(body) as bare_port:
                    bare = run_load(bare_port, ["/"])
                bare_rps = bare["rps"]
                rows.append((f"bare Starlette, same bytes ({len(body):,} B)", bare))
            paths = [f"/en/article/{i}" for i in ids]
            rows.append((f"article page, {size // 1000}k stored", run_load(port, paths)))
            measured = set(ids)
            fresh = [i for i in sample_ids(folder, seed=7) if i not in measured]
            rows.append(
                (
                    f"article page, first view, {size // 1000}k",
                    run_load(port, [f"/en/article/{i}" for i in fresh]),
                )
            )
            rows.append((f"home page, {size // 1000}k stored", run_load(port, ["/en/"])))
    print("\n| page | requests/s | p50 ms | p99 ms | errors | × bare |\n|---|---|---|---|---|---|")
    for name, result in rows:
        print(_row(name, result, bare_rps))


if __name__ == "__main__":
    main()
