"""Keeping a long-running server's memory flat: few malloc arenas, trimmed now and then.

glibc gives each thread that allocates under contention an arena of its own, up to eight
per core, and returns little of an arena's freed memory to the system. A web process with
Starlette's pool of ``web_threads`` threads then grows for as long as it serves: in the
10-minute soak (``make bench``, docs/benchmarks.md) the server grew 42% with glibc's
default and 9% with two arenas. ``limit_malloc_arenas``
sets that ceiling (``mallopt(M_ARENA_MAX)``) before any thread starts; setting
``MALLOC_ARENA_MAX`` in the environment does the same for any process.

Even with two arenas, memory freed in the middle of an arena stays with the process:
pages rendered and dropped, feeds and article pages parsed by in-process ingest. Python
cannot hand it back, and a resident size that only climbs cannot tell such free memory
from a leak. ``start_trimming`` calls glibc's ``malloc_trim(0)`` every few seconds from a
daemon thread, which returns the free pages of every arena to the system; the process's
resident size then follows what it really holds.

A server's start-up builds a heap that lives as long as the process: modules, routes,
templates and the models' Python objects, about 170,000 tracked objects. Python's
collector walks all of them in each full pass, and the passes come every few large
answers (10,000 GReader ids are tens of thousands of new objects): each took about 110 ms,
the slowest twentieth of API requests at 100,000 articles. ``freeze_start_up`` moves what
start-up built out of the collector's sight (``gc.freeze``) once the app is built, so a
full pass walks only what requests make.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import threading
from typing import Any

__all__ = ["freeze_start_up", "limit_malloc_arenas", "start_trimming", "trim_memory"]

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # glibc's malloc.h


def _libc(name: str) -> Any | None:
    """A function of the C library this process runs on (glibc on Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def limit_malloc_arenas(count: int) -> bool:
    """Let this process's threads share at most ``count`` malloc arenas (glibc on Linux;
    elsewhere, or with ``count`` 0, nothing changes). True when the limit took."""
    if count <= 0:
        return False
    mallopt = _libc("mallopt")
    if mallopt is None:
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(_M_ARENA_MAX, count))
    if not done:
        log.info("this C library does not take a malloc arena limit")
    return done


def trim_memory() -> bool:
    """Return the C library's free memory to the system now; True when it returned some
    (False without glibc)."""
    malloc_trim = _libc("malloc_trim")
    if malloc_trim is None:
        return False
    malloc_trim.argtypes = (ctypes.c_size_t,)
    malloc_trim.restype = ctypes.c_int
    return bool(malloc_trim(0))


def start_trimming(seconds: float) -> threading.Event | None:
    """Trim every ``seconds`` in a daemon thread, until the returned event is set; None
    when ``seconds`` is 0 or the C library cannot trim."""
    if seconds <= 0 or _libc("malloc_trim") is None:
        return None
    stop = threading.Event()

    def trim() -> None:
        while not stop.wait(seconds):
            trim_memory()

    threading.Thread(target=trim, name="tidings-malloc-trim", daemon=True).start()
    return stop


def freeze_start_up() -> int:
    """Collect once, then keep every object that exists now out of the collector's
    passes (for the life of the process); how many objects that keeps out."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
