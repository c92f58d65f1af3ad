"""The worker benchmark's parts (issue #19 point 6): the databases it makes are dropped even
when a run fails, the CPU it reports includes the workers' children, and the figures it
prints follow from what it measured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from benchmarks import run as bench_run
from benchmarks.worker_scale import (
    Progress,
    WorkersRun,
    fresh_database,
    tree_cpu,
    waited_for_a_core,
)
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import POSTGRES_ADMIN_URL

# A parent that starts a child burning 0.4 s of CPU, then both wait to be ended.
_BURNING_CHILD = (
    "import subprocess, sys, time\n"
    "code = 'import time\\nend = time.process_time() + 0.4\\n"
    'while time.process_time() < end: pass\\nprint("burnt", flush=True)\\ntime.sleep(60)\'\n'
    "child = subprocess.Popen([sys.executable, '-c', code])\n"
    "time.sleep(60)\n"
)


def _databases(pattern: str) -> set[str]:
    admin = create_engine(POSTGRES_ADMIN_URL)
    try:
        with admin.connect() as conn:
            query = text("SELECT datname FROM pg_database WHERE datname LIKE :pattern")
            return set(conn.execute(query, {"pattern": pattern}).scalars())
    finally:
        admin.dispose()


def _fail_with_a_connection_open(made: list[str], held: list[Connection]) -> None:
    """Make a database, leave a connection to it open (as a killed worker's would be), fail."""
    with fresh_database(POSTGRES_ADMIN_URL) as url:
        made.append(url.rsplit("/", 1)[1])
        assert made[0] in _databases("tidings_bench_%")
        held.append(create_engine(url, poolclass=NullPool).connect())
        held[0].execute(text("CREATE TABLE left_behind (id int)"))
        held[0].commit()
        raise RuntimeError("the workers failed")


@pytest.mark.postgres
def test_fresh_database_is_dropped_when_the_run_fails() -> None:
    if os.environ.get("TIDINGS_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("TIDINGS_TEST_SKIP_POSTGRES=1")
    made: list[str] = []
    held: list[Connection] = []
    try:
        with pytest.raises(RuntimeError, match="the workers failed"):
            _fail_with_a_connection_open(made, held)
        assert made
        assert made[0] not in _databases("tidings_bench_%")
    finally:
        for conn in held:  # ended by the server when the database was dropped
            conn.invalidate()
            conn.engine.dispose()


def test_tree_cpu_counts_the_children_of_a_worker() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _BURNING_CHILD], stdout=subprocess.PIPE, start_new_session=True
    ) as parent:  # its output closed and the parent waited for on the way out
        try:
            assert parent.stdout is not None
            assert parent.stdout.readline().strip() == b"burnt"
            own, children = tree_cpu(parent.pid)
            waited = waited_for_a_core(parent.pid)
        finally:
            os.killpg(parent.pid, signal.SIGKILL)  # the child is in the parent's group
    assert children >= 0.35
    assert own < children
    assert waited >= 0.0


def test_rates_and_cpu_use_follow_from_the_measures() -> None:
    run = WorkersRun(
        workers=2,
        published=100,
        progress=Progress(stored=100, unplaced=0, in_stories=100, failed=0),
        seconds=20.0,
        first_stored_s=3.0,
        all_stored_s=15.0,
        worker_cpu=10.0,
        story_cpu=20.0,
        publisher_cpu=1.0,
        database_cpu=3.0,
        waited_s=0.0,
    )
    assert run.rate == 5.0
    assert run.use() == 1.5
    assert run.use(everything=True) == 1.7
    assert run.cpu == 34.0
    assert not Progress(stored=100, unplaced=1, in_stories=99, failed=0).done(100)
    assert not Progress(stored=99, unplaced=0, in_stories=99, failed=1).done(100)


def test_make_bench_has_a_workers_section() -> None:
    assert "workers" in bench_run.SECTIONS
    assert "``workers``" in (bench_run.__doc__ or "")
