"""What the tests of readers' accounts share: a quick argon2id hasher (same algorithm, a
fraction of the memory and time), their password, and a clock the tests move."""

from __future__ import annotations

from datetime import UTC, datetime

import argon2

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
QUICK = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=argon2.Type.ID)
PASSWORD = "correct horse battery"


class Clock:
    """The app's clock, moved by the tests."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now
