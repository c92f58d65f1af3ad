"""Crash safety of ingest (issue #15).

`tidings ingest`, a real process, ingests the demo publisher (58 articles from six outlets,
one syndicated copy) and is killed with SIGKILL, its story process with it, at 50 moments:
while it starts, while it fetches feeds, while it fetches and extracts pages, while a write
transaction is open, while the story stage embeds and places, between the story stage's
two writes, and at random times; then it is started again. After each kill the store must
hold what holds at any moment; a round ends after ten kills (or when everything is in),
with one run left to finish and the store checked whole: every published article stored
exactly once, every copy with its original, every original in exactly one story whose
counts match its members, one vector per article and model, and a vector index that
matches the store. Each round starts from an empty store. On PostgreSQL the same, and a
running ingest must also get through restarts of the server by itself.

The moments come from a seed: ``TIDINGS_CRASH_SEED`` (default 15). ``TIDINGS_CRASH_KILLS``
sets the number of kills on SQLite (default 50). See docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from tests.killable_ingest import (
    STORIES_READY,
    CountingPublisher,
    IngestProcess,
    Waiting,
    WriteWatch,
    ingest_env,
)
from tests.private_postgres import PrivateCluster, private_cluster
from tidings.config import Settings
from tidings.ingest import article_id, canonical_url
from tidings.models import ArticleState
from tidings.pipeline.story_stage import StoryStage
from tidings.store import SqlRepository, open_repository
from tidings.store.schema import article_vectors, articles, related_articles, sources, stories
from tidings.store.vectors import VectorIndex, article_key, vector_from_bytes

KILLS = int(os.environ.get("TIDINGS_CRASH_KILLS", "50"))
KILLS_ON_POSTGRES = 10
KILLS_PER_ROUND = 10
SEED = int(os.environ.get("TIDINGS_CRASH_SEED", "15"))
MOMENT_SECONDS = 8.0  # the longest a moment is waited for; then the kill goes anyway
FINISH_SECONDS = 240.0  # for the run that finishes a round (models load, batches place)
PHASES = ("startup", "feeds", "pages", "transaction", "stories", "placing", "anytime")
STORY_TABLES = "article_vectors|stories|related_articles"  # what the story stage writes
DONE_STATES = (ArticleState.EXTRACTED.value, ArticleState.CLUSTERED.value)


@pytest.fixture(scope="module")
def site() -> Iterator[CountingPublisher]:
    with CountingPublisher() as publisher:
        yield publisher


@dataclass
class Store:
    """One round's store, the sources of the publisher followed."""

    settings: Settings
    repository: SqlRepository
    watch: WriteWatch
    env: dict[str, str]

    @classmethod
    def create(cls, site: CountingPublisher, data_dir: Path, url: str | None) -> Store:
        settings = Settings(data_dir=data_dir, database_url=url, starter_sources=False)
        repository = open_repository(settings)
        for feed in site.feed_urls:
            repository.sources.add_source(feed, now=site.clock())
        watch = WriteWatch(settings.sqlalchemy_url)
        return cls(settings, repository, watch, ingest_env(data_dir, url))

    def close(self) -> None:
        self.watch.close()
        self.repository.engine.dispose()


@dataclass(frozen=True)
class Progress:
    unfetched: int  # published articles not yet extracted
    unplaced: int  # extracted originals not yet in a story
    unchecked: int  # feeds never read
    embedded: int  # originals with a stored vector, not yet in a story

    @property
    def done(self) -> bool:
        return not self.unfetched and not self.unplaced


def _progress(store: Store, site: CountingPublisher) -> Progress:
    with store.repository.engine.connect() as conn:
        rows = conn.execute(select(articles.c.state, articles.c.duplicate_of)).all()
        unchecked = conn.execute(
            select(func.count()).select_from(sources).where(sources.c.last_success_at.is_(None))
        ).scalar_one()
    extracted = sum(r.state in DONE_STATES for r in rows)
    unplaced = sum(r.state == ArticleState.EXTRACTED.value and r.duplicate_of is None for r in rows)
    return Progress(len(site.article_urls) - extracted, unplaced, unchecked, _embedded(store))


def _embedded(store: Store) -> int:
    """Originals the story stage stored vectors of, but no story yet: it is between its
    two writes (or was killed there)."""
    waiting = (
        select(func.count(article_vectors.c.article_id.distinct()))
        .join(articles, articles.c.id == article_vectors.c.article_id)
        .where(articles.c.state == ArticleState.EXTRACTED.value)
    )
    with store.repository.engine.connect() as conn:
        return int(conn.execute(waiting).scalar_one())


def _running_for(ingest: IngestProcess, seconds: float) -> Waiting:
    """True while ingest runs, for at most ``seconds`` from now."""
    deadline = time.monotonic() + seconds
    return lambda: ingest.running() and time.monotonic() < deadline


def _poll(check: Callable[[], bool], waiting: Waiting) -> bool:
    """Whether ``check()`` came true before ``waiting()`` turned false."""
    while waiting():
        if check():
            return True
        time.sleep(0.01)
    return False


def _placing(store: Store) -> bool:
    """Whether the story stage is writing or between its writes (False while the
    database is away)."""
    try:
        return store.watch.writing(STORY_TABLES) or _embedded(store) > 0
    except SQLAlchemyError:
        return False


def _pause(seconds: float, ingest: IngestProcess) -> bool:
    """Wait ``seconds`` while ingest runs; whether it still does."""
    deadline = time.monotonic() + seconds
    while ingest.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    return ingest.running()


def _moment(
    phase: str, rng: random.Random, ingest: IngestProcess, site: CountingPublisher, store: Store
) -> bool:
    """Wait for a moment of ``phase``, drawn from ``rng``; whether it came (else the wait
    gave up or ingest ended)."""
    waiting = _running_for(ingest, MOMENT_SECONDS)
    left = _progress(store, site) if phase in ("pages", "transaction") else None
    if phase == "startup":  # imports, settings, the database opened, the models loading
        return _pause(rng.uniform(0.0, 1.5), ingest)
    if phase == "feeds":
        wanted = site.served("feed") + rng.randint(1, len(site.feed_urls))
        return site.wait_served("feed", wanted, waiting) and _pause(rng.uniform(0, 0.05), ingest)
    if phase == "pages":  # fetching, extracting, storing the extraction
        assert left is not None
        wanted = site.served("page") + rng.randint(1, max(1, left.unfetched))
        return site.wait_served("page", wanted, waiting) and _pause(rng.uniform(0, 0.2), ingest)
    if phase == "transaction":  # killed while a write transaction is open
        assert left is not None
        return store.watch.wait_writes(rng.randint(1, 3 if left.unfetched else 2), waiting)
    if phase == "stories":  # embedding, clustering, storing the placements
        ready = ingest.seen(STORIES_READY) + 1
        return ingest.wait_line(STORIES_READY, ready, waiting) and _pause(
            rng.uniform(0.0, 6.0), ingest
        )
    if phase == "placing":  # vectors stored, stories not yet: the index is ahead of them
        return _poll(lambda: _embedded(store) > 0, waiting)
    return _pause(rng.uniform(0.0, 6.0), ingest)


def _run_and_kill(rng: random.Random, site: CountingPublisher, store: Store) -> str | None:
    """Start ingest (about one run in three ``--once --all``, else on a schedule) and kill it
    at a moment of a phase it has work for: how the moment went (the phase, or the phase
    and "late" when the wait gave up); None when ingest ended first."""
    left = _progress(store, site)
    once = rng.random() < 0.3
    phase = rng.choice(
        [
            p
            for p in PHASES
            if (p != "pages" or left.unfetched)
            and (p != "feeds" or once or left.unchecked)
            and (p != "placing" or not left.embedded)
        ]
    )
    ingest = IngestProcess(store.env, once=once)
    try:
        came = _moment(phase, rng, ingest, site, store)
    finally:
        running = ingest.running()
        if running:
            ingest.kill()
    if not running:
        assert ingest.process.returncode == 0, ingest.output()
        return None
    return phase if came else f"{phase} late"


def _finish(store: Store, site: CountingPublisher) -> None:
    """One last ingest until everything is in, with no error logged: on a schedule, then
    stopped as an operator does (Ctrl+C); or, with nothing left to do, ``--once --all``,
    which ends by itself (a Ctrl+C would land while it starts up)."""
    once = _progress(store, site).done
    ingest = IngestProcess(store.env, once=once)
    try:
        if once:
            assert _until(lambda: not ingest.running()), ingest.output()
        else:
            up = _running_for(ingest, FINISH_SECONDS)  # bounded: a missed line fails, not hangs
            assert ingest.wait_line("story process started", 1, up), ingest.output()
            assert _until(lambda: _progress(store, site).done or not ingest.running()), (
                ingest.output()
            )
            assert ingest.running(), ingest.output()
    finally:
        code = ingest.stop() if ingest.running() else ingest.process.returncode
    assert code == 0, ingest.output()
    for trouble in ("Traceback", " ERROR ", "did not stop"):
        assert not ingest.seen(trouble), ingest.output()


def _until(check: Callable[[], bool], seconds: float = FINISH_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def _kill_rounds(
    site: CountingPublisher, kills: int, new_store: Callable[[int], Store]
) -> Counter[str]:
    """Kill ingest ``kills`` times over rounds of at most KILLS_PER_ROUND, finishing and
    checking the store at the end of each round; how the kills went, by phase."""
    rng = random.Random(SEED)
    landed: Counter[str] = Counter()
    rounds = 0
    while landed.total() < kills:
        store = new_store(rounds)
        rounds += 1
        try:
            in_round = 0
            while in_round < KILLS_PER_ROUND and landed.total() < kills:
                if _progress(store, site).done:
                    break
                outcome = _run_and_kill(rng, site, store)
                _assert_consistent(store, site, finished=False)
                if outcome is not None:
                    landed[outcome] += 1
                    in_round += 1
            _finish(store, site)
            _assert_consistent(store, site, finished=True)
        finally:
            store.close()
    print(f"\n{landed.total()} kills in {rounds} rounds: {dict(sorted(landed.items()))}")
    return landed


def test_ingest_killed_50_times_loses_and_duplicates_nothing(
    site: CountingPublisher, tmp_path: Path
) -> None:
    started = time.monotonic()
    landed = _kill_rounds(site, KILLS, lambda n: Store.create(site, tmp_path / f"r{n}", None))
    print(f"{KILLS} kills and their rounds on SQLite in {time.monotonic() - started:.0f} s")
    assert landed.total() == KILLS
    if len(PHASES) * 2 <= KILLS:  # enough kills that each kind of moment came
        assert all(landed[p] for p in ("pages", "transaction", "stories")), landed


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as made:
        yield made


@pytest.mark.postgres
def test_ingest_killed_on_postgresql_loses_and_duplicates_nothing(
    site: CountingPublisher, cluster: PrivateCluster, tmp_path: Path
) -> None:
    landed = _kill_rounds(
        site,
        KILLS_ON_POSTGRES,
        lambda n: Store.create(site, tmp_path / f"r{n}", cluster.create_database()),
    )
    assert landed.total() == KILLS_ON_POSTGRES


@pytest.mark.postgres
def test_ingest_recovers_by_itself_when_postgresql_restarts(
    site: CountingPublisher, cluster: PrivateCluster, tmp_path: Path
) -> None:
    store = Store.create(site, tmp_path, cluster.create_database())
    # The server restarts while pages are fetched, while the story process writes (or is
    # between its writes), and while a write transaction is open (the story process's own
    # second try, if nothing else); the same ingest process goes on each time.
    moments: list[tuple[str, Callable[[Waiting], bool]]] = [
        ("fetching", lambda w: site.wait_served("page", site.served("page") + 5, w)),
        ("stories", lambda w: _poll(lambda: _placing(store), w)),
        ("transaction", lambda w: store.watch.wait_writes(1, w)),
    ]
    ingest = IngestProcess(store.env, once=False)
    restarts: list[str] = []
    try:
        for name, moment in moments:
            if moment(_running_for(ingest, FINISH_SECONDS)):
                cluster.restart()
                restarts.append(name)
        assert _until(lambda: _progress(store, site).done or not ingest.running()), ingest.output()
        assert ingest.running(), ingest.output()
    finally:
        code = ingest.stop() if ingest.running() else ingest.process.returncode
    print(f"\nPostgreSQL restarted {restarts}; ingest went on:\n{ingest.output(12)}")
    try:
        assert code == 0, ingest.output()
        assert restarts == [name for name, _ in moments], ingest.output()
        # The story process waited for the database, its model loaded, and never died.
        assert ingest.seen("story process started") == 1, ingest.output()
        _assert_consistent(store, site, finished=True)
    finally:
        store.close()


# -- the checks -------------------------------------------------------------------------------


def _assert_consistent(store: Store, site: CountingPublisher, *, finished: bool) -> None:
    """What holds whenever ingest stops, killed or not: each published article stored at
    most once and nothing else, copies beside originals and in their stories, each placed
    original in one story whose counts match its members, no story without members, one
    vector per article and model, an index the next start loads in step with the store,
    a sound database file. With ``finished`` also: everything in, placed and embedded."""
    published = site.article_urls
    with store.repository.engine.connect() as conn:
        rows = conn.execute(select(articles)).all()
        story_rows = conn.execute(select(stories)).all()
        vector_rows = conn.execute(select(article_vectors.c.model, article_vectors.c.article_id))
        vectors = vector_rows.all()
        self_related = conn.execute(
            select(func.count())
            .select_from(related_articles)
            .where(related_articles.c.article_id == related_articles.c.related_id)
        ).scalar_one()
    by_id = {r.id: r for r in rows}
    assert len(by_id) == len(rows) == len({r.url for r in rows})
    stored, expected = (
        {r.id: r.url for r in rows},
        {article_id(u): canonical_url(u) for u in published},
    )
    assert stored == expected if finished else stored.items() <= expected.items()
    originals = {r.id: r for r in rows if r.duplicate_of is None}
    _assert_copies(by_id, originals, published, finished=finished)
    placed = {i: r for i, r in originals.items() if r.state == ArticleState.CLUSTERED.value}
    assert all(r.story_id is not None for r in placed.values())
    assert all(r.story_id is None for i, r in originals.items() if i not in placed)
    assert not finished or placed == originals
    members: defaultdict[str, list[str]] = defaultdict(list)
    for original in placed.values():
        members[original.story_id].append(original.id)
    assert {s.id for s in story_rows} == set(members)  # no story without members
    for story in story_rows:
        ids = members[story.id]
        assert story.article_count == len(ids), story
        assert story.outlet_count == len({by_id[i].source_id for i in ids}), story
    per_model: defaultdict[str, set[str]] = defaultdict(set)
    for model, article in vectors:
        per_model[model].add(article)
    assert all(ids <= set(originals) for ids in per_model.values())
    assert not finished or (per_model and all(ids == set(originals) for ids in per_model.values()))
    assert self_related == 0
    _assert_index_matches(store)
    if store.repository.engine.dialect.name == "sqlite":
        with store.repository.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []


def _assert_copies(
    by_id: dict[str, Any],
    originals: dict[str, Any],
    published: dict[str, str | None],
    *,
    finished: bool,
) -> None:
    """Each copy is extracted, in its original's story, and of the same syndication group;
    with ``finished``, each group is one original and its copies."""
    group_of = {article_id(url): group for url, group in published.items()}
    for row in by_id.values():
        if row.duplicate_of is not None:
            original = originals[row.duplicate_of]
            assert row.state == ArticleState.EXTRACTED.value, row.id
            assert row.story_id == original.story_id, row.id
            assert group_of[row.id] is not None and group_of[row.id] == group_of[original.id]
    if finished:
        for group in {g for g in group_of.values() if g is not None}:
            ids = [i for i, g in group_of.items() if g == group]
            assert len([i for i in ids if i in originals]) == 1, group


def _assert_index_matches(store: Store) -> None:
    """The vector index the next start loads (the saved file, or one rebuilt from the
    store when the file is out of step) holds each stored vector, as stored, under its own
    article, and nothing else. The loader rewrites a file it rebuilds: it is given a copy."""
    stage = StoryStage(store.repository, store.settings)
    model = stage.index_model
    stored = store.repository.articles.stored_vectors(model.name)
    saved = stage.index_path
    copy = store.settings.data_dir.with_name(store.settings.data_dir.name + "-index") / saved.name
    copy.parent.mkdir(exist_ok=True)
    copy.unlink(missing_ok=True)
    if saved.exists():
        shutil.copyfile(saved, copy)
    index = VectorIndex.open(model.dim, copy, stored)
    assert len(index) == len(stored)
    for article, data in stored:
        # Read from the usearch index itself: its search is approximate, this is exact.
        held = index._index.get(article_key(article))
        assert isinstance(held, np.ndarray), article
        assert np.array_equal(held, vector_from_bytes(data)), article
