"""How the soak sends its traffic and what it keeps of the answers.

- ``closed_loop``: a number of clients, each sending its next request when the last is
  answered: the most the pair (server, this client) can do, for the peak.
- ``open_loop``: requests started on a schedule, at a fixed rate, whether or not earlier
  ones are answered, as independent readers arrive; a slow server then shows as latency
  and as requests in flight, not as a lower rate.
- ``Recorder``: answers by status, latencies by group, and every 5xx, unanswered request
  and unexpected status with its URL.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "GROUPS",
    "MAX_IN_FLIGHT",
    "Recorder",
    "Sender",
    "closed_loop",
    "open_loop",
    "percentile",
]

GROUPS = ("pages", "feeds", "search", "signed-in", "writes")
MAX_IN_FLIGHT = 256


class Sender(Protocol):
    """What the loops drive: one request of the mix per call."""

    async def one(self) -> None:
        """Send the next request and record its answer."""


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``ordered`` (NaN when empty)."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * share + 0.5) - 1))]


@dataclass
class Recorder:
    """What one phase's requests got: statuses, latencies by group, problems with URLs."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {g: [] for g in GROUPS})
    statuses: Counter[int] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    posted_comments: int = 0
    refused_comments: int = 0
    answered_at: list[tuple[float, float]] = field(default_factory=list)  # monotonic, seconds

    @property
    def requests(self) -> int:
        """Requests answered or given up on."""
        return sum(self.statuses.values()) + len(self.unanswered)

    def record(
        self,
        group: str,
        action: str,
        request: str,
        status: int | None,
        seconds: float,
        expected: frozenset[int] | None,
    ) -> None:
        """One request: ``status`` None when it got no answer; ``expected`` None: any
        status below 500."""
        self.actions[action] += 1
        if status is None:
            self.unanswered.append(request)
            return
        self.statuses[status] += 1
        self.latencies[group].append(seconds)
        self.answered_at.append((time.monotonic(), seconds))
        if status >= 500:
            self.server_errors.append(f"{status} {request}")
        elif expected is not None and status not in expected:
            self.unexpected.append(f"{status} {request}")

    def by_class(self) -> dict[str, int]:
        """Answers by status class (``2xx``...), and the unanswered."""
        classes: Counter[str] = Counter()
        for status, count in self.statuses.items():
            classes[f"{status // 100}xx"] += count
        return {**dict(sorted(classes.items())), "unanswered": len(self.unanswered)}

    def latency_ms(self, group: str | None = None) -> dict[str, float]:
        """p50, p95 and p99 in milliseconds, of one group or of all."""
        chosen = self.latencies[group] if group else list(itertools.chain(*self.latencies.values()))
        ordered = sorted(chosen)
        return {f"p{q}": round(percentile(ordered, q / 100) * 1000, 1) for q in (50, 95, 99)}

    def windows(self, start: float, end: float, width: float) -> list[dict[str, float]]:
        """Answers per second, p50 and p95 (ms) in windows of ``width`` seconds from
        ``start``: whether latency holds steady or climbs as the soak goes on."""
        rows = []
        edges = [start + i * width for i in range(int((end - start) / width + 0.999) + 1)]
        for left, right in itertools.pairwise(edges):
            ordered = sorted(s for at, s in self.answered_at if left <= at < right)
            rows.append(
                {
                    "until_s": round(right - start),
                    "rps": round(len(ordered) / width, 1),
                    "p50_ms": round(percentile(ordered, 0.5) * 1000, 1),
                    "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
                }
            )
        return rows


async def closed_loop(traffic: Sender, clients: int, seconds: float) -> float:
    """``clients`` readers each sending the next request when the last is answered;
    returns the seconds until all were answered."""
    start = time.monotonic()
    stop = start + seconds

    async def client() -> None:
        while time.monotonic() < stop:
            await traffic.one()

    await asyncio.gather(*(client() for _ in range(clients)))
    return time.monotonic() - start


async def open_loop(traffic: Sender, rate: float, seconds: float) -> dict[str, float]:
    """Start requests at ``rate`` per second for ``seconds``, each on schedule however many
    are unanswered (at most ``MAX_IN_FLIGHT``); how closely the schedule was kept."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    pending: set[asyncio.Task[None]] = set()
    failures: list[BaseException] = []
    sent, late, worst = 0, 0, 0.0

    def finished(task: asyncio.Task[None]) -> None:
        pending.discard(task)
        error = None if task.cancelled() else task.exception()
        if error is not None:  # a fault of the soak itself, not an answer of the server
            failures.append(error)

    while (due := start + sent / rate) < start + seconds and not failures:
        if (wait := due - loop.time()) > 0:
            await asyncio.sleep(wait)
        while len(pending) >= MAX_IN_FLIGHT:
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        lag = loop.time() - due
        worst, late = max(worst, lag), late + (lag > 1.0)
        task = loop.create_task(traffic.one())
        pending.add(task)
        task.add_done_callback(finished)
        sent += 1
    sending = loop.time() - start
    await asyncio.gather(*pending, return_exceptions=True)
    if failures:
        raise failures[0]
    return {"sent": sent, "seconds": sending, "late": late, "worst_lag_s": round(worst, 3)}
