"""AI outputs kept in the store: key points, briefs, answers and translations, each under a
key naming its kind and subject (``pipeline/ai_cache.py`` makes the keys)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select

from tidings.store.schema import ai_outputs
from tidings.store.sql_base import SqlBase

__all__ = ["AiOutputQueries"]

_AI_OUTPUT = select(ai_outputs.c.payload).where(ai_outputs.c.key == bindparam("key"))


class AiOutputQueries(SqlBase):
    """``ai_output``, ``save_ai_output(s)`` and ``prune_ai_outputs``."""

    def ai_output(self, key: str) -> dict[str, Any] | None:
        """The stored AI output under ``key``, or None."""
        with self._connect() as conn:
            payload = conn.execute(_AI_OUTPUT, {"key": _ai_key(key)}).scalar_one_or_none()
        return payload if isinstance(payload, dict) else None

    def save_ai_output(self, key: str, payload: dict[str, Any], *, now: datetime) -> None:
        """Keep ``payload`` under ``key``, replacing what was there."""
        hashed = _ai_key(key)
        with self._begin() as conn:
            conn.execute(delete(ai_outputs).where(ai_outputs.c.key == hashed))
            conn.execute(ai_outputs.insert().values(key=hashed, payload=payload, created_at=now))

    def save_ai_outputs(
        self, outputs: Sequence[tuple[str, dict[str, Any]]], *, now: datetime
    ) -> None:
        """Keep each ``(key, payload)``, replacing what was there, in one transaction."""
        if not outputs:
            return
        rows = {_ai_key(key): payload for key, payload in outputs}  # the last one wins
        with self._begin() as conn:
            conn.execute(delete(ai_outputs).where(ai_outputs.c.key.in_(list(rows))))
            conn.execute(
                ai_outputs.insert(),
                [{"key": k, "payload": p, "created_at": now} for k, p in rows.items()],
            )

    def prune_ai_outputs(self, before: datetime) -> int:
        """Drop outputs made before ``before``; how many went."""
        with self._begin() as conn:
            result = conn.execute(delete(ai_outputs).where(ai_outputs.c.created_at < before))
            return int(result.rowcount or 0)


def _ai_key(key: str) -> str:
    # Keys name their kind and subject in the clear; stored as a fixed-length hash.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
