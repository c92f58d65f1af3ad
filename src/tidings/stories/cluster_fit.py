"""How well an article fits a story, and how well two stories fit each other.

An article's fit to a story blends kinds of evidence, each taken against the story as a
whole (the mean similarity to its members) and against its closest member:

- what it is about: cosine of sentence embeddings of headline and lead;
- who, how much and when: rarity-weighted names, numbers and dates, each kind compared on
  its own (``stories.mentions``). Two earthquakes read alike; their places, dates and
  magnitudes do not.

Two stories fit each other as well as their members fit the other story on average, each
way (average link): one stray member that reads like the other story cannot merge them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tidings.stories.cluster_story import MEANING, Member, StoryState
from tidings.stories.mentions import CHANNELS, channel_dots

__all__ = ["ClusterParams", "fit", "link", "time_penalty"]


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """How articles are matched to stories (chosen on the clustering dev sets)."""

    threshold: float = 0.375  # least fit for joining a story
    # Weights of the kinds of evidence, normalised over the kinds both sides have:
    embedding_weight: float = 0.2
    name_weight: float = 0.5
    number_weight: float = 0.1
    date_weight: float = 0.2
    member_weight: float = 0.3  # closest member vs the story as a whole
    lead_chars: int = 600  # headline and lead whose keys count again
    lead_weight: float = 1.0
    window_days: float = 7.0  # stories quiet for longer close
    grace_days: float = 2.0  # gaps up to this cost nothing
    penalty_per_day: float = 0.02  # fit lost per day of gap beyond the grace
    max_open: int = 5000  # open stories kept when articles are undated
    shortlist: int = 20  # stories scored in full, best by embedding first
    members_kept: int = 64  # latest members per story compared one by one
    members_compared: int = 8  # of those, nearest in meaning whose evidence is compared
    # Merging: an article that could join several stories may show they are one story.
    merge_candidates: int = 3  # runners-up, after the story joined, checked for a merge
    merge_margin: float = 0.05  # stories merge at a link this far above the threshold
    merge_members: int = 16  # latest members of each story compared for a merge
    # Languages the embedding model was trained on. Its vectors of other languages sit
    # close together whatever they say (French news pairs about different events average
    # 0.43 cosine with all-MiniLM-L6-v2, English ones 0.13), so for an article in another
    # language, or a story with none in these, only names, numbers and dates count.
    model_languages: tuple[str, ...] = ("en",)


def time_penalty(gap_days: float, params: ClusterParams) -> float:
    """Fit lost to a gap in time between an article and a story (or two stories)."""
    return params.penalty_per_day * max(0.0, gap_days - params.grace_days)


def fit(story: StoryState, member: Member, params: ClusterParams) -> float:
    """How well the article fits the story, 0 to 1 (before any time penalty)."""
    p = params
    m = p.member_weight
    mean = float(story.vector_sum @ member.vector) / story.size
    similar = np.stack([other.vector for other in story.recent]) @ member.vector
    score = total = 0.0
    if MEANING in member.channels and MEANING in story.channels:
        score = p.embedding_weight * ((1 - m) * mean + m * float(similar.max()))
        total = p.embedding_weight
    whole = channel_dots(member.evidence, story.evidence)
    # Names, numbers and dates are compared with the members nearest in meaning only:
    # the closest by evidence is almost always among them, at a fraction of the cost.
    nearest = dict.fromkeys(CHANNELS, 0.0)
    for index in np.argsort(-similar)[: p.members_compared].tolist():
        for channel, value in channel_dots(member.evidence, story.recent[index].evidence).items():
            nearest[channel] = max(nearest[channel], value)
    weights = {"name": p.name_weight, "number": p.number_weight, "date": p.date_weight}
    for channel, weight in weights.items():
        # Evidence one side lacks says nothing either way: an undated article is not
        # unlike a dated story.
        if channel not in member.channels or channel not in story.channels:
            continue
        total += weight
        score += weight * ((1 - m) * whole[channel] / story.size + m * nearest[channel])
    return score / total if total else 0.0


def _gap(a: StoryState, b: StoryState) -> float:
    (a_first, a_last), (b_first, b_last) = a.span(), b.span()
    if a_first is None or a_last is None or b_first is None or b_last is None:
        return 0.0
    return max(0.0, b_first - a_last, a_first - b_last)


def link(a: StoryState, b: StoryState, params: ClusterParams) -> float:
    """How well two stories fit each other: the mean fit of each one's latest members to
    the other, averaged over both ways, less the time penalty for the gap between them."""

    def one_way(story: StoryState, others: StoryState) -> float:
        members = others.recent[-params.merge_members :]
        return sum(fit(story, member, params) for member in members) / len(members)

    both = (one_way(a, b) + one_way(b, a)) / 2
    return both - time_penalty(_gap(a, b), params)
