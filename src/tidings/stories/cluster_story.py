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

__all__ = [
    "MEANING",
    "MULTILINGUAL",
    "Member",
    "StoryState",
    "Vector",
    "headline",
    "member_of",
]

MEANING = "meaning"  # the channel of the English model's embeddings
MULTILINGUAL = "multilingual"  # the channel of the multilingual model's embeddings

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Member:
    """An article as the clusterer compares it: meaning, evidence, and when it came in."""

    doc_id: str
    headline: str
    vector: Vector  # the English model's embedding (evidence only when ``readable``)
    evidence: SparseVector
    channels: frozenset[str]  # kinds of evidence the article has
    day: float | None
    tick: int  # its place in arrival order
    multilingual: Vector | None = None  # the multilingual model's embedding, when made
    language: str = ""  # primary subtag ("en"), "" when unknown
    words: int = 0  # of its headline and body
    published: datetime | None = None  # what ``day`` counts from, kept to rebuild a story
    outlet: str | None = None

    @property
    def readable(self) -> bool:
        """Whether the English model read the article's language."""
        return MEANING in self.channels


def headline(doc: StoryDoc) -> str:
    """The article's headline, or its first line when it has none ("" for an empty text)."""
    if doc.title and doc.title.strip():
        return " ".join(doc.title.split())
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return first[:160]


def member_of(
    doc: StoryDoc,
    vector: Vector,
    evidence: SparseVector,
    tick: int,
    *,
    readable: bool = True,
    multilingual: Vector | None = None,
    language: str = "",
) -> Member:
    """The ``Member`` an article becomes. ``readable``: the English model reads the
    article's language, so its vector is evidence (the ``meaning`` channel);
    ``multilingual``: its vector from the multilingual model (the ``multilingual`` one)."""
    channels = {channel_of(key) for key in evidence}
    if readable:
        channels.add(MEANING)
    if multilingual is not None:
        channels.add(MULTILINGUAL)
    return Member(
        doc.id,
        headline(doc),
        vector,
        evidence,
        frozenset(channels),
        day_number(doc.published),
        tick,
        multilingual,
        language,
        len(doc.text.split()) + len((doc.title or "").split()),
        doc.published,
        doc.outlet,
    )


@dataclass
class StoryState:
    """One story in memory. ``recent`` is in arrival order and at most ``keep`` long."""

    id: str
    vector_sum: Vector  # of the English model's vectors of the members it read
    started: int  # tick of its first article
    multilingual_sum: Vector | None = None  # of the members' multilingual vectors
    readable: int = 0  # members the English model read
    multilingual: int = 0  # members with a multilingual vector
    languages: set[str] = field(default_factory=set)  # of its members, where known
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
        zeros = None if member.multilingual is None else np.zeros_like(member.multilingual)
        return cls(story_id, np.zeros_like(member.vector), member.tick, zeros)

    @classmethod
    def of_members(
        cls, story_id: str, members: list[Member], keep: int, started: int | None = None
    ) -> StoryState:
        """A story holding ``members`` (in arrival order), as if they alone had joined it:
        what each part of a split story becomes."""
        story = cls.start(story_id, members[0])
        for member in members:
            story.add(
                StoryDoc(member.doc_id, None, "", member.published, member.outlet), member, keep
            )
        if started is not None:
            story.started = started
        return story

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
        if member.readable:
            self.vector_sum = self.vector_sum + member.vector
            self.readable += 1
        if member.multilingual is not None:
            if self.multilingual_sum is None:
                self.multilingual_sum = np.zeros_like(member.multilingual)
            self.multilingual_sum = self.multilingual_sum + member.multilingual
            self.multilingual += 1
        if member.language:
            self.languages.add(member.language)
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
        self.languages |= other.languages
        self.vector_sum = self.vector_sum + other.vector_sum
        self.readable += other.readable
        if other.multilingual_sum is not None:
            mine = self.multilingual_sum
            self.multilingual_sum = other.multilingual_sum + (0.0 if mine is None else mine)
            self.multilingual += other.multilingual
        self.recent = sorted(self.recent + other.recent, key=lambda m: m.tick)[-keep:]
        for key, weight in other.evidence.items():
            self.evidence[key] = self.evidence.get(key, 0.0) + weight
        self.channels |= other.channels
        self.started = min(self.started, other.started)

    def summary(self) -> StorySummary:
        """The story as readers see it."""
        # The most representative headline: its member's vector is nearest the centroid,
        # in the multilingual space when the story has one (it places every language).
        centre = self.multilingual_sum

        def closeness(member: Member) -> float:
            if centre is None:
                return float(member.vector @ self.vector_sum)
            if member.multilingual is None:
                return float("-inf")
            return float(member.multilingual @ centre)

        best = max((m for m in self.recent if m.headline), key=closeness, default=None)
        return StorySummary(
            id=self.id,
            title=best.headline if best else None,
            first_seen=self.first_seen,
            last_updated=self.last_updated,
            outlets=len(self.outlets),
            size=self.size,
            members=tuple(self.members),
        )
