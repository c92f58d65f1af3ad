"""The clusterer's parts: evidence vectors and the table of open stories (no model)."""

from __future__ import annotations

import math

import numpy as np

from tidings.stories.cluster_fit import ClusterParams, fit, fit_features
from tidings.stories.cluster_story import StoryState, member_of
from tidings.stories.fit_model import FEATURES
from tidings.stories.mentions import CHANNELS, TermStats, channel_dots, channel_of, doc_mentions
from tidings.stories.open_stories import OpenStories
from tidings.stories.story_docs import StoryDoc


def test_each_channel_of_a_vector_has_unit_length_and_rare_keys_weigh_more() -> None:
    stats = TermStats(prior_documents=0)
    for _ in range(5):
        stats.add({"obama"})
    stats.add({"obama", "kaikoura", "#6.1", "@2016"})
    vector = stats.vector({"obama": 1, "kaikoura": 1, "#6.1": 2, "@2016": 1})
    for channel in CHANNELS:
        norm = math.sqrt(sum(w * w for k, w in vector.items() if channel_of(k) == channel))
        assert math.isclose(norm, 1.0)
    assert vector["kaikoura"] > vector["obama"]
    assert stats.vector({}) == {}


def test_channel_dots_keep_names_numbers_and_dates_apart() -> None:
    a = {"reid": 1.0, "#33": 1.0, "@2008": 1.0}
    b = {"reid": 0.5, "#26": 1.0, "@2008": 0.25}
    assert channel_dots(a, b) == {"name": 0.5, "number": 0.0, "date": 0.25}


def test_the_lead_counts_again() -> None:
    body = "Tara Reid entered rehab. " + "Filler words about nothing. " * 40 + "Lindsay Lohan too."
    counts = doc_mentions(None, body, lead_chars=100, lead_weight=1.0)
    assert counts["reid"] == 2 and counts["lohan"] == 1


def test_open_stories_score_remove_and_close() -> None:
    table = OpenStories(dim=2, capacity=1)
    east, north = np.array([1, 0], np.float32), np.array([0, 1], np.float32)
    table.add("a", east, day=10.0, tick=1)
    table.add("b", north, day=None, tick=2)
    table.join("a", east, day=12.0, tick=3)
    assert list(table.mean_similarity(east)) == [1.0, 0.0]
    assert list(table.gaps(15.0)) == [3.0, 0.0]  # an undated story has no gap
    assert list(table.gaps(11.0)) == [0.0, 0.0]  # inside a's span
    assert table.stale(20.0, window_days=7) == ["a"]
    assert table.least_recent(keep=1) == ["b"]  # a took an article last
    table.remove("a")
    assert table.ids == ["b"] and "a" not in table
    assert list(table.mean_similarity(north)) == [1.0]


def test_open_stories_absorb_and_reopen() -> None:
    table = OpenStories(dim=2)
    east, north = np.array([1, 0], np.float32), np.array([0, 1], np.float32)
    table.add("a", east, day=10.0, tick=1)
    table.add("b", north, day=14.0, tick=2)
    table.absorb("a", "b")
    assert table.ids == ["a"] and "b" not in table
    assert list(table.mean_similarity(east)) == [0.5]  # two members, one pointing east
    assert list(table.gaps(12.0)) == [0.0] and list(table.gaps(16.0)) == [2.0]
    table.reopen("c", 3 * north, 3, (None, None), tick=3)
    assert list(table.mean_similarity(north)) == [0.5, 1.0]
    assert table.least_recent(keep=1) == ["a"]


def test_embeddings_count_only_for_languages_the_model_reads() -> None:
    same = np.array([1, 0], np.float32)  # identical vectors: the embedding says "same story"
    params = ClusterParams()
    at = {name: i for i, name in enumerate(FEATURES)}

    def placed(language: str) -> StoryState:
        doc = StoryDoc("a", "Vendanges", "Les vignerons de Lézignac.", language=language)
        member = member_of(doc, same, {"lézignac": 1.0}, 1, readable=language != "fr")
        story = StoryState.start("s", member)
        story.add(doc, member, keep=8)
        return story

    for language, readable in (("en", True), ("fr", False)):
        story = placed(language)
        other = StoryDoc("b", "Tribune", "Nos villages.", language=language)
        newcomer = member_of(other, same, {"villages": 1.0}, 2, readable=readable)
        x = fit_features(story, newcomer, params)
        # Read: the identical vectors are evidence. Not read: the English model's cosine is
        # flagged missing, whatever it says. The names are compared either way (none shared).
        assert x[at["english_mean"]] == (1.0 if readable else 0.0)
        assert x[at["english_best"]] == (1.0 if readable else 0.0)
        assert x[at["english_missing"]] == (0.0 if readable else 1.0)
        assert x[at["name_whole"]] == x[at["name_nearest"]] == 0.0
        assert x[at["multilingual_missing"]] == 1.0  # no multilingual vectors given
        assert 0.0 < fit(story, newcomer, params) < 1.0


def test_multilingual_vectors_are_compared_in_every_language() -> None:
    english = np.array([1, 0], np.float32)
    near, far = np.array([0.8, 0.6], np.float32), np.array([0.0, 1.0], np.float32)
    params = ClusterParams()
    at = {name: i for i, name in enumerate(FEATURES)}
    doc = StoryDoc("a", "Storm Odile", "Storm Odile hit Brackenport.", language="en")
    member = member_of(doc, english, {"odile": 1.0}, 1, multilingual=near)
    story = StoryState.start("s", member)
    story.add(doc, member, keep=8)
    german = StoryDoc("b", "Sturm Odile", "Sturm Odile traf Lindhaven.", language="de")
    for vector, expected in ((near, 1.0), (far, 0.6)):
        newcomer = member_of(
            german, english, {"odile": 1.0}, 2, readable=False, multilingual=vector
        )
        x = fit_features(story, newcomer, params)
        assert math.isclose(x[at["multilingual_mean"]], expected, rel_tol=1e-6)
        assert x[at["english_missing"]] == 1.0 and x[at["multilingual_missing"]] == 0.0
    closer = member_of(german, english, {"odile": 1.0}, 2, readable=False, multilingual=near)
    farther = member_of(german, english, {"odile": 1.0}, 2, readable=False, multilingual=far)
    assert fit(story, closer, params) > fit(story, farther, params)
