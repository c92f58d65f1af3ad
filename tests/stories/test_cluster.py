"""Online story clustering on small texts written for these tests, with the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tidings.enrich.embeddings import Embedder, article_text_for_embedding
from tidings.stories import cluster as cluster_module
from tidings.stories.cluster import (
    ClusterParams,
    StoryClusterer,
    StoryDoc,
    in_date_order,
    story_id_for,
)

DAY = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)

CHILE = [
    (
        "Magnitude 7.1 earthquake strikes off Valparaiso, Chile",
        "A magnitude 7.1 earthquake struck off the coast of Valparaiso, Chile on March 4, "
        "shaking buildings in Santiago. Chile's emergency office ONEMI ordered an evacuation "
        "of the coast of Valparaiso as a precaution.",
    ),
    (
        "Chile quake: Valparaiso coast evacuated after 7.1 tremor",
        "Residents of Valparaiso fled to higher ground after the 7.1 earthquake on March 4. "
        "ONEMI said there were no immediate reports of deaths in Chile; Santiago's metro "
        "was halted for an hour.",
    ),
    (
        "Strong earthquake rattles central Chile",
        "The 7.1 magnitude earthquake near Valparaiso, Chile cut power to thousands of homes, "
        "ONEMI said. President Boric visited Valparaiso on Tuesday.",
    ),
]
JAPAN = [
    (
        "Magnitude 6.4 earthquake hits Hokkaido, Japan",
        "A magnitude 6.4 earthquake hit Hokkaido in northern Japan on March 5, the Japan "
        "Meteorological Agency said. Trains around Sapporo stopped and Hokkaido Electric "
        "reported outages.",
    ),
    (
        "Hokkaido quake: Sapporo trains halted after 6.4 tremor",
        "Trains in Sapporo were halted after the 6.4 earthquake struck Hokkaido on March 5. "
        "The Japan Meteorological Agency warned of aftershocks across Hokkaido.",
    ),
]
REHAB = [
    (
        "Tara Reid checks into Promises rehab in Malibu",
        "Actress Tara Reid, 33, has entered the Promises Treatment Center in Malibu, "
        "her publicist Jack Ketsoyan said.",
    ),
    (
        "Lindsay Lohan enters Betty Ford Center",
        "Lindsay Lohan, 26, checked into the Betty Ford Center in Rancho Mirage on Thursday "
        "for 90 days of court-ordered rehab, her lawyer Mark Heller said.",
    ),
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def _docs(prefix: str, texts: list[tuple[str, str]], start: datetime) -> list[StoryDoc]:
    return [
        StoryDoc(f"{prefix}{n}", title, text, start + timedelta(hours=3 * n), f"outlet-{n}", "en")
        for n, (title, text) in enumerate(texts)
    ]


def test_two_earthquakes_stay_apart_and_each_holds_together(embedder: Embedder) -> None:
    docs = _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY + timedelta(days=1))
    assignments = StoryClusterer(embedder).assign_many(docs)
    story = {a.doc_id: a.story_id for a in assignments}
    assert story["chile-0"] == story["chile-1"] == story["chile-2"]
    assert story["japan-0"] == story["japan-1"]
    assert story["chile-0"] != story["japan-0"]


def test_two_celebrities_in_rehab_are_two_stories(embedder: Embedder) -> None:
    assignments = StoryClusterer(embedder).assign_many(_docs("rehab-", REHAB, DAY))
    assert [a.created for a in assignments] == [True, True]


def test_story_summary_titles_dates_and_outlets(embedder: Embedder) -> None:
    clusterer = StoryClusterer(embedder)
    docs = _docs("chile-", CHILE, DAY)
    clusterer.assign_many(docs)
    (story,) = clusterer.stories()
    assert story.id == story_id_for("chile-0")
    assert story.members == ("chile-0", "chile-1", "chile-2")
    assert story.size == 3 and story.outlets == 3
    assert story.first_seen == DAY and story.last_updated == DAY + timedelta(hours=6)
    assert story.title in {title for title, _ in CHILE}


def test_assign_many_equals_assign_in_date_order_and_ids_are_deterministic(
    embedder: Embedder,
) -> None:
    docs = _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY + timedelta(days=1))
    shuffled = [docs[4], docs[1], docs[3], docs[0], docs[2]]
    batch = StoryClusterer(embedder).assign_many(shuffled)
    assert [a.doc_id for a in batch] == [d.id for d in shuffled]  # results in the order given
    one_by_one = StoryClusterer(embedder)
    singles = {d.id: one_by_one.assign(d) for d in sorted(docs, key=lambda d: d.published or DAY)}
    assert {a.doc_id: a for a in batch} == singles
    again = StoryClusterer(embedder).assign_many(shuffled)
    assert again == batch
    first = min(docs, key=lambda d: d.published or DAY)
    assert singles[first.id].created and singles[first.id].story_id == story_id_for(first.id)


def test_assigning_an_article_twice_changes_nothing(embedder: Embedder) -> None:
    clusterer = StoryClusterer(embedder)
    doc = _docs("chile-", CHILE, DAY)[0]
    first = clusterer.assign(doc)
    again = clusterer.assign(doc)
    assert again.story_id == first.story_id and not again.created
    assert clusterer.stories()[0].size == 1


def test_a_story_closes_after_the_window(embedder: Embedder) -> None:
    params = ClusterParams(window_days=3)
    late = _docs("chile-", CHILE, DAY)[:1] + _docs("later-", CHILE[1:2], DAY + timedelta(days=30))
    assignments = StoryClusterer(embedder, params=params).assign_many(late)
    assert [a.created for a in assignments] == [True, True]


def test_without_dates_only_the_latest_stories_stay_open(embedder: Embedder) -> None:
    undated = [StoryDoc(d.id, d.title, d.text) for d in _docs("chile-", CHILE, DAY)]
    other = StoryDoc("japan-0", *JAPAN[0])
    clusterer = StoryClusterer(embedder, params=ClusterParams(max_open=1))
    created = [clusterer.assign(d).created for d in (undated[0], other, undated[1])]
    assert created == [True, True, True]  # chile-0's story closed when japan-0's opened
    clusterer = StoryClusterer(embedder)
    assert [clusterer.assign(d).created for d in (undated[0], other, undated[1])] == [
        True,
        True,
        False,
    ]


def test_an_undated_article_joins_a_dated_story(embedder: Embedder) -> None:
    dated = _docs("chile-", CHILE, DAY)
    clusterer = StoryClusterer(embedder)
    clusterer.assign_many(dated[:2])
    undated = StoryDoc("chile-2", CHILE[2][0], CHILE[2][1])
    assert not clusterer.assign(undated).created


def test_undated_articles_keep_their_place_after_dated_ones() -> None:
    def doc(name: str, day: int | None) -> StoryDoc:
        return StoryDoc(name, None, "text", None if day is None else DAY + timedelta(days=day))

    docs = [
        doc("c", 3),
        doc("c-undated", None),
        doc("a", 1),
        doc("undated-first", None),
        doc("b", 2),
    ]
    order = [docs[i].id for i in in_date_order(docs)]
    assert order == ["a", "undated-first", "b", "c", "c-undated"]


def test_naive_and_aware_datetimes_mix() -> None:
    naive = StoryDoc("n", None, "text", datetime(2024, 3, 4, 12))
    aware = StoryDoc("a", None, "text", datetime(2024, 3, 4, 11, tzinfo=UTC))
    assert [i for i in in_date_order([naive, aware])] == [1, 0]


def _vectors(embedder: Embedder, docs: list[StoryDoc]) -> dict[str, np.ndarray]:
    texts = [article_text_for_embedding(d.title, d.text) for d in docs]
    return {d.id: v for d, v in zip(docs, embedder.embed(texts), strict=True)}


def test_restore_then_assign_behaves_like_a_live_run(embedder: Embedder) -> None:
    docs = _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY + timedelta(days=1))
    live = StoryClusterer(embedder)
    assignments = live.assign_many(docs)
    vectors = _vectors(embedder, docs)
    restarted = StoryClusterer(embedder)
    for doc, assignment in zip(docs[:-1], assignments[:-1], strict=True):
        restarted.restore(doc, vectors[doc.id], assignment.story_id)
    last = restarted.assign(docs[-1], vectors[docs[-1].id])
    assert last == assignments[-1]
    assert restarted.stories() == live.stories()
    restarted.restore(docs[0], vectors[docs[0].id], "another-story")  # known: no change
    assert restarted.story_of(docs[0].id) == assignments[0].story_id


def test_a_given_vector_is_not_embedded_again(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs("chile-", CHILE, DAY)
    vectors = _vectors(embedder, docs)
    clusterer = StoryClusterer(embedder)

    def fail(texts: list[str]) -> np.ndarray:
        raise AssertionError(f"embedded again: {texts}")

    monkeypatch.setattr(embedder, "embed", fail)
    placed = [clusterer.assign(d, vectors[d.id]) for d in docs]
    assert {a.story_id for a in placed} == {story_id_for("chile-0")}
    assert clusterer.story_of("chile-2") == story_id_for("chile-0")
    assert clusterer.story_of("unknown") is None


def test_an_article_that_fits_two_halves_of_one_story_merges_them(embedder: Embedder) -> None:
    docs = _docs("chile-", CHILE, DAY)
    vectors = _vectors(embedder, docs)
    clusterer = StoryClusterer(embedder)
    # As if the first two reports had started two stories before the process restarted.
    clusterer.restore(docs[0], vectors["chile-0"], "first-half")
    clusterer.restore(docs[1], vectors["chile-1"], "second-half")
    assignment = clusterer.assign(docs[2], vectors["chile-2"])
    assert not assignment.created
    survivor, (absorbed,) = assignment.story_id, assignment.merged
    assert {survivor, absorbed} == {"first-half", "second-half"}
    summary = clusterer.summary(survivor)
    assert summary.size == 3 and set(summary.members) == {"chile-0", "chile-1", "chile-2"}
    assert summary.first_seen == DAY and summary.outlets == 3
    assert {clusterer.story_of(d.id) for d in docs} == {survivor}
    assert [s.id for s in clusterer.stories()] == [survivor]
    with pytest.raises(KeyError):
        clusterer.summary(absorbed)
    again = clusterer.assign(docs[2])  # idempotent after a merge too
    assert again.story_id == survivor and not again.created and again.merged == ()


def test_sibling_events_do_not_merge(embedder: Embedder) -> None:
    docs = _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY)
    assignments = StoryClusterer(embedder).assign_many(docs)
    assert all(a.merged == () for a in assignments)


def test_closed_stories_are_forgotten_when_asked(embedder: Embedder) -> None:
    early = _docs("chile-", CHILE, DAY)
    late = _docs("japan-", JAPAN, DAY + timedelta(days=30))  # the Chile story closes
    for forget in (False, True):
        clusterer = StoryClusterer(embedder, forget_closed=forget)
        chile = clusterer.assign_many(early)[0].story_id
        clusterer.assign_many(late)
        if forget:
            assert clusterer.story_of(early[0].id) is None
            with pytest.raises(KeyError):
                clusterer.summary(chile)
            assert [s.size for s in clusterer.stories()] == [len(late)]
        else:
            assert clusterer.story_of(early[0].id) == chile
            assert len(clusterer.stories()) == 2


def test_a_story_that_grows_gathers_the_stragglers_that_now_fit_it(embedder: Embedder) -> None:
    docs = _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY) + _docs("rehab-", REHAB, DAY)
    clusterer = StoryClusterer(embedder, params=ClusterParams(threshold=1.01))
    for doc in docs[:-1]:  # nothing fits anything: every article starts a story
        assert clusterer.assign(doc).created
    # Now everything fits: the last article joins a story, which then takes in the small
    # stories nearest it, moving rows of the open-story table as it goes.
    clusterer.params = ClusterParams(threshold=0.0, merge_threshold=2.0)
    last = clusterer.assign(docs[-1])
    assert not last.created and len(last.merged) == clusterer.params.merge_candidates
    alive = {s.id for s in clusterer.stories()}
    assert alive.isdisjoint(last.merged)
    assert clusterer._open is not None and set(clusterer._open.ids) == alive
    for doc in docs:
        story = clusterer.story_of(doc.id)
        assert story in alive and doc.id in clusterer.summary(story).members
    assert sum(s.size for s in clusterer.stories()) == len(docs)


def test_a_straggler_short_of_joining_is_gathered_only_where_nothing_else_fits_it(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fits set by hand, by (the story's first article, the article): the third Chile report
    # started a story of its own and fits the grown Chile story a little below the least
    # fit for joining, within the fitted slack.
    fits = {("chile-0", "chile-1"): 0.9, ("chile-0", "chile-2"): 0.4, ("japan-0", "chile-2"): 0.35}
    monkeypatch.setattr(
        cluster_module,
        "fit",
        lambda story, member, *_: fits.get((story.members[0], member.doc_id), 0.0),
    )
    docs = {d.id: d for d in _docs("chile-", CHILE, DAY) + _docs("japan-", JAPAN, DAY)}
    vectors = _vectors(embedder, list(docs.values()))
    params = ClusterParams(threshold=0.5, merge_threshold=0.6, straggler_slack=0.2)
    assert params.gather_at == pytest.approx(0.3)
    for rival in (False, True):
        clusterer = StoryClusterer(embedder, params=params)
        clusterer.restore(docs["chile-0"], vectors["chile-0"], "chile")
        clusterer.restore(docs["chile-2"], vectors["chile-2"], "straggler")
        if rival:  # another open story fits the straggler about as well: leave it be
            clusterer.restore(docs["japan-0"], vectors["japan-0"], "japan")
        grown = clusterer.assign(docs["chile-1"], vectors["chile-1"])
        assert grown.story_id == "chile"
        assert grown.merged == (() if rival else ("straggler",))
        assert clusterer.story_of("chile-2") == ("straggler" if rival else "chile")
