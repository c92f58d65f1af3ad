"""What the story clusterer keeps of each story, and how two stories become one.

A story holds its members' ids, its coverage (first and last dated article, outlets), the
sum of its members' embeddings and of their sparse evidence (the story as a whole), and
the latest members one by one (the story's closest member to a newcomer is among them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from tidings.stories.mentions import SparseVector, channel_of
from tidings.stories.story_docs import StoryDoc, StorySummary, as_utc, day_number

__all__ = ["MEANING", "Member", "StoryState", "Vector", "headline", "member_of"]

MEANING = "meaning"  # the channel of embedding evidence

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Member:
    """An article as the clusterer compares it: meaning, evidence, and when it came in."""

    doc_id: str
    headline: str
    vector: Vector
    evidence: SparseVector
    channels: frozenset[str]  # kinds of evidence the article has
    day: float | None
    tick: int  # its place in arrival order


def headline(doc: StoryDoc) -> str:
    """The article's headline, or its first line when it has none ("" for an empty text)."""
    if doc.title and doc.title.strip():
        return " ".join(doc.title.split())
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return first[:160]


def member_of(
    doc: StoryDoc, vector: Vector, evidence: SparseVector, tick: int, *, readable: bool = True
) -> Member:
    """The ``Member`` an article becomes. ``readable``: the embedding model reads the
    article's language, so its vector is evidence (the ``meaning`` channel)."""
    channels = frozenset(channel_of(key) for key in evidence) | ({MEANING} if readable else set())
    return Member(
        doc.id, headline(doc), vector, evidence, channels, day_number(doc.published), tick
    )


@dataclass
class StoryState:
    """One story in memory. ``recent`` is in arrival order and at most ``keep`` long."""

    id: str
    vector_sum: Vector
    started: int  # tick of its first article
    members: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_updated: datetime | None = None
    outlets: set[str] = field(default_factory=set)
    recent: list[Member] = field(default_factory=list)
    evidence: dict[str, float] = field(default_factory=dict)
    channels: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, story_id: str, member: Member) -> StoryState:
        """An empty story that ``member`` is about to join."""
        return cls(story_id, np.zeros_like(member.vector), member.tick)

    @property
    def size(self) -> int:
        """How many articles the story holds."""
        return len(self.members)

    def span(self) -> tuple[float | None, float | None]:
        """Day numbers of the first and last dated member (None when none is dated)."""
        return day_number(self.first_seen), day_number(self.last_updated)

    def add(self, doc: StoryDoc, member: Member, keep: int) -> None:
        """Take one article."""
        self.members.append(doc.id)
        if doc.published is not None:
            moment = as_utc(doc.published)
            self.first_seen = min(self.first_seen or moment, moment)
            self.last_updated = max(self.last_updated or moment, moment)
        if doc.outlet:
            self.outlets.add(doc.outlet)
        self.vector_sum = self.vector_sum + member.vector
        self.recent.append(member)
        del self.recent[:-keep]
        for key, weight in member.evidence.items():
            self.evidence[key] = self.evidence.get(key, 0.0) + weight
        self.channels |= member.channels

    def absorb(self, other: StoryState, keep: int) -> None:
        """Take every article of ``other``, as if they had joined this story all along."""
        self.members.extend(other.members)
        moments = [self.first_seen, other.first_seen]
        self.first_seen = min((m for m in moments if m is not None), default=None)
        moments = [self.last_updated, other.last_updated]
        self.last_updated = max((m for m in moments if m is not None), default=None)
        self.outlets |= other.outlets
        self.vector_sum = self.vector_sum + other.vector_sum
        self.recent = sorted(self.recent + other.recent, key=lambda m: m.tick)[-keep:]
        for key, weight in other.evidence.items():
            self.evidence[key] = self.evidence.get(key, 0.0) + weight
        self.channels |= other.channels
        self.started = min(self.started, other.started)

    def summary(self) -> StorySummary:
        """The story as readers see it."""
        titled = [m for m in self.recent if m.headline]
        centre = self.vector_sum
        # The most representative headline: its member's vector is nearest the centroid.
        best = max(titled, key=lambda m: float(m.vector @ centre), default=None)
        return StorySummary(
            id=self.id,
            title=best.headline if best else None,
            first_seen=self.first_seen,
            last_updated=self.last_updated,
            outlets=len(self.outlets),
            size=self.size,
            members=tuple(self.members),
        )
