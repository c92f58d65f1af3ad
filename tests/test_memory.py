"""The malloc arena limit the web process sets before its threads start."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tidings.memory import limit_malloc_arenas


def test_zero_leaves_the_default() -> None:
    assert limit_malloc_arenas(0) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_threads_share_the_arenas_allowed() -> None:
    """In a fresh process, 16 threads allocating at once use at most the arenas allowed
    (glibc's default would give most of them one each): counted from malloc_stats."""
    script = """
import ctypes, sys, threading
from tidings.memory import limit_malloc_arenas
assert limit_malloc_arenas(int(sys.argv[1]))
start = threading.Barrier(16)
def work():
    start.wait()
    kept = [bytearray(2000) for _ in range(20000)]
    del kept
threads = [threading.Thread(target=work) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
ctypes.CDLL(None).malloc_stats()
"""
    arenas = {}
    for limit in (1, 2):
        done = subprocess.run(
            [sys.executable, "-c", script, str(limit)], capture_output=True, text=True, check=True
        )
        arenas[limit] = done.stderr.count("Arena ")
    assert arenas == {1: 1, 2: 2}
