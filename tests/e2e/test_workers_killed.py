"""Workers on many machines lose nothing when one dies (issue #19).

Two ``tidings worker`` processes take the demo publisher's feeds and pages from the
PostgreSQL job queue (a private cluster) while one of them, chosen at random, is killed
with SIGKILL (with its story process) at 20 moments: while the publisher serves it a
page, while a write transaction is open, while the story stage places, at random; then it
is started again, the other running throughout. The killed worker's job is retried by a
live one once its heartbeat stops (procrastinate's stalled jobs; here after 3 s). After
each kill the store must hold what holds at any moment (the checks of the crash test);
at the end of each round everything: every published article stored exactly once, every
copy with its one original, every original in exactly one story whose counts match its
members, one vector per article and model, no job left behind.

The moments come from ``TIDINGS_CRASH_SEED`` (default 15). See docs/scaling.md.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.e2e.test_crash_safety import (
    Store,
    _assert_consistent,
    _placing,
    _progress,
    _until,
)
from tests.killable_ingest import CountingPublisher, IngestProcess, Waiting
from tests.private_postgres import PrivateCluster, private_cluster

KILLS = 20
KILLS_PER_ROUND = 10
SEED = int(os.environ.get("TIDINGS_CRASH_SEED", "15"))
MOMENT_SECONDS = 8.0
PHASES = ("pages", "transaction", "stories", "anytime")

pytestmark = pytest.mark.postgres


class WorkerProcess(IngestProcess):
    """``tidings worker`` with a 1 s heartbeat, in a process group of its own."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tidings", "worker", "--heartbeat", "1", "--concurrency", "4"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()


@pytest.fixture(scope="module")
def site() -> Iterator[CountingPublisher]:
    with CountingPublisher() as publisher:
        yield publisher


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as made:
        yield made


def _jobs(store: Store, where: str) -> int:
    with store.repository.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM procrastinate_jobs WHERE task_name IN "
                    f"('tidings.fetch_page', 'tidings.check_feed') AND {where}"
                )
            ).scalar_one()
        )


def _busy(store: Store) -> bool:
    """Whether a feed or page job is running now."""
    try:
        return _jobs(store, "status = 'doing'") > 0
    except Exception:  # the queue's tables are made by the first worker
        return False


def _moment(
    phase: str, rng: random.Random, site: CountingPublisher, store: Store, waiting: Waiting
) -> bool:
    if phase == "pages":
        left = _progress(store, site).unfetched
        wanted = site.served("page") + rng.randint(1, max(1, min(left, 8)))
        return site.wait_served("page", wanted, waiting) and _busy(store)
    if phase == "transaction":
        return store.watch.wait_writes(rng.randint(1, 3), waiting)
    if phase == "stories":
        deadline = time.monotonic() + MOMENT_SECONDS
        while waiting() and time.monotonic() < deadline:
            if _placing(store):
                return True
            time.sleep(0.01)
        return False
    deadline = time.monotonic() + rng.uniform(0.0, 4.0)
    while waiting() and time.monotonic() < deadline:
        time.sleep(0.01)
    return True


def test_a_killed_worker_loses_and_duplicates_nothing(
    site: CountingPublisher, cluster: PrivateCluster, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    landed: Counter[str] = Counter()
    retried = replaced = rounds = 0
    started = time.monotonic()
    while landed.total() < KILLS:
        store = Store.create(site, tmp_path / f"r{rounds}", cluster.create_database())
        rounds += 1
        workers = [WorkerProcess(store.env), WorkerProcess(store.env)]
        try:
            in_round = 0
            while in_round < KILLS_PER_ROUND and landed.total() < KILLS:
                left = _progress(store, site)
                if left.done:
                    break
                phase = rng.choice([p for p in PHASES if p != "pages" or left.unfetched])
                victim = rng.randrange(2)
                came = _moment(phase, rng, site, store, _running_for(workers[victim]))
                assert workers[victim].running(), workers[victim].output()
                workers[victim].kill()
                landed[phase if came else f"{phase} late"] += 1
                in_round += 1
                _assert_consistent(store, site, finished=False)
                workers[victim] = WorkerProcess(store.env)
            assert _until(_done(store, site)), _outputs(workers)
            # The jobs of the killed workers were given to the live ones (retried, or
            # replaced by a job for the same work that waited) and none is left behind.
            assert _until(_drained(store), 60), _outputs(workers)
            retried += _jobs(store, "attempts > 0")
            replaced += _jobs(store, "status = 'failed'")
            for worker in workers:  # stopped as an operator does, once it is up
                up = _running_for(worker, 240)  # bounded: a missed line fails, not hangs
                assert worker.wait_line("story process started", 1, up), _outputs(workers)
        finally:
            codes = [w.stop() if w.running() else w.process.returncode for w in workers]
        assert codes == [0, 0], _outputs(workers)
        for worker in workers:
            assert not worker.seen("Traceback"), worker.output()
        _assert_consistent(store, site, finished=True)
        store.close()
    print(
        f"\n{landed.total()} kills in {rounds} rounds, {time.monotonic() - started:.0f} s: "
        f"{dict(sorted(landed.items()))}; of the jobs of killed workers {retried} retried, "
        f"{replaced} replaced by a waiting one"
    )
    assert landed.total() == KILLS
    assert retried + replaced > 0


def _running_for(worker: WorkerProcess, seconds: float = MOMENT_SECONDS) -> Waiting:
    deadline = time.monotonic() + seconds
    return lambda: worker.running() and time.monotonic() < deadline


def _done(store: Store, site: CountingPublisher) -> Callable[[], bool]:
    return lambda: _progress(store, site).done


def _drained(store: Store) -> Callable[[], bool]:
    return lambda: _jobs(store, "status IN ('todo', 'doing')") == 0


def _outputs(workers: list[WorkerProcess]) -> str:
    return "\n----\n".join(w.output(40) for w in workers)
