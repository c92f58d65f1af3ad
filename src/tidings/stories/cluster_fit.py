"""How well an article fits a story, and how well two stories fit each other.

An article's fit to a story blends kinds of evidence, each taken against the story as a
whole (the mean similarity to its members) and against its closest member:

- what it is about: cosine of sentence embeddings of headline and lead, from two models:
  the English one (all-MiniLM-L6-v2) where it reads both sides, and the multilingual one
  (USE v3) for every language, so a German article can join an English story;
- who, how much and when: rarity-weighted names, numbers and dates, each kind compared on
  its own (``stories.mentions``). Two earthquakes read alike; their places, dates and
  magnitudes do not.

Two stories fit each other as well as their members fit the other story on average, each
way (average link): one stray member that reads like the other story cannot merge them.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tidings.enrich.embeddings import EMBEDDING_LEAD_CHARS
from tidings.enrich.multilingual import MULTILINGUAL_LEAD_CHARS
from tidings.stories.cluster_story import Member, StoryState
from tidings.stories.fit_model import FEATURES, FitModel, default_fit_model
from tidings.stories.mentions import CHANNELS, channel_dots, channel_of, restricted

__all__ = ["ClusterParams", "Features", "fit", "fit_features", "link", "time_penalty"]

Features = npt.NDArray[np.float64]
_AT = {name: at for at, name in enumerate(FEATURES)}
_LONG = 500  # words from which an article's length no longer matters to its evidence


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """How articles are matched to stories. The evidence's weights and the thresholds come
    from a fitted ``FitModel`` (``stories.fit_model``); the rest are the clusterer's rules."""

    model: FitModel = field(default_factory=default_fit_model)
    threshold: float | None = None  # least fit for joining a story (None: the model's)
    merge_threshold: float | None = None  # least link for merging two (None: the model's)
    english_lead_chars: int = EMBEDDING_LEAD_CHARS  # of the body, read by the English model
    multilingual_lead_chars: int = MULTILINGUAL_LEAD_CHARS  # and by the multilingual one
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
    merge_members: int = 16  # latest members of each story compared for a merge
    # A story that grows takes in nearby stories of at most this many articles when each
    # of their articles now fits it (a follow-up that came too early to be recognised).
    straggler_size: int = 2
    # How far below the least fit for joining a straggler's article may fit the grown
    # story and still be taken in, when no other open story fits it that well (None: the
    # model's).
    straggler_slack: float | None = None
    # A story whose members fall into two parts that fit each other less than this splits
    # (``stories.story_split``; None: the model's, which may be never), each part of at
    # least ``split_least`` articles.
    split_threshold: float | None = None
    split_least: int = 2
    # Languages the English embedding model was trained on. Its vectors of other languages
    # sit close together whatever they say (French news pairs about different events
    # average 0.43 cosine with all-MiniLM-L6-v2, English ones 0.13), so for an article in
    # another language, or a story with none in these, that channel says nothing.
    model_languages: tuple[str, ...] = ("en",)

    @property
    def join_at(self) -> float:
        """The least fit for joining a story."""
        return self.model.threshold if self.threshold is None else self.threshold

    @property
    def merge_at(self) -> float:
        """The least link between two stories for merging them."""
        chosen = self.merge_threshold
        return self.model.merge_threshold if chosen is None else chosen

    @property
    def gather_at(self) -> float:
        """The least fit for gathering a straggler into a grown story that is the only
        open story it fits so well."""
        slack = self.model.straggler_slack if self.straggler_slack is None else self.straggler_slack
        return self.join_at - slack

    @property
    def split_at(self) -> float | None:
        """The least link that keeps a story's two parts together (None: never split)."""
        chosen = self.split_threshold
        return self.model.split_threshold if chosen is None else chosen


def time_penalty(gap_days: float, params: ClusterParams) -> float:
    """Fit lost to a gap in time between an article and a story (or two stories)."""
    return params.penalty_per_day * max(0.0, gap_days - params.grace_days)


def fit_features(
    story: StoryState,
    member: Member,
    params: ClusterParams,
    international: Container[str] = frozenset(),
) -> Features:
    """The evidence on whether the article belongs to the story, as ``FEATURES`` orders
    it: each kind against the story as a whole and against its closest members, and a
    flag for each kind one side lacks (evidence one side lacks says nothing either way:
    an undated article is not unlike a dated story).

    When none of the story's articles is in the article's language, names, numbers and
    dates are compared over ``international`` keys only, those seen in two languages or
    more: a German article's common nouns, capitalised as German writes them, and an
    English story's local words can never match across, and would only dilute the keys
    that can ("Odile", "Vassaly", "3.75")."""
    p = params
    x = np.zeros(len(FEATURES))
    recent = story.recent
    english = np.stack([other.vector for other in recent]) @ member.vector
    closeness = np.zeros(len(recent))
    compared = False
    if member.readable and story.readable:
        read = np.array([other.readable for other in recent])
        x[_AT["english_mean"]] = float(story.vector_sum @ member.vector) / story.readable
        x[_AT["english_best"]] = float(english[read].max()) if read.any() else 0.0
        closeness += np.where(read, english, -1.0)
        compared = True
    else:
        x[_AT["english_missing"]] = 1.0
    vector = member.multilingual
    if vector is not None and story.multilingual_sum is not None and story.multilingual:
        zero = np.zeros_like(vector)
        others = np.stack([zero if o.multilingual is None else o.multilingual for o in recent])
        similar = others @ vector
        x[_AT["multilingual_mean"]] = float(story.multilingual_sum @ vector) / story.multilingual
        x[_AT["multilingual_best"]] = float(similar.max())
        closeness += similar
        compared = True
    else:
        x[_AT["multilingual_missing"]] = 1.0
    if not compared:  # no meaning to compare: the English model's guess beats none
        closeness = english.astype(np.float64)
    language = member.language
    cross = bool(language and story.languages) and language not in story.languages
    mixed = bool(language) and len(story.languages - {language}) > 0
    evidence = member.evidence
    shared = restricted(evidence, international) if mixed else evidence
    if cross:
        x[_AT["cross_lingual"]] = 1.0
        evidence = shared
    whole = {c: v / story.size for c, v in channel_dots(evidence, story.evidence).items()}
    if mixed:  # against the story's centre on the keys that read the same across languages
        across = channel_dots(shared, restricted(story.evidence, international))
        whole = {c: max(v, across[c]) for c, v in whole.items()} if not cross else across
    # Names, numbers and dates are compared with the members nearest in meaning only:
    # the closest by evidence is almost always among them, at a fraction of the cost.
    # A member in another language is compared on the keys that read the same in both.
    nearest = dict.fromkeys(CHANNELS, 0.0)
    for index in np.argsort(-closeness, kind="stable")[: p.members_compared].tolist():
        other = recent[index]
        if language and other.language and other.language != language:
            dots = channel_dots(shared, restricted(other.evidence, international))
        else:
            dots = channel_dots(member.evidence, other.evidence)
        for channel, value in dots.items():
            nearest[channel] = max(nearest[channel], value)
    have = {channel_of(key) for key in evidence}
    for channel in CHANNELS:
        if channel not in have or channel not in story.channels:
            x[_AT[f"{channel}_missing"]] = 1.0
            continue
        x[_AT[f"{channel}_whole"]] = whole[channel]
        x[_AT[f"{channel}_nearest"]] = nearest[channel]
    first, last = story.span()
    if member.day is None or first is None or last is None:
        x[_AT["time_missing"]] = 1.0
    else:
        gap = max(0.0, first - member.day, member.day - last)
        x[_AT["gap"]] = min(gap, p.window_days) / p.window_days
    x[_AT["length"]] = min(member.words, _LONG) / _LONG
    return x


def fit(
    story: StoryState,
    member: Member,
    params: ClusterParams,
    international: Container[str] = frozenset(),
) -> float:
    """How well the article fits the story, 0 to 1 (before any time penalty)."""
    return params.model.probability(fit_features(story, member, params, international))


def _gap(a: StoryState, b: StoryState) -> float:
    (a_first, a_last), (b_first, b_last) = a.span(), b.span()
    if a_first is None or a_last is None or b_first is None or b_last is None:
        return 0.0
    return max(0.0, b_first - a_last, a_first - b_last)


def link(
    a: StoryState,
    b: StoryState,
    params: ClusterParams,
    international: Container[str] = frozenset(),
) -> float:
    """How well two stories fit each other: the mean fit of each one's latest members to
    the other, averaged over both ways, less the time penalty for the gap between them."""

    def one_way(story: StoryState, others: StoryState) -> float:
        members = others.recent[-params.merge_members :]
        fits = (fit(story, member, params, international) for member in members)
        return sum(fits) / len(members)

    both = (one_way(a, b) + one_way(b, a)) / 2
    return both - time_penalty(_gap(a, b), params)
