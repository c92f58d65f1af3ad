"""The media proxy's disk cache: image bytes under DATA_DIR/media, least recently used go first.

Files are named by a hash of the publisher URL. A hit refreshes the file's mtime (at most
hourly, to spare the disk), so pruning oldest-mtime-first approximates LRU. The cache is
best effort: a disk error loses an entry, never a response.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["MediaCache"]

log = logging.getLogger(__name__)

_TOUCH_AFTER_SECONDS = 3600.0
# Pruning goes below the cap, so that a full cache does not scan the folder on every write.
_PRUNE_TO = 0.8


class MediaCache:
    """Bytes by URL on disk, at most ``max_bytes`` in all (0: keep nothing)."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._size: int | None = None  # an estimate between scans; None until the first
        self._lock = threading.Lock()

    def _path(self, url: str) -> Path:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / key[:2] / key

    def get(self, url: str) -> bytes | None:
        """The bytes stored for ``url``, or None."""
        path = self._path(url)
        try:
            body = path.read_bytes()
            if time.time() - path.stat().st_mtime > _TOUCH_AFTER_SECONDS:
                os.utime(path)
        except OSError:
            return None
        return body

    def forget(self, url: str) -> None:
        """Drop ``url``'s entry (one that no longer checks out)."""
        with contextlib.suppress(OSError):
            self._path(url).unlink()

    def put(self, url: str, body: bytes) -> None:
        """Store ``body`` for ``url``, then prune if the cache has grown past its cap."""
        if len(body) > self.max_bytes:
            return
        path = self._path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(body)
                os.replace(temp, path)  # readers see the whole file or none
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as exc:
            log.warning("media cache: cannot store %s: %s", path.name, exc)
            return
        with self._lock:
            if self._size is not None:
                self._size += len(body)
            over = self._size is None or self._size > self.max_bytes
        if over:
            self.prune()

    def prune(self) -> None:
        """Delete the least recently used files until the cache is well under its cap."""
        with self._lock:
            entries: list[tuple[float, int, Path]] = []
            for path in self.folder.glob("*/*"):
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    entries.append((stat.st_mtime, stat.st_size, path))
            total = sum(size for _, size, _ in entries)
            if total > self.max_bytes:
                entries.sort(key=lambda entry: entry[0])
                goal = self.max_bytes * _PRUNE_TO
                for _, size, path in entries:
                    if total <= goal:
                        break
                    with contextlib.suppress(OSError):
                        path.unlink()
                        total -= size
            self._size = total
