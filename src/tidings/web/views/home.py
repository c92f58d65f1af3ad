"""Home: the top stories, a section per category, trending hashtags, then the latest
articles, newest first, with cursor pagination."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar, cast

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.models import Article, Source
from tidings.pipeline.rising_tags import rising_tags
from tidings.store import SqlRepository
from tidings.web.feeds_out import alternates
from tidings.web.i18n import gettext as _
from tidings.web.labels import categories
from tidings.web.paging import article_page
from tidings.web.presenters import (
    ArticleCard,
    StoryCard,
    card,
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
# Each category's section shows this many of its newest articles; a few more are read so
# that articles of the top stories above can be left out and the section stay full.
_SECTION_ITEMS = 3
_SECTION_SPARE = 3
# The language list and trending hashtags scan many rows and change slowly: computed at
# most this often per process, not on every view of the home page.
_SLOW_LISTS_EVERY = timedelta(seconds=60)
_SLOW_LISTS_LOCK = threading.Lock()


def _fresh(kept: tuple[datetime, object] | None, moment: datetime) -> bool:
    return kept is not None and kept[0] <= moment < kept[0] + _SLOW_LISTS_EVERY


def _slow_list(request: Request, name: str, moment: datetime, compute: Callable[[], T]) -> T:
    state = request.app.state
    memo: dict[str, tuple[datetime, object]] | None = getattr(state, "home_lists", None)
    if memo is None:
        memo = state.home_lists = {}
    kept = memo.get(name)
    if not _fresh(kept, moment):
        # One request computes; the others that arrive meanwhile (a burst after a restart
        # or at expiry) wait for its result instead of each running the same scan.
        with _SLOW_LISTS_LOCK:
            kept = memo.get(name)
            if not _fresh(kept, moment):
                kept = memo[name] = (moment, compute())
    assert kept is not None
    return cast(T, kept[1])


def _category_latest(repo: SqlRepository) -> list[tuple[str, list[Article]]]:
    """Each category's newest originals: one bounded query per category on the
    ``(category, sort_time)`` index, run at most once a minute (``_slow_list``)."""
    return [
        (slug, repo.latest_articles(limit=_SECTION_ITEMS + _SECTION_SPARE, category=slug))
        for slug, _name in categories()
    ]


def _sections(
    latest: list[tuple[str, list[Article]]],
    shown: set[str],
    sources: dict[int, Source],
    moment: datetime,
    lang: str,
) -> list[tuple[str, str, list[ArticleCard]]]:
    """``(slug, name, cards)`` of every category with articles, leaving out those of the
    stories ``shown`` above."""
    names = dict(categories())
    sections = []
    for slug, articles in latest:
        kept = [a for a in articles if a.story_id is None or a.story_id not in shown]
        if kept:
            cards = [card(a, sources, moment, lang) for a in kept[:_SECTION_ITEMS]]
            sections.append((slug, names.get(slug, slug), cards))
    return sections


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
    request: Request,
    lang: str,
    before: str | None = None,
    after: str | None = None,
    language: str | None = None,
) -> HTMLResponse:
    """Top stories, a section per category and trending hashtags (on the first page), then
    the latest articles from every source; with ``language``, only articles in that
    language (and none of the rest)."""
    check_language(lang)
    page_size = settings(request).page_size
    repo = repository(request)
    moment = now(request)
    languages = _slow_list(request, "languages", moment, repo.article_languages)
    if language is not None and language not in {code for code, _ in languages}:
        raise HTTPException(status_code=404, detail=_("No articles in that language."))
    page = article_page(
        partial(repo.latest_articles, language=language),
        page_size,
        before=before,
        after=after,
        path=f"/{lang}/",
        params={"language": language or ""},
    )
    first_page = page.first_href is None and language is None
    sources = sources_by_id(request)
    stories = _story_cards(repo, sources, moment, lang) if first_page else []
    sections = (
        _sections(
            _slow_list(request, "sections", moment, lambda: _category_latest(repo)),
            {s.story.id for s in stories},
            sources,
            moment,
            lang,
        )
        if first_page
        else []
    )
    return templates(request).TemplateResponse(
        request,
        "home.html",
        {
            "lang": lang,
            "stories": stories,
            "sections": sections,
            "trending": _slow_list(
                request, "trending", moment, lambda: rising_tags(repo, moment, limit=_TRENDING)
            )
            if first_page
            else [],
            "languages": [(code, language_name(code, lang), n) for code, n in languages],
            "language": language,
            "alternates": alternates(lang, "", _("Latest news")),
            "categories": categories(),
            "cards": [card(a, sources, moment, lang) for a in page.items],
            "pager": page,
            "source_count": len(sources),
            "failing_sources": sum(1 for s in sources.values() if s.last_error),
        },
    )
