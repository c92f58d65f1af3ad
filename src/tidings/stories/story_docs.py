"""What goes into the story clusterer and what comes out, and the order articles go in."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "Assignment",
    "StoryDoc",
    "StorySummary",
    "as_utc",
    "day_number",
    "in_date_order",
    "story_id_for",
]


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What the clusterer needs of an article."""

    id: str
    title: str | None
    text: str
    published: datetime | None = None
    outlet: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went. ``score`` is its fit to that story, or for a new story the
    best fit any open story offered (0.0 when there was none). ``merged`` names the stories
    this article showed to be part of ``story_id``: they were absorbed into it and are gone.
    ``regrouped`` names the two stories a split left, the story split (it keeps its id and
    its first article) and the one split off, when the article showed a story to hold two
    events; ``story_id`` is one of them, and each one's members changed."""

    doc_id: str
    story_id: str
    created: bool
    score: float
    merged: tuple[str, ...] = ()
    regrouped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as readers see it: its most representative headline and its coverage."""

    id: str
    title: str | None
    first_seen: datetime | None
    last_updated: datetime | None
    outlets: int
    size: int
    members: tuple[str, ...]


def story_id_for(doc_id: str) -> str:
    """A story's id: a hash of the article that started it, stable across runs."""
    return hashlib.sha256(f"story:{doc_id}".encode()).hexdigest()[:32]


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def day_number(moment: datetime | None) -> float | None:
    """Days since 0001-01-01 UTC, with the time of day as a fraction; None when undated."""
    if moment is None:
        return None
    utc = as_utc(moment)
    return utc.toordinal() + (utc.hour * 3600 + utc.minute * 60 + utc.second) / 86400


def in_date_order(docs: Sequence[StoryDoc]) -> list[int]:
    """Positions of ``docs`` by date, stable; an undated one keeps its place after the last
    dated document before it."""
    keys: list[float] = []
    latest = float("-inf")
    for doc in docs:
        day = day_number(doc.published)
        latest = latest if day is None else day
        keys.append(latest)
    return sorted(range(len(docs)), key=keys.__getitem__)
