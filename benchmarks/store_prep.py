"""What a serving measurement makes on a cached bench store before it loads it: what the
story stage would have made for its sample articles at ingest, and a signed-in reader.
(``serving_store.py`` builds the stores; ``serving_scale.py`` and ``view_cpu.py`` use these.)"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.serving_store import database_url
from tidings.config import Settings
from tidings.store import open_repository

__all__ = ["made_at_ingest", "signed_in_cookie"]


def made_at_ingest(
    data_dir: Path, ids: list[str], *, key_points: bool = True, made: datetime | None = None
) -> dict[str, float]:
    """Make and store these articles' key points and, for outlets shown in full, their
    anchored bodies, as the story stage does (``StoryStage._key_points``, in its batches of
    64); the CPU it took per article. ``made`` (by default the time the build completed, so
    that ``forget_new_ai_outputs`` keeps them: they are ingest's work, not a view's) is the
    time they are stored under."""
    from tidings.models import DisplayPolicy
    from tidings.pipeline.article_ai import (
        anchored_body_key,
        anchored_body_payload,
        extracted_key_points,
        extracted_key_points_key,
    )

    settings = Settings(
        data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir)
    )
    if made is None:
        made = datetime.fromisoformat((data_dir / "complete").read_text().strip()).replace(
            tzinfo=UTC
        )
    repo = open_repository(settings, run_migrations=False)
    full = {
        s.id
        for s in repo.sources.list_sources(with_counts=False)
        if s.display_policy is DisplayPolicy.FULL
    }
    points_cpu = body_cpu = 0.0
    for n in range(0, len(ids), 64):
        start = time.process_time()
        batch = repo.articles.articles_by_ids(ids[n : n + 64])  # the stage reads no HTML here
        points = {a.id: extracted_key_points(a, now=made) for a in batch}
        outputs = [(extracted_key_points_key(a), points[a.id]) for a in batch] if key_points else []
        middle = time.process_time()
        bodies = repo.articles.articles_by_ids([a.id for a in batch if a.source_id in full])
        for article in bodies:
            cited = [p["sentence_id"] for p in points[article.id]["points"]]
            outputs.append(
                (anchored_body_key(article, cited), anchored_body_payload(article, cited))
            )
        repo.articles.save_ai_outputs(outputs, now=made)
        points_cpu += middle - start
        body_cpu += time.process_time() - middle
    repo.engine.dispose()
    return {
        "ingest_key_points_ms_per_article": round(points_cpu / max(len(ids), 1) * 1000, 3),
        "ingest_bodies_and_store_ms_per_article": round(body_cpu / max(len(ids), 1) * 1000, 3),
    }


def signed_in_cookie(data_dir: Path) -> str:
    """A ``Cookie`` header value for a reader signed in to this store (made the first time:
    an account following two outlets and two hashtags, with a session of its own)."""
    from tidings.accounts.tokens import new_token, token_hash
    from tidings.web.accounts.sessions import SESSION_COOKIE, session_cookie_value

    settings = Settings(
        data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir)
    )
    repo = open_repository(settings, run_migrations=False)
    moment = datetime.now(UTC)
    user = repo.accounts.find_user("bench-reader")
    if user is None:
        user = repo.accounts.create_user("bench-reader", "not-a-password-hash", now=moment)
        for source in repo.sources.list_sources(with_counts=False)[:2]:
            repo.accounts.follow(user.id, "source", str(source.id), now=moment)
        for tag in ("economy", "climate"):
            repo.accounts.follow(user.id, "hashtag", tag, now=moment)
    token = new_token()
    repo.accounts.create_session(
        user.id, token_hash(token), now=moment, expires_at=moment + timedelta(days=1)
    )
    secret = repo.accounts.site_secret("csrf", new_token())  # the web process's, once made
    repo.engine.dispose()
    return f"{SESSION_COOKIE}={session_cookie_value(secret, token)}"
