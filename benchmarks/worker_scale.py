"""Ingest by ``tidings worker`` processes against PostgreSQL: one worker, then two (issue #19
point 6: "with two worker processes against PostgreSQL ≥ 1.6× one worker").

The bulk publisher (``bulk_publisher.py``: 10 outlets × 200 articles by default, stories and
syndicated copies) runs in its own process on 127.0.0.1. For each number of workers K (1,
then 2) a fresh database is made on the PostgreSQL server at ``BENCH_POSTGRES_URL``,
migrated, given the job queue's tables and the publisher's feeds as sources; then K
``tidings worker`` processes start together, each with a data folder of its own (as on
separate machines), in the environment of the worker-kill test
(``tests/killable_ingest.ingest_env``: the plan every second, no per-host delay) and, as
``ingest_scale.py``, 8 requests in flight per worker. The time runs from their start
(imports and model loading included) until the store, read every 0.25 s, holds every
published article extracted and every original placed in a story. Then the workers get
SIGTERM and are waited for, and the database is dropped, on failure too.

CPU seconds, read from /proc when everything is placed: of the worker processes, of their
children (the story processes, one of which places while the others wait for its lock, and
multiprocessing's resource trackers), of the publisher, and of the PostgreSQL backends of
the database (sampled at each reading: a backend that ends between two readings loses its
last fraction). CPU use is CPU seconds over wall seconds: 2.0 is both cores of a 2-core
machine busy the whole time. Beside them, the seconds the workers' threads were ready to
run but waited for a core (the kernel's run queue): what other processes on the machine
took from the run. The CPU seconds an article costs vary little with the load, the wall
time a lot: C idle cores let two workers store at most C / (CPU seconds per article) articles
per second, printed with the rate one worker may reach at most for 1.6× to be possible.

    .venv/bin/python benchmarks/worker_scale.py
    BENCH_WORKER_ARTICLES=120 BENCH_WORKER_OUTLETS=3 .venv/bin/python benchmarks/worker_scale.py
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, and_, create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.bulk_publisher import BulkSite, build_site, write_site  # noqa: E402
from benchmarks.servers import free_port, wait_for  # noqa: E402
from benchmarks.soak_memory import cpu_seconds, descendants  # noqa: E402
from tests.killable_ingest import ingest_env  # noqa: E402
from tidings.config import Settings  # noqa: E402
from tidings.jobs.worker import ensure_schema  # noqa: E402
from tidings.models import ArticleState  # noqa: E402
from tidings.store import open_repository  # noqa: E402
from tidings.store.schema import articles  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_WORKER_ARTICLES", "2000"))
OUTLETS = int(os.environ.get("BENCH_WORKER_OUTLETS", "10"))
ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL",
    os.environ.get(
        "TIDINGS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    ),
)
TIMEOUT = float(os.environ.get("BENCH_WORKER_TIMEOUT", "1800"))  # seconds per K
WORKER_COUNTS = (1, 2)
CONCURRENCY = 8  # requests in flight per worker, all to the one local host
POLL = 0.25
STORED = (ArticleState.EXTRACTED.value, ArticleState.ENRICHED.value, ArticleState.CLUSTERED.value)


@dataclass(frozen=True, slots=True)
class Progress:
    """What the store holds now."""

    stored: int  # extracted, copies included
    unplaced: int  # extracted originals the story stage has not placed yet
    in_stories: int
    failed: int  # pages whose fetch or extraction failed (retried later)

    def done(self, published: int) -> bool:
        """Whether every published article is stored and every original placed."""
        return self.stored >= published and not self.unplaced


@dataclass(frozen=True, slots=True)
class WorkersRun:
    """One run of K workers, until everything was placed."""

    workers: int
    published: int
    progress: Progress
    seconds: float  # until everything was placed
    first_stored_s: float  # until the first article was stored: start-up and a feed check
    all_stored_s: float  # until the last was stored; the rest is the story stage's tail
    worker_cpu: float  # the worker processes themselves
    story_cpu: float  # their children: story processes, resource trackers
    publisher_cpu: float
    database_cpu: float  # PostgreSQL backends of the run's database
    waited_s: float  # the workers' and their children's threads, ready but without a core

    @property
    def rate(self) -> float:
        """Articles stored per second of wall time."""
        return self.progress.stored / self.seconds

    @property
    def cpu(self) -> float:
        """CPU seconds of everything timed: workers, their children, publisher, database."""
        return self.worker_cpu + self.story_cpu + self.publisher_cpu + self.database_cpu

    def use(self, *, everything: bool = False) -> float:
        """CPU seconds per wall second of the workers and their children (``everything``:
        the publisher's and the database's too)."""
        cpu = self.cpu if everything else self.worker_cpu + self.story_cpu
        return cpu / self.seconds


def read_progress(engine: Engine) -> Progress:
    """Count the store's articles by what the workers have done with them."""
    state = articles.c.state
    query = select(
        func.count().filter(state.in_(STORED)),
        func.count().filter(
            and_(state == ArticleState.EXTRACTED.value, articles.c.duplicate_of.is_(None))
        ),
        func.count(articles.c.story_id),
        func.count().filter(state == ArticleState.FAILED.value),
    ).select_from(articles)
    with engine.connect() as conn:
        stored, unplaced, in_stories, failed = conn.execute(query).one()
    return Progress(int(stored), int(unplaced), int(in_stories), int(failed))


def tree_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of ``pid`` and of every process below it, now."""
    return cpu_seconds(pid), sum(cpu_seconds(child) for child in descendants(pid))


def waited_for_a_core(pid: int) -> float:
    """Seconds the threads of ``pid`` and of the processes below it were ready to run but
    waited for a core (the run queue: ``/proc/PID/task/TID/schedstat``, second field), so
    far: time taken by other processes on the machine. Threads that ended are not counted."""
    waited = 0
    for process in (pid, *descendants(pid)):
        for task in Path(f"/proc/{process}/task").glob("*/schedstat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                waited += int(task.read_text(encoding="ascii").split()[1])
    return waited / 1e9


@contextlib.contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new empty database on the server of ``admin_url``, its URL; dropped afterwards,
    whatever happened (connections still open are ended)."""
    name = f"tidings_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _prepare(url: str, data_dir: Path, feeds: list[str]) -> None:
    """Migrate the store, make the queue's tables and follow the publisher's feeds, as an
    operator does before starting workers."""
    repo = open_repository(Settings(data_dir=data_dir, database_url=url, starter_sources=False))
    try:
        ensure_schema(repo)
        for feed in feeds:
            repo.sources.add_source(feed, now=datetime.now(UTC))
    finally:
        repo.engine.dispose()


class _Backends:
    """CPU seconds of the PostgreSQL backends serving a database, as last read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: dict[int, float] = {}

    def read(self) -> None:
        query = text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        with self.engine.connect() as conn:
            pids = [int(pid) for pid in conn.execute(query).scalars()]
        for pid in pids:
            if _is_local_postgres(pid):  # a server on another machine: its pids are not ours
                self.seen[pid] = max(self.seen.get(pid, 0.0), cpu_seconds(pid))

    @property
    def total(self) -> float:
        return sum(self.seen.values())


def _is_local_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"postgres")
    except OSError:
        return False


def _worker_env(url: str, data_dir: Path) -> dict[str, str]:
    env = ingest_env(data_dir, url)
    env["TIDINGS_FETCH_CONCURRENCY"] = str(CONCURRENCY)
    env["TIDINGS_PER_HOST_CONCURRENCY"] = str(CONCURRENCY)
    # Every page of a feed from its first check, as ingest_scale takes them: the per-check
    # cap (100 a feed) would leave the rest to later checks, and the run would time the
    # feeds' schedule instead of the workers.
    env["TIDINGS_MAX_NEW_PER_FEED"] = str(max(1, ARTICLES // OUTLETS))
    return env


def _start_worker(url: str, data_dir: Path, log: Path) -> subprocess.Popen[str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:  # the child keeps its own copy open
        return subprocess.Popen(
            [sys.executable, "-m", "tidings", "worker", "--concurrency", str(CONCURRENCY)],
            env=_worker_env(url, data_dir),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own group: a kill reaches its story process too
        )


def _stop(workers: list[subprocess.Popen[str]], timeout: float = 90.0) -> list[int]:
    """SIGTERM to each worker (they finish their jobs, their story processes save their
    index), then wait; a worker still there after ``timeout`` is killed with its group."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    codes = []
    for worker in workers:
        try:
            codes.append(worker.wait(timeout))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            codes.append(worker.wait())
    return codes


def run_workers(count: int, site: BulkSite, publisher_pid: int, folder: Path) -> WorkersRun:
    """Ingest ``site`` with ``count`` workers into a fresh database; timed until placed."""
    folder.mkdir(parents=True)
    published = len(site.articles)
    with fresh_database(ADMIN_URL) as url:
        _prepare(url, folder / "setup", site.feeds)
        engine = create_engine(url)
        backends = _Backends(engine)
        logs = [folder / f"worker-{n}.log" for n in range(count)]
        workers: list[subprocess.Popen[str]] = []
        try:
            publisher_before = cpu_seconds(publisher_pid)
            start = time.perf_counter()
            for n, log in enumerate(logs):
                workers.append(_start_worker(url, folder / f"data-{n}", log))
            progress, first, every = _until_placed(engine, backends, workers, published)
            seconds = time.perf_counter() - start
            used = [tree_cpu(worker.pid) for worker in workers]
            waited = sum(waited_for_a_core(worker.pid) for worker in workers)
            backends.read()
            publisher_cpu = cpu_seconds(publisher_pid) - publisher_before
        except RuntimeError as exc:
            raise RuntimeError(f"{count} worker(s): {exc}\n{_tails(logs)}") from None
        finally:
            codes = _stop(workers)
            engine.dispose()
    if any(codes):
        print(f"K={count}: workers exited with {codes}\n{_tails(logs)}", file=sys.stderr)
    return WorkersRun(
        workers=count,
        published=published,
        progress=progress,
        seconds=seconds,
        first_stored_s=first - start,
        all_stored_s=every - start,
        worker_cpu=sum(own for own, _ in used),
        story_cpu=sum(children for _, children in used),
        publisher_cpu=publisher_cpu,
        database_cpu=backends.total,
        waited_s=waited,
    )


def _until_placed(
    engine: Engine, backends: _Backends, workers: list[subprocess.Popen[str]], published: int
) -> tuple[Progress, float, float]:
    """Read the store until it holds everything; what it holds then, and when (``perf_counter``)
    the first and the last article were seen stored."""
    deadline = time.perf_counter() + TIMEOUT
    first = every = 0.0
    progress = read_progress(engine)
    while not progress.done(published):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"not all stored and placed within {TIMEOUT:.0f} s: {progress}")
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError(f"a worker exited: {progress}")
        time.sleep(POLL)
        backends.read()
        progress = read_progress(engine)
        now = time.perf_counter()
        first = first or (now if progress.stored else 0.0)
        every = every or (now if progress.stored >= published else 0.0)
    return progress, first, every


def _tails(logs: list[Path], lines: int = 30) -> str:
    """The last lines of each worker's output."""
    return "\n----\n".join(
        "".join(log.read_text(encoding="utf-8", errors="replace").splitlines(True)[-lines:])
        for log in logs
        if log.exists()
    )


@contextlib.contextmanager
def _publisher(site: BulkSite, folder: Path, port: int) -> Iterator[int]:
    """The bulk publisher in its own process, serving ``site``; its pid."""
    write_site(site, folder)
    script = ROOT / "benchmarks" / "bulk_publisher.py"
    process = subprocess.Popen([sys.executable, str(script), str(folder), str(port)])
    try:
        wait_for(f"http://127.0.0.1:{port}/robots.txt")
        yield process.pid
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    """Serve the bulk site, ingest it with one worker and then two, print the table."""
    port = free_port()
    site = build_site(
        f"http://127.0.0.1:{port}", outlets=OUTLETS, per_outlet=max(1, ARTICLES // OUTLETS)
    )
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="worker-scale-") as tmp,
        _publisher(site, Path(tmp) / "site", port) as publisher_pid,
    ):
        runs = [
            run_workers(count, site, publisher_pid, Path(tmp) / f"k{count}")
            for count in WORKER_COUNTS
        ]
    _print(site, runs, load_before, os.getloadavg())
    return 0


def _print(
    site: BulkSite,
    runs: list[WorkersRun],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    copies = sum(1 for a in site.articles if a.copy_of)
    print(
        f"Site: {len(site.articles)} article pages in {len(site.feeds)} RSS feeds, {copies} "
        f"syndicated copies. {len(os.sched_getaffinity(0))} cores (nproc); load average "
        f"{_load(load_before)} before, {_load(load_after)} after.\n"
    )
    print(
        "| workers | stored / in stories (failed) | first / all stored, s | wall s | articles/s "
        "| CPU s: workers / story processes | CPU s: publisher / PostgreSQL "
        "| CPU use: workers | CPU use: all | waited for a core, s |"
    )
    print("|---:|---|---|---:|---:|---|---|---:|---:|---:|")
    for run in runs:
        done = run.progress
        print(
            f"| {run.workers} | {done.stored} / {done.in_stories} ({done.failed}) "
            f"| {run.first_stored_s:.1f} / {run.all_stored_s:.1f} "
            f"| {run.seconds:.1f} | {run.rate:.1f} "
            f"| {run.worker_cpu:.1f} / {run.story_cpu:.1f} "
            f"| {run.publisher_cpu:.1f} / {run.database_cpu:.1f} "
            f"| {run.use():.2f} | {run.use(everything=True):.2f} | {run.waited_s:.1f} |"
        )
    by_count = {run.workers: run for run in runs}
    if 1 in by_count and 2 in by_count:
        one, two = by_count[1], by_count[2]
        print(f"\nratio two workers / one (target ≥ 1.6): **{two.rate / one.rate:.2f}**")
        # The CPU seconds an article costs varied little between runs at different loads;
        # the wall time varied a lot. So the most two workers reach on these cores, quiet:
        cores = len(os.sched_getaffinity(0))
        ceiling = cores * two.progress.stored / two.cpu
        print(
            f"CPU per article, all processes: {1000 * one.cpu / one.progress.stored:.0f} ms "
            f"with one worker, {1000 * two.cpu / two.progress.stored:.0f} ms with two. On "
            f"{cores} idle cores two workers store at most {ceiling:.1f} articles/s, so "
            f"≥ 1.6× needs one worker at ≤ {ceiling / 1.6:.1f} articles/s."
        )


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    raise SystemExit(main())
