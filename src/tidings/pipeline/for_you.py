"""The reader's "For you" list: recent articles ranked by what they follow and read.

Bounded work per call: at most ``CANDIDATES`` originals of the last ``WINDOW``, their
hashtags and stored vectors, and the vectors of the reader's last ``SEEDS`` reads and
saves (never re-encoded: the profile is built from what ingest stored). The ranking itself
is ``tidings.accounts.for_you``; ``web/pages/for_you.py`` shows the picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tidings.accounts.for_you import Candidate, Interests, Pick, Seed, rank_for_you
from tidings.accounts.models import User
from tidings.config import Settings
from tidings.enrich.embeddings import Embedder
from tidings.store import Repository
from tidings.store.vectors import vector_from_bytes

__all__ = ["CANDIDATES", "SEEDS", "WINDOW", "ForYouPicks", "for_you_picks", "vector_model"]

WINDOW = timedelta(days=3)
CANDIDATES = 600
SEEDS = 100


@dataclass(frozen=True, slots=True)
class ForYouPicks:
    """The ranked picks, and whether the reader's reads and saves had vectors to go by."""

    picks: list[Pick]
    has_seeds: bool


def vector_model(settings: Settings) -> str | None:
    """The model name ingest stores vectors under (None when stories are off); naming
    the model does not load it."""
    if not settings.stories:
        return None
    return Embedder(settings.embedding_model, backend=settings.embedding_backend).name


def _seeds(repo: Repository, user: User, model: str | None) -> list[Seed]:
    read = repo.accounts.reading_history(user.id, limit=SEEDS)
    saved = repo.accounts.saved_articles(user.id, limit=SEEDS)
    if model is None or not (read or saved):
        return []
    ids = [e.article_id for e in read] + [e.article_id for e in saved]
    vectors = repo.stories.vectors_for_articles(model, ids)
    seeds = [
        Seed(s.article_id, s.title, "saved", s.saved_at, vector_from_bytes(vectors[s.article_id]))
        for s in saved
        if s.article_id in vectors
    ]
    kept = {s.article_id for s in seeds}
    seeds += [
        Seed(r.article_id, r.title, "read", r.read_at, vector_from_bytes(vectors[r.article_id]))
        for r in read
        if r.article_id in vectors and r.article_id not in kept
    ]
    return seeds


def for_you_picks(
    repo: Repository, user: User, interests: Interests, model: str | None, now: datetime
) -> ForYouPicks:
    """The reader's recent articles, best first, each with the reason it was picked."""
    seeds = _seeds(repo, user, model)
    rows = repo.accounts.for_you_candidates(since=now - WINDOW, limit=CANDIDATES)
    ids = [row[0] for row in rows]
    tags = repo.stories.tags_for_articles(ids) if rows else {}
    vectors = repo.stories.vectors_for_articles(model, ids) if model and seeds and rows else {}
    candidates = [
        Candidate(
            article_id,
            source_id,
            story_id,
            sort_time,
            tuple(tags.get(article_id, ())),
            vector_from_bytes(vectors[article_id]) if article_id in vectors else None,
        )
        for article_id, source_id, story_id, sort_time in rows
    ]
    return ForYouPicks(rank_for_you(candidates, interests, seeds, now), bool(seeds))
