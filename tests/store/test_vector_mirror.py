"""A process's own vector index read from the store: built whole, then kept current by
reading what was stored since (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tidings.ingest import article_id
from tidings.models import FeedEntry
from tidings.pipeline import vector_mirror
from tidings.pipeline.vector_mirror import VectorMirror
from tidings.store import NewEntry, SqlRepository
from tidings.store.schema import article_vectors

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
MODEL = "test-model"
DIM = 8


def _articles(repo: SqlRepository, count: int, start: int = 0) -> list[str]:
    source = repo.sources.add_source(f"https://mirror{start}.example/feed", now=NOW, title="Mirror")
    ids = []
    for n in range(start, start + count):
        url = f"https://mirror.example/news/{n}"
        entry = FeedEntry(url=url, title=f"Item {n}", summary=None, published=NOW)
        repo.articles.add_entries(source.id, [NewEntry(article_id(url), url, entry, ())], now=NOW)
        ids.append(article_id(url))
    return ids


def _unit(n: int) -> np.ndarray:
    """A vector pointing along axis ``n`` (each article its own direction)."""
    vector = np.zeros(DIM, dtype=np.float32)
    vector[n % DIM] = 1.0
    return vector


def _store(repo: SqlRepository, ids: list[str], first_axis: int = 0) -> None:
    rows = [(a, f"h{n}", _unit(first_axis + n).tobytes()) for n, a in enumerate(ids)]
    repo.stories.save_vectors(MODEL, rows)


def _nearest(mirror: VectorMirror, axis: int) -> str:
    index = mirror.index
    assert index is not None
    with mirror.locked():
        found = index.search(_unit(axis), 1)
    return f"{int(found.keys[0]):016x}"


def test_build_reads_every_vector_page_by_page(
    repository: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vector_mirror, "PAGE", 2)  # five rows: three pages
    ids = _articles(repository, 5)
    _store(repository, ids)
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    assert mirror.index is None  # nothing until built
    assert mirror.build() == 5
    assert len(mirror.index) == 5
    for n, aid in enumerate(ids):
        assert _nearest(mirror, n) == aid[:16]


def test_a_vector_stored_later_is_found_after_the_next_refresh(
    repository: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vector_mirror, "PAGE", 2)
    first = _articles(repository, 2)
    _store(repository, first)
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    mirror.build()
    later = _articles(repository, 3, start=10)
    _store(repository, later, first_axis=4)  # one batch, one stored time, two pages
    assert _nearest(mirror, 5) != later[1][:16]
    assert mirror.refresh() == 3
    assert len(mirror.index) == 5
    assert _nearest(mirror, 5) == later[1][:16]
    assert mirror.refresh() == 0  # nothing new: nothing added again


def test_a_replaced_vector_replaces_the_old_one(repository: SqlRepository) -> None:
    ids = _articles(repository, 2)
    _store(repository, ids)
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    mirror.build()
    repository.stories.save_vectors(MODEL, [(ids[0], "again", _unit(6).tobytes())])
    assert mirror.refresh() == 1
    assert len(mirror.index) == 2
    assert _nearest(mirror, 6) == ids[0][:16]


def test_a_row_committed_late_with_an_older_time_is_still_read(
    repository: SqlRepository,
) -> None:
    # A transaction that began before the newest row was stored but committed after it
    # was read: its time is older than the newest the mirror has seen.
    ids = _articles(repository, 2)
    _store(repository, ids[:1])
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    mirror.build()
    newest = repository.stories.latest_vector_time(MODEL)
    assert newest is not None
    with repository.engine.begin() as conn:
        conn.execute(
            article_vectors.insert(),
            {
                "article_id": ids[1],
                "model": MODEL,
                "text_hash": "late",
                "vector": _unit(3).tobytes(),
                "stored_at": newest - timedelta(seconds=30),
            },
        )
    assert mirror.refresh() == 1
    assert _nearest(mirror, 3) == ids[1][:16]


def test_other_models_and_rows_without_a_time(repository: SqlRepository) -> None:
    ids = _articles(repository, 3)
    repository.stories.save_vectors("other-model", [(ids[0], "o", _unit(1).tobytes())])
    with repository.engine.begin() as conn:  # stored before the times were kept
        conn.execute(
            article_vectors.insert(),
            {
                "article_id": ids[1],
                "model": MODEL,
                "text_hash": "old",
                "vector": _unit(2).tobytes(),
            },
        )
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    assert mirror.build() == 1
    _store(repository, ids[2:], first_axis=4)
    assert mirror.refresh() == 1
    assert {_nearest(mirror, 2), _nearest(mirror, 4)} == {ids[1][:16], ids[2][:16]}


def test_an_empty_store_gives_an_index_on_the_first_vector(repository: SqlRepository) -> None:
    mirror = VectorMirror(repository.stories, MODEL, refresh_seconds=60)
    assert mirror.build() == 0
    assert mirror.index is None
    ids = _articles(repository, 1)
    _store(repository, ids)
    assert mirror.refresh() == 1
    assert _nearest(mirror, 0) == ids[0][:16]
