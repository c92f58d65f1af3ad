"""Where AI outputs are kept: in memory, and in the store for every worker and restart.

A key names what an output was made from and by (``ai_cache_key``): another text, language,
backend or model makes another key, so an entry is never stale, only unused; unused ones
older than ``KEEP_OUTPUTS`` are pruned now and then.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx

from tidings.ai.backends import primary_language
from tidings.ai.model_server import OpenAICompatible
from tidings.config import Settings
from tidings.errors import StoreError
from tidings.store import Repository

__all__ = ["AiCache", "MemoryAiCache", "StoreAiCache", "ai_cache_key", "server_backend"]

log = logging.getLogger(__name__)

JSON = dict[str, Any]


class AiCache(Protocol):
    """Where AI outputs are kept between requests; payloads are JSON-serialisable dicts."""

    def get(self, key: str) -> JSON | None:
        """The payload stored under ``key``, or None."""
        ...

    def put(self, key: str, payload: JSON) -> None:
        """Store ``payload`` under ``key``, replacing what was there."""
        ...


class MemoryAiCache:
    """A small least-recently-used cache in this process (lost on restart)."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[str, JSON] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> JSON | None:
        """The payload under ``key``, marked as recently used."""
        with self._lock:
            payload = self._items.get(key)
            if payload is not None:
                self._items.move_to_end(key)
            return payload

    def put(self, key: str, payload: JSON) -> None:
        """Store ``payload``; the least recently used entry goes when full."""
        with self._lock:
            self._items[key] = payload
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


PRUNE_EVERY = 500  # outputs stored between two prunings
KEEP_OUTPUTS = timedelta(days=30)


class StoreAiCache:
    """Outputs kept in the database (shared by every web worker, kept over restarts), with
    the recently used ones also in memory. A store error only costs the cache: the output
    is made again."""

    def __init__(
        self, repository: Repository, clock: Callable[[], datetime], memory: int = 512
    ) -> None:
        self._repository = repository
        self._clock = clock
        self._memory = MemoryAiCache(memory)
        self._puts = 0

    def get(self, key: str) -> JSON | None:
        """The payload under ``key``: from memory, else from the store."""
        payload = self._memory.get(key)
        if payload is None:
            try:
                payload = self._repository.articles.ai_output(key)
            except StoreError as exc:
                log.warning("AI output cache unreadable: %s", exc)
                return None
            if payload is not None:
                self._memory.put(key, payload)
        return payload

    def put(self, key: str, payload: JSON) -> None:
        """Keep ``payload`` in memory and in the store."""
        self._memory.put(key, payload)
        now = self._clock()
        try:
            self._repository.articles.save_ai_output(key, payload, now=now)
            self._puts += 1
            if self._puts % PRUNE_EVERY == 0:  # outputs of old articles are rarely asked for
                self._repository.articles.prune_ai_outputs(now - KEEP_OUTPUTS)
        except StoreError as exc:
            log.warning("AI output not kept: %s", exc)


def server_backend(settings: Settings) -> str:
    """The model server as a cache key part: two servers with one model name may answer
    differently. Credentials and query are left out."""
    url = httpx.URL(settings.ai_server_url or "")
    return f"{OpenAICompatible.name} {url.copy_with(username=None, password=None, query=None)}"


def ai_cache_key(
    kind: str, subject_id: str, content: str, language: str, backend: str, model: str
) -> str:
    """The key of one output: readable kind and id, then a hash of everything else."""
    parts = [kind, subject_id, content, primary_language(language), backend, model]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"{kind}/{subject_id}/{digest[:40]}"
