"""The malloc arena limit the web process sets before its threads start, and trimming."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tidings.memory import limit_malloc_arenas, start_trimming


def test_zero_leaves_the_default() -> None:
    assert limit_malloc_arenas(0) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_threads_share_the_arenas_allowed() -> None:
    """In a fresh process, 16 threads allocating at once use at most the arenas allowed
    (glibc's default would give most of them one each): counted from malloc_stats."""
    script = """
import ctypes, sys, threading
from tidings.memory import limit_malloc_arenas, start_trimming
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_trimming_hands_freed_memory_back() -> None:
    """60 MB freed under a block still in use stays with the process until it trims."""
    script = """
import re
from tidings.memory import trim_memory
def rss():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmRSS:\\s+(\\d+)", status.read()).group(1)) // 1024
blocks = [bytearray(2000) for _ in range(30000)]
pinned = bytearray(2000)  # above the freed blocks: the heap cannot simply shrink
del blocks
before = rss()
trimmed = trim_memory()
print(before, rss(), trimmed)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after, trimmed = done.stdout.split()
    assert trimmed == "True"
    assert int(before) - int(after) >= 40, done.stdout


def test_trimming_runs_until_stopped() -> None:
    assert start_trimming(0) is None
    stop = start_trimming(0.01)
    if stop is None:  # no glibc here: nothing to trim
        assert not sys.platform.startswith("linux")
        return
    assert any(t.name == "tidings-malloc-trim" for t in threading.enumerate())
    stop.set()
    for thread in threading.enumerate():
        if thread.name == "tidings-malloc-trim":
            thread.join(timeout=5)
    assert not any(t.name == "tidings-malloc-trim" for t in threading.enumerate())
