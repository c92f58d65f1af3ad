"""Home: the top stories, then the latest articles, newest first, with cursor pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar, cast

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.enrich.categories import TAXONOMY
from tidings.enrich.trending import TagActivity, trending_tags
from tidings.models import Source
from tidings.store import SqlRepository
from tidings.web.feeds_out import alternates
from tidings.web.presenters import (
    StoryCard,
    card,
    decode_cursor,
    encode_cursor,
    language_name,
    story_card,
)
from tidings.web.top_stories import MIN_OUTLETS, WINDOW, top_stories
from tidings.web.views.common import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()
T = TypeVar("T")

# Ranking reorders by freshness, so look at more candidates than are shown.
_CANDIDATES = 50
_TRENDING = 10
# The language list and trending hashtags scan many rows and change slowly: computed at
# most this often per process, not on every view of the home page.
_SLOW_LISTS_EVERY = timedelta(seconds=60)


def _slow_list(request: Request, name: str, moment: datetime, compute: Callable[[], T]) -> T:
    memo: dict[str, tuple[datetime, object]] | None = getattr(request.app.state, "home_lists", None)
    if memo is None:
        memo = request.app.state.home_lists = {}
    kept = memo.get(name)
    if kept is None or not kept[0] <= moment < kept[0] + _SLOW_LISTS_EVERY:
        kept = (moment, compute())
        memo[name] = kept
    return cast(T, kept[1])


def _trending(repo: SqlRepository, moment: datetime) -> list[tuple[str, str]]:
    """Hashtags on the rise: ``(slug, display)``, steepest first."""
    rows = repo.tag_activity(moment)
    displays = {slug: display for slug, display, *_ in rows}
    activity = [TagActivity(slug, day, week, outlets) for slug, _, day, week, outlets in rows]
    return [(t.slug, displays[t.slug]) for t in trending_tags(activity, limit=_TRENDING)]


def _story_cards(
    repo: SqlRepository, sources: dict[int, Source], moment: datetime, lang: str
) -> list[StoryCard]:
    candidates = repo.recent_stories(
        since=moment - WINDOW, min_outlets=MIN_OUTLETS, limit=_CANDIDATES
    )
    return [
        story_card(s, repo.story_articles(s.id, include_copies=False), sources, moment, lang)
        for s in top_stories(candidates, moment)
    ]


@router.api_route("/{lang}/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def home(
    request: Request, lang: str, before: str | None = None, language: str | None = None
) -> HTMLResponse:
    """Top stories (on the first page), then the latest articles from every source; with
    ``language``, only articles in that language (and no top stories)."""
    check_language(lang)
    page_size = settings(request).page_size
    cursor = decode_cursor(before)
    repo = repository(request)
    moment = now(request)
    languages = _slow_list(request, "languages", moment, repo.article_languages)
    if language is not None and language not in {code for code, _ in languages}:
        raise HTTPException(status_code=404, detail="No articles in that language.")
    found = repo.latest_articles(limit=page_size + 1, before=cursor, language=language)
    first_page = cursor is None and language is None
    articles, more = found[:page_size], len(found) > page_size
    sources = sources_by_id(request)
    return templates(request).TemplateResponse(
        request,
        "home.html",
        {
            "lang": lang,
            "stories": _story_cards(repo, sources, moment, lang) if first_page else [],
            "trending": _slow_list(request, "trending", moment, lambda: _trending(repo, moment))
            if first_page
            else [],
            "languages": [(code, language_name(code, lang), n) for code, n in languages],
            "language": language,
            "alternates": alternates(lang, "", "Latest news"),
            "categories": [(c.slug, c.name) for c in TAXONOMY],
            "cards": [card(a, sources, moment, lang) for a in articles],
            "next_cursor": encode_cursor(articles[-1]) if more and articles else None,
            "paged": cursor is not None,
            "source_count": len(sources),
            "failing_sources": sum(1 for s in sources.values() if s.last_error),
        },
    )
