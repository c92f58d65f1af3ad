"""`tidings ingest` as a real process that a test kills, and what the test watches to choose
the moment: the publisher's requests, the process's log and the store's open write
transaction (issue #15).

    with CountingPublisher() as site:
        ingest = IngestProcess(ingest_env(tmp_path, database_url), once=False)
        site.wait_served("page", 5, ingest.running)   # the fifth page is being fetched
        ingest.kill()                                   # SIGKILL to it and its story process
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from tests.demo_site import DemoClock
from tests.servers import ThreadedServer
from tidings.demo import article_path, create_publisher_app

STORIES_READY = (
    "open-window articles restored"  # the story stage has loaded (pipeline/story_stage.py)
)

Waiting = Callable[[], bool]


class CountingPublisher:
    """The demo publisher on 127.0.0.1 with its clock stopped (no held-back article goes
    live), counting the feeds and article pages it is asked for."""

    def __init__(self) -> None:
        self.clock = DemoClock()
        app = create_publisher_app(release_interval=600.0, clock=self.clock)
        catalog, schedule = app.state.catalog, app.state.schedule
        self.released = [a for a in catalog.articles if schedule.is_released(a, self.clock())]
        self._paths = {
            article_path(catalog.outlet(a.outlet), a, schedule.published_at(a)): a
            for a in self.released
        }
        self._feeds = [outlet.feed_url_path for outlet in catalog.outlets]
        self._served: Counter[str] = Counter()
        self._changed = threading.Condition()
        self.server = ThreadedServer(self._counting(app), lifespan="off")

    def __enter__(self) -> CountingPublisher:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    @property
    def feed_urls(self) -> list[str]:
        """One feed per outlet."""
        return [self.server.base + path for path in self._feeds]

    @property
    def article_urls(self) -> dict[str, str | None]:
        """Every published article's URL, with its syndication group (None: its own)."""
        return {self.server.base + path: a.wire for path, a in self._paths.items()}

    def served(self, kind: str) -> int:
        """How many ``feed`` or ``page`` requests arrived so far."""
        with self._changed:
            return self._served[kind]

    def wait_served(self, kind: str, count: int, waiting: Waiting) -> bool:
        """Whether ``count`` requests of ``kind`` arrived before ``waiting()`` turned false."""
        with self._changed:
            while self._served[kind] < count:
                if not waiting():
                    return False
                self._changed.wait(0.05)
        return True

    def _counting(self, app: Any) -> Any:
        async def counted(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                path = scope["path"]
                kind = "feed" if path in self._feeds else "page" if path in self._paths else None
                if kind is not None:
                    with self._changed:
                        self._served[kind] += 1
                        self._changed.notify_all()
            await app(scope, receive, send)

        return counted


def ingest_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of an ingest process: this one's without its TIDINGS_ settings, and
    settings for a store in ``data_dir`` (or at ``database_url``) and a local publisher."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    env.update(
        TIDINGS_CONFIG=str(data_dir / "no-such-file.toml"),
        TIDINGS_DATA_DIR=str(data_dir),
        TIDINGS_STARTER_SOURCES="false",
        TIDINGS_ALLOWED_NETWORKS='["127.0.0.0/8"]',
        TIDINGS_PER_HOST_DELAY_SECONDS="0",
        TIDINGS_FETCH_TIMEOUT="10",
        TIDINGS_SCHEDULER_TICK_SECONDS="1",
        TIDINGS_LOG_LEVEL="INFO",
    )
    if database_url is not None:
        env["TIDINGS_DATABASE_URL"] = database_url
    return env


class IngestProcess:
    """``tidings ingest`` (on a schedule, with its story process; or ``--once --all``, the
    story stage in a thread) in a process group of its own, its output collected."""

    def __init__(self, env: dict[str, str], *, once: bool) -> None:
        command = [sys.executable, "-m", "tidings", "ingest"]
        self.process = subprocess.Popen(
            [*command, "--once", "--all"] if once else command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own group: the kill reaches the story process too
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def running(self) -> bool:
        """Whether the ingest process has not ended."""
        return self.process.poll() is None

    def seen(self, fragment: str) -> int:
        """How many lines of its output so far hold ``fragment``."""
        return sum(fragment in line for line in list(self.lines))

    def wait_line(self, fragment: str, count: int, waiting: Waiting) -> bool:
        """Whether ``count`` lines holding ``fragment`` came before ``waiting()`` turned false."""
        while self.seen(fragment) < count:
            if not waiting():
                return False
            time.sleep(0.02)
        return True

    def kill(self) -> None:
        """SIGKILL to the whole group; return once no process of it is left."""
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):  # it ended just now
            os.killpg(group, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 30
        while _group_alive(group):
            assert time.monotonic() < deadline, f"process group {group} outlived SIGKILL"
            time.sleep(0.05)
        self._reader.join(30)

    def stop(self, timeout: float = 120) -> int:
        """Ctrl+C, as an operator stops it (the story process saves its index); the exit
        status."""
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"ingest did not stop on Ctrl+C:\n{self.output()}") from None
        self._reader.join(30)
        return code

    def output(self, last: int = 60) -> str:
        """The last lines of its output, for failure messages."""
        return "".join(self.lines[-last:])

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for line in self.process.stdout:
                self.lines.append(line)


def _group_alive(group: int) -> bool:
    """Whether a process of ``group`` still runs (zombies waiting for init are done)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


class WriteWatch:
    """Sees, from outside, whether the store has a write transaction open."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self._sqlite: sqlite3.Connection | None = None
        self._engine = None
        if url.get_backend_name() == "sqlite":
            self._sqlite = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
        else:
            self._engine = create_engine(url, pool_pre_ping=True)  # outlives restarts

    def writing(self, tables: str = "") -> bool:
        """Whether another connection has written in a transaction not yet committed (on
        PostgreSQL, with ``tables``: one whose statement, now or last, matches that
        regular expression)."""
        if self._sqlite is not None:
            return _sqlite_locked(self._sqlite)
        assert self._engine is not None
        query = text(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            " AND query ~ :tables)"
        )
        try:
            with self._engine.connect() as conn:
                return bool(conn.execute(query, {"tables": tables}).scalar())
        except SQLAlchemyError:
            return False  # the server is restarting

    def wait_writes(self, count: int, waiting: Waiting, tables: str = "") -> bool:
        """Whether ``count`` write transactions were seen open (see ``writing``) before
        ``waiting()`` turned false; returns while the last one is still open."""
        seen, was = 0, False
        while waiting():
            now = self.writing(tables)
            seen += now and not was
            if seen >= count:
                return True
            was = now
            time.sleep(0.003)
        return False

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._engine is not None:
            self._engine.dispose()


def _sqlite_locked(conn: sqlite3.Connection) -> bool:
    """SQLite lets one writer in at a time: ``BEGIN IMMEDIATE`` fails while one writes."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    conn.execute("ROLLBACK")
    return False
