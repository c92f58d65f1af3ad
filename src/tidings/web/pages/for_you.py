"""The reader's "For you" page: recent articles ranked by what they follow and read.

``pipeline/for_you.py`` picks and ranks them (bounded work per view); this shows the picks
with the reason each is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tidings.accounts.for_you import Interests, Reason
from tidings.accounts.models import Follow, Mute, User
from tidings.pipeline.for_you import for_you_picks
from tidings.pipeline.for_you import vector_model as model_name
from tidings.web.accounts.sessions import require_user
from tidings.web.i18n import gettext as _
from tidings.web.presentation.presenters import ArticleCard, card, outlet_name
from tidings.web.routing.params import parse_id
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()


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
    if name is None:
        name = request.app.state.vector_model = model_name(config)
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
    follows = repo.accounts.follows(user.id)
    mutes = repo.accounts.mutes(user.id)
    interests = Interests(
        hashtags={f.target: f.target for f in follows if f.kind == "hashtag"},
        sources={
            source_id: outlet_name(sources.get(source_id)) for source_id in _source_ids(follows)
        },
        stories=frozenset(f.target for f in follows if f.kind == "story"),
        muted_hashtags=frozenset(m.target for m in mutes if m.kind == "hashtag"),
        muted_sources=frozenset(_source_ids(mutes)),
    )
    found = for_you_picks(repo, user, interests, vector_model(request), moment)
    picks = found.picks
    page_size = settings(request).page_size
    pages = max(1, -(-len(picks) // page_size))
    page = min(max(page, 1), pages)
    shown = picks[(page - 1) * page_size : page * page_size]
    reasons = {pick.article_id: reason_text(pick.reason) for pick in shown}
    items = [
        ForYouItem(card(article, sources, moment, lang), reasons[article.id])
        for article in repo.articles.articles_by_ids([pick.article_id for pick in shown])
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
            "follows_nothing": interests.empty and not found.has_seeds,
        },
    )
