"""`tidings run --workers N`: N processes answer on one port (Linux: read from /proc)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc")

TIDINGS = Path(sys.executable).with_name("tidings")


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            with contextlib.suppress(OSError):
                for child in (task / "children").read_text().split():
                    if int(child) not in found:
                        found.add(int(child))
                        todo.append(int(child))
    return found


def _server_end(server_port: int, client_port: int) -> int:
    """The inode of the server's socket of the connection from ``client_port``."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], int(fields[9])
        if int(local.split(":")[1], 16) == server_port and (
            int(remote.split(":")[1], 16) == client_port
        ):
            return inode
    raise AssertionError("no such connection")


def _holder(pids: set[int], inode: int) -> int:
    """Which of ``pids`` holds the socket ``inode``."""
    wanted = f"socket:[{inode}]"
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) == wanted:
                        return pid
    raise AssertionError("no process holds the connection")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    env = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_STARTER_SOURCES": "false",
        "TIDINGS_INGEST_ON_START": "false",
    }
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(TIDINGS), "run", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120  # a loaded machine imports slowly
        while True:
            assert process.poll() is None, log.read_text()
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            assert time.monotonic() < deadline, "tidings run did not answer"
            time.sleep(0.2)
        yield process, port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_web_processes_each_answer(served: tuple[subprocess.Popen[bytes], int]) -> None:
    """Each answer comes from a process the one before could not be: it was stopped."""
    process, port = served
    children = _descendants(process.pid)
    answered: list[int] = []
    held: list[socket.socket] = []
    try:
        for _ in range(2):
            conn = socket.create_connection(("127.0.0.1", port), timeout=30)
            held.append(conn)
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert conn.recv(4096).startswith(b"HTTP/1.1 200")
            pid = _holder(children, _server_end(port, conn.getsockname()[1]))
            assert pid not in answered
            answered.append(pid)
            os.kill(pid, signal.SIGSTOP)  # the next connection must go to another
    finally:
        for pid in answered:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        for conn in held:
            conn.close()
    assert len(set(answered)) == 2
    assert process.pid not in answered  # the supervisor serves nothing


def test_each_of_several_web_processes_renders_on_one_thread_where_views_compute(
    tmp_path: Path,
) -> None:
    """With SQLite and no model server, a second render thread in a process only takes
    turns on the interpreter lock (docs/serving.md#threads): one each, unless set; where
    views wait (a model server, PostgreSQL), the waiting pool stays."""
    from tidings.cli.web_processes import computing_alone
    from tidings.config import WAITING_THREADS, Settings

    alone = computing_alone(Settings(data_dir=tmp_path))
    assert alone.render_threads == 1
    assert Settings(data_dir=tmp_path).render_threads > 1  # one process keeps its pool
    chosen = computing_alone(Settings(data_dir=tmp_path, web_threads=3))
    assert chosen.render_threads == 3
    waiting = computing_alone(Settings(data_dir=tmp_path, ai_server_url="http://127.0.0.1:9"))
    assert waiting.render_threads == WAITING_THREADS
