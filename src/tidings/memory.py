"""Keeping a long-running server's memory flat: at most a few malloc arenas.

glibc gives each thread that allocates under contention an arena of its own, up to eight
per core, and returns little of an arena's freed memory to the system. A web process with
Starlette's pool of ``web_threads`` threads then grows for as long as it serves: in the
10-minute soak (``make bench``, docs/benchmarks.md) the server grew 42% with glibc's
default and 9% with two arenas. ``limit_malloc_arenas``
sets that ceiling (``mallopt(M_ARENA_MAX)``) before any thread starts; setting
``MALLOC_ARENA_MAX`` in the environment does the same for any process.
"""

from __future__ import annotations

import ctypes
import logging
import sys

__all__ = ["limit_malloc_arenas"]

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_malloc_arenas(count: int) -> bool:
    """Let this process's threads share at most ``count`` malloc arenas (glibc on Linux;
    elsewhere, or with ``count`` 0, nothing changes). True when the limit took."""
    if count <= 0 or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(_M_ARENA_MAX, count))
    if not done:
        log.info("this C library does not take a malloc arena limit")
    return done
