"""The story stage: real store, real embedding model, articles placed in stories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import text

from tidings.config import Settings
from tidings.enrich.embeddings import Embedder
from tidings.errors import StoreError
from tidings.ingest import article_id
from tidings.models import ArticleState, ExtractedArticle, FeedEntry, Story
from tidings.pipeline.story_stage import StoryStage, shared_embedder
from tidings.store import NewEntry, SqlRepository, StoryPlacement

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

QUAKE = [
    (
        "Magnitude 6.1 earthquake strikes Kestrel Valley",
        "A magnitude 6.1 earthquake struck Kestrel Valley early on Thursday, damaging dozens "
        "of homes in Marrow Ford and cutting power to 12,000 households, the regional "
        "emergency office said. Forty people were treated for injuries.",
    ),
    (
        "Kestrel Valley quake damages homes, cuts power to thousands",
        "Dozens of homes in Marrow Ford were damaged when a 6.1 magnitude earthquake hit "
        "Kestrel Valley on Thursday. The emergency office said 12,000 households lost power "
        "and forty people were hurt.",
    ),
    (
        "Forty injured as 6.1 tremor shakes Kestrel Valley",
        "Forty people were injured on Thursday when a 6.1 magnitude tremor shook Kestrel "
        "Valley. Homes in Marrow Ford were damaged and power was cut to 12,000 households, "
        "according to the emergency office.",
    ),
]
TRAM = (
    "Harbour council approves new tram line to the university",
    "The Port Alden harbour council voted nine to two on Wednesday to build a tram line "
    "from the ferry terminal to the university campus, at a cost of 84 million.",
)
LATE_QUAKE = (
    "Earthquake in Kestrel Valley: rebuilding of Marrow Ford homes begins",
    "Repairs began in Marrow Ford on Friday, a day after the magnitude 6.1 earthquake in "
    "Kestrel Valley damaged dozens of homes; power is back for most of the 12,000 "
    "households, the emergency office said.",
)


class CountingEmbedder(Embedder):
    """The real model; counts the texts it had to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.encoded = 0
        self._model = shared_embedder(None)._load()

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += len(texts)
        return super()._encode(texts)


@pytest.fixture(scope="module")
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


def _add(
    repository: SqlRepository, source_id: int, n: int, story: tuple[str, str], hours_ago: float
) -> str:
    url = f"https://outlet{source_id}.example/news/{n}"
    published = NOW - timedelta(hours=hours_ago)
    entry = FeedEntry(url=url, title=story[0], published=published)
    repository.articles.add_entries(source_id, [NewEntry(article_id(url), url, entry)], now=NOW)
    body = ExtractedArticle(title=story[0], text=story[1], html=f"<p>{story[1]}</p>")
    repository.articles.save_extraction(article_id(url), body, now=NOW)
    return article_id(url)


def _sources(repository: SqlRepository, count: int) -> Sequence[int]:
    return [
        repository.sources.add_source(f"https://outlet{n}.example/feed", now=NOW).id
        for n in range(count)
    ]


def test_articles_are_placed_in_stories_and_survive_a_restart(
    sqlite_repository: SqlRepository, settings: Settings, embedder: CountingEmbedder
) -> None:
    repo = sqlite_repository
    sources = _sources(repo, 5)
    quake = [_add(repo, sources[i], i, QUAKE[i], hours_ago=6 - i) for i in range(3)]
    tram = _add(repo, sources[3], 10, TRAM, hours_ago=4)
    stage = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    assert stage.run() == 4
    placed = {a: repo.articles.get_article(a) for a in [*quake, tram]}
    assert all(a.state is ArticleState.CLUSTERED for a in placed.values())
    story_id = placed[quake[0]].story_id
    assert story_id is not None
    assert {placed[a].story_id for a in quake} == {story_id}
    assert placed[tram].story_id not in (None, story_id)
    story = repo.stories.get_story(story_id)
    assert (story.article_count, story.outlet_count) == (3, 3)
    assert story.title in {title for title, _ in QUAKE}
    assert story.first_seen == NOW - timedelta(hours=6)
    # Same story is never "related"; nothing else here is near in meaning, so the list is
    # topped up from the quake's category: the tram closure, World news too.
    assert placed[tram].category == placed[quake[1]].category
    assert [a.id for a in repo.stories.related_articles(quake[1], limit=6)] == [tram]
    assert stage.index_path.exists()
    assert repo.stories.articles_to_cluster(limit=10) == []
    assert stage.run() == 0

    # A new process: the open story is rebuilt from the store and takes the next article.
    encoded = embedder.encoded
    later = _add(repo, sources[4], 20, LATE_QUAKE, hours_ago=1)
    fresh = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    assert fresh.run() == 1
    assert repo.articles.get_article(later).story_id == story_id
    assert repo.stories.get_story(story_id).outlet_count == 4
    assert embedder.encoded == encoded + 1  # restored vectors come from the store


def test_vectors_are_reused_by_text_and_the_index_is_rebuilt(
    sqlite_repository: SqlRepository, settings: Settings, embedder: CountingEmbedder
) -> None:
    repo = sqlite_repository
    sources = _sources(repo, 2)
    first = _add(repo, sources[0], 1, TRAM, hours_ago=3)
    stage = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    stage.run()
    # The same headline and text under another URL (not caught as a copy here): no new encoding.
    encoded = embedder.encoded
    second = _add(repo, sources[1], 2, TRAM, hours_ago=2)
    stage.run()
    assert embedder.encoded == encoded
    vectors = repo.stories.vectors_for_articles(embedder.name, [first, second])
    assert vectors[first] == vectors[second]
    stage.index_path.write_bytes(b"damaged")
    rebuilt = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    _add(repo, sources[0], 3, QUAKE[0], hours_ago=1)
    assert rebuilt.run() == 1
    assert len(rebuilt._index or ()) == 3


def test_related_articles_come_from_other_stories(
    sqlite_repository: SqlRepository, settings: Settings, embedder: CountingEmbedder
) -> None:
    repo = sqlite_repository
    sources = _sources(repo, 3)
    earlier = _add(repo, sources[0], 1, QUAKE[0], hours_ago=24 * 12)  # a closed story by now
    stage = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    stage.run()
    now_quake = _add(repo, sources[1], 2, LATE_QUAKE, hours_ago=1)
    stage.run()
    assert (
        repo.articles.get_article(now_quake).story_id != repo.articles.get_article(earlier).story_id
    )
    related = repo.stories.related_articles(now_quake, limit=6)
    assert [a.id for a in related] == [earlier]
    # ...and the older article was offered the newer one.
    assert [a.id for a in repo.stories.related_articles(earlier, limit=6)] == [now_quake]


def test_a_batch_the_store_refused_is_placed_again_from_the_store(
    sqlite_repository: SqlRepository, settings: Settings, embedder: CountingEmbedder
) -> None:
    """The database goes away while the stage stores a batch that merged two stories
    (issue #15). Placed again, the batch must merge them again: a clusterer that kept its
    first try found the merge done, and the store kept both stories, one counting three
    articles and holding two."""
    repo = sqlite_repository
    sources = _sources(repo, 3)
    quake = [_add(repo, sources[i], i, QUAKE[i], hours_ago=6 - i) for i in range(3)]
    for n, article in enumerate(quake[:2]):  # two halves of one story, from before a restart
        seen = NOW - timedelta(hours=6 - n)
        half = Story(f"half{n}", QUAKE[n][0], seen, seen, article_count=1, outlet_count=1)
        placement = StoryPlacement(article, half)
        repo.stories.save_placements([placement], now=NOW, related_limit=6, per_outlet=2)
    refuse = "CREATE TRIGGER refuse BEFORE UPDATE ON stories BEGIN SELECT RAISE(ABORT, 'gone'); END"
    with repo.engine.begin() as conn:
        conn.execute(text(refuse))
    stage = StoryStage(repo, settings, embedder=embedder, clock=lambda: NOW)
    with pytest.raises(StoreError):
        stage.run()
    with repo.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse"))
    assert stage.run() == 1
    (story,) = {repo.articles.get_article(a).story_id for a in quake}
    assert story is not None and repo.stories.get_story(story).article_count == 3
    with repo.engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM stories")).scalars().all() == [story]


def _stage_with_ai(
    repo: SqlRepository, settings: Settings, embedder: CountingEmbedder
) -> StoryStage:
    """The story stage with the AI steps on: it makes key points at ingest."""
    return StoryStage(
        repo, settings.model_copy(update={"ai": True}), embedder=embedder, clock=lambda: NOW
    )


def test_key_points_that_fail_at_ingest_leave_the_stage_and_the_other_articles_alone(
    sqlite_repository: SqlRepository,
    settings: Settings,
    embedder: CountingEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Key points are made by the story stage (issue #19); one article the extractor
    # stumbles on must not stop the stage: its page makes them on its first view.
    from tidings.pipeline import article_ai, story_stage
    from tidings.pipeline.article_ai import extracted_key_points_key

    repo = sqlite_repository
    sources = _sources(repo, 2)
    bad = _add(repo, sources[0], 1, QUAKE[0], hours_ago=3)
    good = _add(repo, sources[1], 2, TRAM, hours_ago=2)
    made = article_ai.extracted_key_points

    def stumble(article: object, *, now: datetime) -> object:
        if getattr(article, "id", None) == bad:
            raise ValueError("a sentence the splitter cannot take")
        return made(article, now=now)  # type: ignore[arg-type]

    monkeypatch.setattr(story_stage, "extracted_key_points", stumble)
    stage = _stage_with_ai(repo, settings, embedder)
    assert stage.run() == 2
    assert {repo.articles.get_article(a).state for a in (bad, good)} == {ArticleState.CLUSTERED}
    stored = repo.articles.get_article(good)
    assert repo.articles.ai_output(extracted_key_points_key(stored)) is not None
    assert repo.articles.ai_output(extracted_key_points_key(repo.articles.get_article(bad))) is None


def test_a_stop_signal_during_key_points_is_not_taken_for_their_error(
    sqlite_repository: SqlRepository,
    settings: Settings,
    embedder: CountingEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The story process stops on SIGTERM by raising from its signal handler, wherever the
    # stage is; the guard around one article's key points must let that through.
    from tidings.jobs.story_process import _Stop
    from tidings.pipeline import story_stage

    repo = sqlite_repository
    _add(repo, _sources(repo, 1)[0], 1, TRAM, hours_ago=2)

    def signalled(article: object, *, now: datetime) -> object:
        raise _Stop

    monkeypatch.setattr(story_stage, "extracted_key_points", signalled)
    stage = _stage_with_ai(repo, settings, embedder)
    with pytest.raises(_Stop):
        stage.run()
