"""The look back that splits a story holding two events (``stories.story_split``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tidings.stories import cluster as cluster_module
from tidings.stories import cluster_fit, story_split
from tidings.stories.cluster import ClusterParams, StoryClusterer, StoryDoc
from tidings.stories.cluster_story import Member, StoryState
from tidings.stories.fit_model import default_fit_model
from tidings.stories.story_split import PairFits, bisect

DAY = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


class _NoModel:
    """The clusterer's embedder where every vector is given."""

    dim = 4

    def embed(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("vectors are given")


def _event(doc_id: str) -> str:
    return doc_id.split("-", 1)[0]


def _fit_by_event(story: StoryState, member: Member, *_: object) -> float:
    """A fit set by hand: the share of the story's articles of the article's event."""
    return sum(_event(m) == _event(member.doc_id) for m in story.members) / story.size


@pytest.fixture
def by_event(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (cluster_module, cluster_fit, story_split):
        monkeypatch.setattr(module, "fit", _fit_by_event)


def _doc(doc_id: str, hours: int) -> StoryDoc:
    return StoryDoc(doc_id, f"Report {doc_id}", "Words.", DAY + timedelta(hours=hours), doc_id)


def _mixed_story(params: ClusterParams) -> StoryClusterer:
    """One story holding two Chile reports and, drawn in after them, two Japan reports."""
    clusterer = StoryClusterer(_NoModel(), params=params)  # type: ignore[arg-type]
    for hours, doc_id in enumerate(("chile-0", "chile-1", "japan-0", "japan-1")):
        clusterer.restore(_doc(doc_id, hours), np.ones(4, dtype=np.float32) / 2, "mixed")
    return clusterer


def test_average_link_divides_two_blocks() -> None:
    fits = np.full((5, 5), 0.1)
    fits[np.ix_([0, 2, 4], [0, 2, 4])] = 0.9
    fits[np.ix_([1, 3], [1, 3])] = 0.8
    assert bisect(fits) == ([0, 2, 4], [1, 3])


def test_a_story_of_two_events_splits_and_the_first_article_keeps_its_id(by_event: None) -> None:
    params = ClusterParams(threshold=0.4, merge_threshold=0.6, split_threshold=0.3)
    clusterer = _mixed_story(params)
    placed = clusterer.assign(_doc("chile-2", 5), np.ones(4, dtype=np.float32) / 2)
    japan = clusterer.story_of("japan-0")
    assert japan is not None and japan != "mixed"
    assert placed.story_id == "mixed"
    assert placed.regrouped == ("mixed", japan)
    assert clusterer.summary("mixed").members == ("chile-0", "chile-1", "chile-2")
    assert clusterer.summary(japan).members == ("japan-0", "japan-1")
    # The part split off is an open story like any other: its event's next report joins it.
    later = clusterer.assign(_doc("japan-2", 6), np.ones(4, dtype=np.float32) / 2)
    assert later.story_id == japan
    assert later.regrouped == ()


def test_a_model_without_a_split_threshold_keeps_the_story_whole(by_event: None) -> None:
    never = replace(default_fit_model(), split_threshold=None)
    clusterer = _mixed_story(ClusterParams(model=never, threshold=0.4, merge_threshold=0.6))
    placed = clusterer.assign(_doc("chile-2", 5), np.ones(4, dtype=np.float32) / 2)
    assert (placed.story_id, placed.regrouped) == ("mixed", ())
    assert clusterer.story_of("japan-0") == "mixed"


def test_parts_that_fit_each_other_as_well_as_asked_stay_together(by_event: None) -> None:
    # The Chile and Japan reports fit each other at 0: below a least link of 0.3 they
    # split, at a least link of 0 they stay together.
    params = ClusterParams(threshold=0.4, merge_threshold=0.6, split_threshold=0.3)
    clusterer = _mixed_story(params)
    story = clusterer._stories["mixed"]
    pairs = PairFits()
    assert story_split.split_parts(story, pairs, params) is not None
    assert story_split.split_parts(story, pairs, ClusterParams(split_threshold=0.0)) is None


def test_pair_fits_are_remembered_up_to_a_bound(by_event: None) -> None:
    clusterer = _mixed_story(ClusterParams())
    members = clusterer._stories["mixed"].recent
    pairs = PairFits(kept=2)
    params = ClusterParams()
    assert pairs.of(members[0], members[1], params, frozenset()) == 1.0
    assert pairs.of(members[0], members[2], params, frozenset()) == 0.0
    pairs.of(members[1], members[2], params, frozenset())
    assert len(pairs._fits) == 2
