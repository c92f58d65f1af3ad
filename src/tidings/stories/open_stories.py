"""The stories still open to new articles, as arrays the clusterer scores in one pass.

Each open story has a row: the sum of its members' embeddings, its size, the days (since
0001-01-01, UTC) of its first and last dated member, and when it last took an article.
Scoring every open story is one matrix product, so the cost of an assignment grows with
the number of open stories (a time window's worth), never with all the stories seen.
Rows are removed by moving the last row into the gap; a story's row number is not stable.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["OpenStories"]

Floats = npt.NDArray[np.float64]


class OpenStories:
    """Open stories' summed vectors, sizes and time spans, with removal by id."""

    def __init__(self, dim: int, capacity: int = 256) -> None:
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self._sums = np.zeros((capacity, dim), dtype=np.float32)
        self._sizes = np.zeros(capacity, dtype=np.float64)
        self._first = np.full(capacity, np.nan)
        self._last = np.full(capacity, np.nan)
        self._touched = np.zeros(capacity, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._row

    def _grow(self) -> None:
        capacity = 2 * len(self._sizes)
        self._sums = np.resize(self._sums, (capacity, self._sums.shape[1]))
        self._sizes = np.resize(self._sizes, capacity)
        self._first = np.resize(self._first, capacity)
        self._last = np.resize(self._last, capacity)
        self._touched = np.resize(self._touched, capacity)

    def add(
        self, story_id: str, vector: npt.NDArray[np.float32], day: float | None, tick: int
    ) -> None:
        """Open a story holding one article."""
        self.reopen(story_id, vector, 1, (day, day), tick)

    def reopen(
        self,
        story_id: str,
        vector_sum: npt.NDArray[np.float32],
        size: int,
        span: tuple[float | None, float | None],
        tick: int,
    ) -> None:
        """Open a story that already holds ``size`` articles (restored, or closed before)."""
        if len(self.ids) == len(self._sizes):
            self._grow()
        row = len(self.ids)
        self.ids.append(story_id)
        self._row[story_id] = row
        self._sums[row] = vector_sum
        self._sizes[row] = float(size)
        first, last = span
        self._first[row] = np.nan if first is None else first
        self._last[row] = np.nan if last is None else last
        self._touched[row] = tick

    def join(
        self, story_id: str, vector: npt.NDArray[np.float32], day: float | None, tick: int
    ) -> None:
        """Add one article to an open story."""
        row = self._row[story_id]
        self._sums[row] += vector
        self._sizes[row] += 1.0
        self._touched[row] = tick
        if day is not None:
            self._first[row] = np.fmin(self._first[row], day)
            self._last[row] = np.fmax(self._last[row], day)

    def absorb(self, story_id: str, other: str) -> None:
        """Merge the open story ``other`` into ``story_id``; ``other`` closes."""
        row, gone = self._row[story_id], self._row[other]
        self._sums[row] += self._sums[gone]
        self._sizes[row] += self._sizes[gone]
        self._first[row] = np.fmin(self._first[row], self._first[gone])
        self._last[row] = np.fmax(self._last[row], self._last[gone])
        self._touched[row] = max(self._touched[row], self._touched[gone])
        self.remove(other)

    def remove(self, story_id: str) -> None:
        """Close a story: it takes no more articles."""
        row = self._row.pop(story_id)
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.ids[row] = moved
            self._row[moved] = row
            for array in (self._sums, self._sizes, self._first, self._last, self._touched):
                array[row] = array[last]
        self.ids.pop()

    def mean_similarity(self, vector: npt.NDArray[np.float32]) -> Floats:
        """Each open story's mean cosine similarity to ``vector`` (unit vectors throughout)."""
        count = len(self.ids)
        raw = self._sums[:count] @ vector
        return np.asarray(raw, dtype=np.float64) / self._sizes[:count]

    def gaps(self, day: float | None) -> Floats:
        """Days between ``day`` and each story's dated span; 0 inside it or when undated."""
        count = len(self.ids)
        if day is None:
            return np.zeros(count)
        before = self._first[:count] - day
        after = day - self._last[:count]
        return np.nan_to_num(np.fmax(np.fmax(before, after), 0.0), nan=0.0)

    def stale(self, day: float, window_days: float) -> list[str]:
        """Dated stories whose last article is more than ``window_days`` before ``day``."""
        count = len(self.ids)
        old = np.flatnonzero(self._last[:count] < day - window_days)
        return [self.ids[row] for row in old]

    def least_recent(self, keep: int) -> list[str]:
        """All but the ``keep`` stories that took an article most recently."""
        count = len(self.ids)
        if count <= keep:
            return []
        order = np.argsort(self._touched[:count], kind="stable")
        return [self.ids[row] for row in order[: count - keep]]
