"""The soak's memory probe (``soak.py --probe DIR``): loaded by ``tidings run`` through
``PYTHONPATH``, it writes one JSON line every ``SOAK_PROBE_SECONDS`` to
``DIR/probe-<pid>.jsonl`` with the parts of the server's memory that can be told apart:

- ``rss_anon_kb``: the process's own resident memory (what the soak judges);
- ``malloc_in_use_kb`` / ``malloc_free_kb``: glibc's heap in use and held free
  (``mallinfo2``: the free part is what fragmentation keeps between trims);
- ``sqlite_kb``: SQLite's own allocations (``sqlite3_memory_used``: its page caches);
- ``page_cache_kb``: the kept pages with their compressed copies;
- ``compressed_kb``: the compression layer's own store of compressed answers;
- ``statements``: the statements the engine compiled and keeps (up to 500);
- ``python_blocks``: blocks Python's allocator holds (``sys.getallocatedblocks``).

Only a process started as ``tidings run`` is probed; it is a bench tool, not loaded by
the product. It is how the soak's growth of December 2026 was placed (docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
import time
from typing import Any

_PAGE_CACHES: list[Any] = []
_COMPRESSED: list[Any] = []
_ENGINES: list[Any] = []


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _is_server() -> bool:
    with open("/proc/self/cmdline", "rb") as f:
        return b"tidings\0run" in f.read()


def _status_kb(name: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def _sample(libc: Any, sqlite: Any) -> dict[str, Any]:
    info = libc.mallinfo2()
    return {
        "rss_anon_kb": _status_kb("RssAnon"),
        "malloc_in_use_kb": info.uordblks >> 10,
        "malloc_free_kb": info.fordblks >> 10,
        "sqlite_kb": sqlite.sqlite3_memory_used() >> 10 if sqlite else None,
        "page_cache_kb": sum(c._bytes for c in _PAGE_CACHES) >> 10,
        "compressed_kb": sum(k._bytes for k in _COMPRESSED) >> 10,
        "statements": sum(len(e._compiled_cache or ()) for e in _ENGINES),
        "python_blocks": sys.getallocatedblocks(),
    }


def _run(folder: str, every: float) -> None:
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
    try:
        sqlite = ctypes.CDLL("libsqlite3.so.0")
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
    except OSError:
        sqlite = None
    path = os.path.join(folder, f"probe-{os.getpid()}.jsonl")
    began = time.monotonic()
    while True:
        time.sleep(every)
        row = {"t": round(time.monotonic() - began, 1), **_sample(libc, sqlite)}
        with open(path, "a") as f:
            f.write(json.dumps(row) + "\n")


def _install(folder: str) -> None:
    from tidings.store import database
    from tidings.web.middleware import compression, page_cache

    def follow(cls: Any, seen: list[Any]) -> None:
        made = cls.__init__

        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            made(self, *args, **kwargs)
            seen.append(self)

        cls.__init__ = init

    follow(page_cache.PageCache, _PAGE_CACHES)
    follow(compression._Kept, _COMPRESSED)
    create = database.create_store_engine

    def create_engine(*args: Any, **kwargs: Any) -> Any:
        engine = create(*args, **kwargs)
        _ENGINES.append(engine)
        return engine

    database.create_store_engine = create_engine
    every = float(os.environ.get("SOAK_PROBE_SECONDS", "10"))
    threading.Thread(target=_run, args=(folder, every), daemon=True).start()


if os.environ.get("SOAK_PROBE_DIR") and _is_server():
    _install(os.environ["SOAK_PROBE_DIR"])
