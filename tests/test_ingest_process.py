"""`tidings run` ingests in a process of its own (issue #15: a web process that ingested
kept growing in the soak). The web process only serves; the ingest child names itself,
fetches from a local publisher, is started again when killed while the site answers on,
and ends with its parent. Real processes, a real SQLite store, a publisher on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.killable_ingest import CountingPublisher, ingest_env
from tests.servers import free_port
from tidings.config import Settings
from tidings.jobs.supervised import name_this_process
from tidings.store import open_repository

pytestmark = pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="reads /proc")


def _until(check: Callable[[], object], seconds: float = 180) -> object:
    """``check()``'s first true value within ``seconds``, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    return None


def _named(parent: int) -> dict[str, int]:
    """The processes below ``parent`` by the name each shows (``/proc/PID/comm``)."""
    found: dict[str, int] = {}
    todo = [parent]
    while todo:
        pid = todo.pop()
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                for child in map(int, (task / "children").read_text().split()):
                    with contextlib.suppress(OSError):
                        found[Path(f"/proc/{child}/comm").read_text().strip()] = child
                    todo.append(child)
    return found


def _stored(data_dir: Path) -> int:
    with contextlib.closing(
        sqlite3.connect(f"file:{data_dir / 'tidings.db'}?mode=ro", uri=True)
    ) as db:
        return int(
            db.execute("SELECT count(*) FROM articles WHERE state = 'extracted'").fetchone()[0]
        )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, CountingPublisher]]:
    data = tmp_path / "data"
    with CountingPublisher() as site:
        repo = open_repository(Settings(data_dir=data, database_url=None, starter_sources=False))
        for url in site.feed_urls:
            repo.sources.add_source(url, now=datetime.now(UTC))
        repo.engine.dispose()
        env = ingest_env(data)
        env.update(TIDINGS_POLL_INTERVAL_MINUTES="0.05", TIDINGS_MIN_POLL_MINUTES="0.05")
        env.update(TIDINGS_MAX_POLL_MINUTES="0.05")
        port = free_port()
        log = tmp_path / "run.log"
        with log.open("wb") as out:
            run = subprocess.Popen(
                [sys.executable, "-m", "tidings", "run", "--port", str(port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            answered = _until(lambda: _answers(port) or run.poll() is not None)
            assert answered and run.poll() is None, log.read_text()
            yield run, port, site
        finally:
            run.send_signal(signal.SIGINT)
            try:
                run.wait(timeout=90)
            except subprocess.TimeoutExpired:
                run.kill()
                run.wait()


def _answers(port: int) -> bool:
    with contextlib.suppress(httpx.TransportError):
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    return False


def test_ingest_runs_beside_the_site_and_is_started_again_when_killed(
    served: tuple[subprocess.Popen[bytes], int, CountingPublisher], tmp_path: Path
) -> None:
    run, port, site = served
    ingest = _until(lambda: _named(run.pid).get("tidings-ingest"))
    assert ingest, _named(run.pid)  # before: ingest ran on the web process's event loop
    assert _until(lambda: "tidings-stories" in _named(run.pid))
    data = tmp_path / "data"
    assert _until(lambda: _stored(data) >= len(site.released) // 2)

    os.kill(ingest, signal.SIGKILL)
    assert _answers(port)  # the site does not notice
    assert _until(lambda: _named(run.pid).get("tidings-ingest") not in (None, ingest), 120)
    checks = site.served("feed")
    assert _until(lambda: site.served("feed") > checks, 120)  # the new child ingests on
    assert _answers(port)


def test_the_children_end_with_tidings_run(
    served: tuple[subprocess.Popen[bytes], int, CountingPublisher],
) -> None:
    run, _, _ = served
    both = {"tidings-ingest", "tidings-stories"}  # each names itself once it has started
    children = _until(lambda: (n := _named(run.pid)).keys() >= both and n)
    assert isinstance(children, dict), _named(run.pid)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=90) == 0
    for name in ("tidings-ingest", "tidings-stories"):
        assert _until(lambda pid=children[name]: not Path(f"/proc/{pid}").exists(), 60), name


def test_a_process_can_name_itself() -> None:
    named = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tidings.jobs.supervised import name_this_process as n\n"
            "import pathlib; print(n('tidings-a-long-name'), pathlib.Path('/proc/self/comm').read_text())",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert named == ["True", "tidings-a-long-"]  # the kernel keeps 15 characters
    assert name_this_process  # imported for its use above


DEMO = [sys.executable, "-m", "tidings", "demo"]


def test_the_demo_ingests_in_a_process_of_its_own_too(tmp_path: Path) -> None:
    # Before: ``tidings demo`` ran scheduled ingest on its web process's event loop.
    port, publisher, data = free_port(), free_port(), tmp_path / "data"
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        demo = subprocess.Popen(
            [*DEMO, "--port", str(port), "--publisher-port", str(publisher), "--data", str(data)],
            env=ingest_env(data),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _until(lambda: _answers(port) or demo.poll() is not None), log.read_text()
        assert demo.poll() is None, log.read_text()
        children = _until(lambda: (n := _named(demo.pid)).get("tidings-ingest") and n)
        assert isinstance(children, dict), _named(demo.pid)
        # A feed followed while the demo runs is due at once: the ingest child takes it.
        with CountingPublisher() as site:
            repo = open_repository(Settings(data_dir=data, starter_sources=False))
            for url in site.feed_urls:
                repo.sources.add_source(url, now=datetime.now(UTC))
            repo.engine.dispose()
            assert _until(lambda: site.served("feed") > 0, 120), log.read_text()
            assert _until(lambda: site.served("page") > 0, 120), log.read_text()
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=90) == 0, log.read_text()
        for pid in children.values():
            assert _until(lambda pid=pid: not Path(f"/proc/{pid}").exists(), 60)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
