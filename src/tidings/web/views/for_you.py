"""The reader's "For you" page: recent articles ranked by what they follow and read.

Bounded work per view: at most ``_CANDIDATES`` originals of the last ``_WINDOW``, their
hashtags and stored vectors, and the vectors of the reader's last ``_SEEDS`` reads and
saves (never re-encoded: the profile is built from what ingest stored). The ranking itself
is ``tidings.accounts.for_you``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tidings.accounts.for_you import Candidate, Interests, Reason, Seed, rank_for_you
from tidings.accounts.models import Follow, Mute, User
from tidings.enrich.embeddings import Embedder
from tidings.store import SqlRepository
from tidings.store.vectors import vector_from_bytes
from tidings.web.accounts import require_user
from tidings.web.i18n import gettext as _
from tidings.web.params import parse_id
from tidings.web.presenters import ArticleCard, card, outlet_name
from tidings.web.views.common import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()

_WINDOW = timedelta(days=3)
_CANDIDATES = 600
_SEEDS = 100


@dataclass(frozen=True, slots=True)
class ForYouItem:
    """An article card with the reason it is on the page."""

    card: ArticleCard
    reason: str


def vector_model(request: Request) -> str | None:
    """The model name ingest stores vectors under (None when stories are off)."""
    config = settings(request)
    if not config.stories:
        return None
    name: str | None = getattr(request.app.state, "vector_model", None)
    if name is None:  # naming the model does not load it
        name = Embedder(config.embedding_model, backend=config.embedding_backend).name
        request.app.state.vector_model = name
    return name


def reason_text(reason: Reason) -> str:
    """The reason as the page says it."""
    if reason.kind == "story":
        return _("Because you follow this story")
    if reason.kind in ("hashtag", "source"):
        name = f"#{reason.name.replace(' ', '')}" if reason.kind == "hashtag" else reason.name
        return _("Because you follow %(name)s") % {"name": name}
    if reason.how == "saved":
        return _("Similar to “%(title)s”, which you saved") % {"title": reason.name}
    return _("Similar to “%(title)s”, which you read") % {"title": reason.name}


def _source_ids(chosen: Iterable[Follow | Mute]) -> list[int]:
    """The ids of the sources among things followed or muted."""
    found = (parse_id(c.target) for c in chosen if c.kind == "source")
    return [source_id for source_id in found if source_id is not None]


def _seeds(repo: SqlRepository, user: User, model: str | None) -> list[Seed]:
    read = repo.reading_history(user.id, limit=_SEEDS)
    saved = repo.saved_articles(user.id, limit=_SEEDS)
    if model is None or not (read or saved):
        return []
    ids = [e.article_id for e in read] + [e.article_id for e in saved]
    vectors = repo.vectors_for_articles(model, ids)
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


@router.get("/{lang}/for-you", response_class=HTMLResponse)
def for_you(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    page: int = 1,
) -> HTMLResponse:
    """Recent articles matching what the reader follows or is like what they read."""
    check_language(lang)
    repo = repository(request)
    moment = now(request)
    sources = sources_by_id(request)
    follows = repo.follows(user.id)
    mutes = repo.mutes(user.id)
    interests = Interests(
        hashtags={f.target: f.target for f in follows if f.kind == "hashtag"},
        sources={
            source_id: outlet_name(sources.get(source_id)) for source_id in _source_ids(follows)
        },
        stories=frozenset(f.target for f in follows if f.kind == "story"),
        muted_hashtags=frozenset(m.target for m in mutes if m.kind == "hashtag"),
        muted_sources=frozenset(_source_ids(mutes)),
    )
    model = vector_model(request)
    seeds = _seeds(repo, user, model)
    rows = repo.for_you_candidates(since=moment - _WINDOW, limit=_CANDIDATES)
    ids = [row[0] for row in rows]
    tags = repo.tags_for_articles(ids) if rows else {}
    vectors = repo.vectors_for_articles(model, ids) if model and seeds and rows else {}
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
    picks = rank_for_you(candidates, interests, seeds, moment)
    page_size = settings(request).page_size
    pages = max(1, -(-len(picks) // page_size))
    page = min(max(page, 1), pages)
    shown = picks[(page - 1) * page_size : page * page_size]
    reasons = {pick.article_id: reason_text(pick.reason) for pick in shown}
    items = [
        ForYouItem(card(article, sources, moment, lang), reasons[article.id])
        for article in repo.articles_by_ids([pick.article_id for pick in shown])
    ]
    return templates(request).TemplateResponse(
        request,
        "for_you.html",
        {
            "lang": lang,
            "nav": "for-you",
            "items": items,
            "page": page,
            "pages": pages,
            "follows_nothing": interests.empty and not seeds,
        },
    )
