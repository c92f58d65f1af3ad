"""A look back that splits a story whose members fall into two events.

Articles come one at a time, so one article of a sibling event (the other earthquake, the
other rehab stay) can join a story early, and as the story's closest member to its own
event's later articles draw them in after it. Every time a story takes an article, its
members are divided in two by how well each fits each other one (the learned fit of one
article to a story of the other alone, both ways averaged; average link), and when the two
parts fit each other less than the fitted least link for keeping them together
(``ClusterParams.split_at``, by the same average link two stories merge by) while each
part holds together (its members' mean pair fit at least the least fit for joining), the
story splits. Pair fits are kept, so a story that grows costs two fits a member, not a square.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Container

import numpy as np
import numpy.typing as npt

from tidings.stories.cluster_fit import ClusterParams, fit, link
from tidings.stories.cluster_story import Member, StoryState

__all__ = ["PairFits", "bisect", "split_parts"]

PAIRS_KEPT = 200_000  # pair fits remembered (about 20 MB), latest first


class PairFits:
    """How well one article fits a story of another alone, remembered by their ids."""

    def __init__(self, kept: int = PAIRS_KEPT) -> None:
        self.kept = kept
        self._fits: OrderedDict[tuple[str, str], float] = OrderedDict()

    def of(
        self, a: Member, b: Member, params: ClusterParams, international: Container[str]
    ) -> float:
        """Fit of ``a`` to a story holding ``b`` alone."""
        key = (a.doc_id, b.doc_id)
        found = self._fits.get(key)
        if found is None:
            alone = StoryState.of_members("", [b], params.members_kept)
            found = fit(alone, a, params, international)
            self._fits[key] = found
            while len(self._fits) > self.kept:
                self._fits.popitem(last=False)
        else:
            self._fits.move_to_end(key)
        return found


def bisect(similarity: npt.NDArray[np.float64]) -> tuple[list[int], list[int]]:
    """Two groups of the items, by average-link agglomeration down to two clusters (ties:
    the first pair in row order)."""
    count = len(similarity)
    groups = [[i] for i in range(count)]
    totals = similarity.astype(np.float64).copy()
    sizes = np.ones(count)
    while len(groups) > 2:
        mean = totals / np.outer(sizes, sizes)
        mean[np.tril_indices(len(groups))] = -np.inf
        x, y = divmod(int(np.argmax(mean)), len(groups))
        groups[x] += groups.pop(y)
        totals[x] += totals[y]
        totals[:, x] += totals[:, y]
        totals = np.delete(np.delete(totals, y, axis=0), y, axis=1)
        sizes[x] += sizes[y]
        sizes = np.delete(sizes, y)
    return sorted(groups[0]), sorted(groups[1]) if len(groups) > 1 else []


def split_parts(
    story: StoryState,
    pairs: PairFits,
    params: ClusterParams,
    international: Container[str] = frozenset(),
) -> tuple[list[Member], list[Member]] | None:
    """The story's members in two parts that fit each other less than ``split_at``, in
    arrival order, the part with the story's first article first; None when the story
    holds together (or is too small, or has members no longer kept one by one)."""
    least = params.split_at
    members = story.recent
    if least is None or story.size < 2 * params.split_least or story.size > len(members):
        return None
    count = len(members)
    fits = np.zeros((count, count))
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if i != j:
                fits[i, j] = pairs.of(a, b, params, international)
    both_ways = (fits + fits.T) / 2
    first, second = bisect(both_ways)
    if min(len(first), len(second)) < params.split_least:
        return None
    # Each part must hold together as well as an article must fit a story to join it: a
    # loose story (short search results, each a little apart) falls in two anywhere.
    for part in (first, second):
        within = both_ways[np.ix_(part, part)]
        if within.sum() / (len(part) * (len(part) - 1)) < params.join_at:
            return None
    parts = [members[i] for i in first], [members[i] for i in second]
    keep = params.members_kept
    halves = [StoryState.of_members(str(n), part, keep) for n, part in enumerate(parts)]
    if link(halves[0], halves[1], params, international) >= least:
        return None
    if parts[1][0].tick < parts[0][0].tick:
        return parts[1], parts[0]
    return parts
