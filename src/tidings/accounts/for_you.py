"""The "For you" ranking: recent articles scored by what a reader follows and reads.

Pure: the view loads candidates, interests and seed vectors from the store and passes
them here. An article scores for each followed thing it matches (a story, a hashtag, a
source) and for its cosine similarity to the reader's profile: the mean of the vectors of
what they saved and read, each weighted by kind and decayed by age. Muted sources and
hashtags, and what the reader already read or saved, never appear. Each pick carries the
reason that contributed most, shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "Candidate",
    "Interests",
    "Pick",
    "Reason",
    "Seed",
    "profile_vector",
    "rank_for_you",
    "seed_weight",
]

Vector = npt.NDArray[np.float32]

# Score weights: a followed story is the most specific interest, a source the broadest.
STORY_WEIGHT = 3.0
HASHTAG_WEIGHT = 2.0
EXTRA_HASHTAG_WEIGHT = 0.25  # each further followed hashtag on the same article
SOURCE_WEIGHT = 1.5
SIMILARITY_WEIGHT = 3.0
FRESHNESS_WEIGHT = 0.5
FRESHNESS_HALF_LIFE = timedelta(hours=24)
# Below this cosine to the profile, an article is no more like the reader's reading than
# any other news. all-MiniLM-L6-v2 (int8, headline and lead as ingest embeds them) put
# unrelated articles of tests/web/test_for_you.py at -0.04 to 0.18, a cup final and its
# victory parade at 0.40, two reports of one bridge closure at 0.80.
MIN_SIMILARITY = 0.3
SAVED_WEIGHT = 2.0  # a save says more than an open
PROFILE_HALF_LIFE = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recent original article as the ranking sees it."""

    article_id: str
    source_id: int
    story_id: str | None
    sort_time: datetime
    tags: tuple[tuple[str, str], ...] = ()  # (slug, display)
    vector: Vector | None = None


@dataclass(frozen=True, slots=True)
class Seed:
    """Something the reader read or saved, with its stored vector."""

    article_id: str
    title: str
    how: Literal["read", "saved"]
    when: datetime
    vector: Vector


@dataclass(frozen=True, slots=True)
class Interests:
    """What a reader follows and mutes. Sources are keyed by id with their names."""

    hashtags: Mapping[str, str] = field(default_factory=dict)  # slug -> display
    sources: Mapping[int, str] = field(default_factory=dict)  # id -> name
    stories: frozenset[str] = frozenset()
    muted_hashtags: frozenset[str] = frozenset()
    muted_sources: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        """True when the reader follows nothing."""
        return not (self.hashtags or self.sources or self.stories)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an article is in "For you": ``kind`` and what it names (a hashtag's display, a
    source's name, a story, or the title of the similar article with ``how``)."""

    kind: Literal["story", "hashtag", "source", "similar"]
    name: str = ""
    how: Literal["read", "saved"] | None = None


@dataclass(frozen=True, slots=True)
class Pick:
    """One ranked article with its score and reason."""

    article_id: str
    score: float
    reason: Reason


def seed_weight(how: Literal["read", "saved"], when: datetime, now: datetime) -> float:
    """How much one read or save counts in the profile: saves double, halving every 14 days."""
    age: float = max((now - when) / PROFILE_HALF_LIFE, 0.0)
    kept: float = 0.5**age
    return (SAVED_WEIGHT if how == "saved" else 1.0) * kept


def profile_vector(seeds: Sequence[Seed], now: datetime) -> Vector | None:
    """The reader's profile: the weighted mean of the seeds' vectors, normalised."""
    if not seeds:
        return None
    weights = np.array([seed_weight(s.how, s.when, now) for s in seeds], dtype=np.float32)
    mean = (np.vstack([_unit(s.vector) for s in seeds]) * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(mean))
    return None if norm == 0.0 else (mean / norm).astype(np.float32)


def rank_for_you(
    candidates: Sequence[Candidate],
    interests: Interests,
    seeds: Sequence[Seed],
    now: datetime,
    *,
    min_similarity: float = MIN_SIMILARITY,
) -> list[Pick]:
    """Candidates that match an interest or the profile, best first (newer on ties)."""
    profile = profile_vector(seeds, now)
    seen = {s.article_id for s in seeds}
    seed_matrix = np.vstack([_unit(s.vector) for s in seeds]) if seeds else None
    picks: list[tuple[Pick, datetime]] = []
    for c in candidates:
        if c.article_id in seen or c.source_id in interests.muted_sources:
            continue
        if any(slug in interests.muted_hashtags for slug, _ in c.tags):
            continue
        parts: list[tuple[float, Reason]] = []
        if c.story_id is not None and c.story_id in interests.stories:
            parts.append((STORY_WEIGHT, Reason("story")))
        followed = [display for slug, display in c.tags if slug in interests.hashtags]
        if followed:
            weight = HASHTAG_WEIGHT + EXTRA_HASHTAG_WEIGHT * (len(followed) - 1)
            parts.append((weight, Reason("hashtag", followed[0])))
        if c.source_id in interests.sources:
            parts.append((SOURCE_WEIGHT, Reason("source", interests.sources[c.source_id])))
        if profile is not None and seed_matrix is not None and c.vector is not None:
            vector = _unit(c.vector)
            similarity = float(vector @ profile)
            if similarity >= min_similarity:
                nearest = seeds[int(np.argmax(seed_matrix @ vector))]
                parts.append(
                    (SIMILARITY_WEIGHT * similarity, Reason("similar", nearest.title, nearest.how))
                )
        if not parts:
            continue
        age = max((now - c.sort_time) / FRESHNESS_HALF_LIFE, 0.0)
        score = sum(weight for weight, _ in parts) + FRESHNESS_WEIGHT * 0.5**age
        reason = max(parts, key=lambda part: part[0])[1]
        picks.append((Pick(c.article_id, score, reason), c.sort_time))
    picks.sort(key=lambda p: (p[0].score, p[1], p[0].article_id), reverse=True)
    return [pick for pick, _ in picks]


def _unit(vector: npt.NDArray[np.floating]) -> Vector:
    v = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v if norm == 0.0 else (v / norm).astype(np.float32)
