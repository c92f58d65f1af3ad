"""The malloc arena limit the web process sets before its threads start, and trimming."""

from __future__ import annotations

import os
import pathlib
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


def test_a_web_process_keeps_its_start_up_out_of_the_collectors_passes(
    tmp_path: pathlib.Path,
) -> None:
    """A web process of ``tidings run --workers N`` freezes what start-up built, so the
    collector's full passes walk only what requests make; a later object is not frozen."""
    script = """
import gc, sys
from tidings.cli.web_processes import web_process
app = web_process()
frozen = gc.get_freeze_count()
later = [object() for _ in range(10)], {"a": [1]}
gc.collect()
print(frozen, gc.get_freeze_count(), len(gc.get_objects(generation=2)))
"""
    env = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path),
        "TIDINGS_STARTER_SOURCES": "false",
        "TIDINGS_INGEST_ON_START": "false",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    frozen, still, gen2 = (int(n) for n in done.stdout.split())
    assert frozen > 50_000  # modules, routes, templates: the start-up heap
    assert still == frozen  # nothing made after start-up is frozen
    assert gen2 < frozen // 10  # what a full pass still walks
