"""Home: the top stories, a section per category, trending hashtags and the newest
articles not shown above; every item once. Further pages (``?before=``) and one
language's articles (``?language=``) are the latest articles, newest first.

``/{lang}/new-articles?since=TOKEN`` says how many articles arrived after the newest one a
home page was rendered with (its ``data-since``), for the page's "N new articles" notice."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from tidings.models import Article, Source, Story
from tidings.pipeline.rising_tags import rising_tags
from tidings.store import Repository
from tidings.web.accounts.sessions import read_marks
from tidings.web.feeds.feed_formats import alternates
from tidings.web.i18n import gettext as _
from tidings.web.i18n import ngettext
from tidings.web.middleware.page_cache import PageCache
from tidings.web.pages.top_stories import MIN_OUTLETS, WINDOW, top_stories
from tidings.web.presentation.labels import categories
from tidings.web.presentation.paging import article_page
from tidings.web.presentation.presenters import (
    ArticleCard,
    card,
    decode_cursor,
    encode_cursor,
    language_name,
    story_card,
)
from tidings.web.routing.slow_lists import slow_list
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    templates,
)

router = APIRouter()

# Ranking reorders by freshness, so look at more candidates than are shown.
_CANDIDATES = 50
_TRENDING = 10
# Each category's section shows this many of its newest articles; a few more are read so
# that articles of the top stories above can be left out and the section stay full.
_SECTION_ITEMS = 3
_SECTION_SPARE = 3
# Under the sections, the newest articles none of them showed, then a link to Latest.
_JUST_IN = 6
# The new-articles notice counts this many at most ("More than 99 new articles").
_NEW_CAP = 99


def _category_latest(repo: Repository) -> list[tuple[str, list[Article]]]:
    """Each category's newest originals: one bounded query per category on the
    ``(category, sort_time)`` index, run at most once a minute (``slow_list``)."""
    return [
        (slug, repo.articles.latest_articles(limit=_SECTION_ITEMS + _SECTION_SPARE, category=slug))
        for slug, _name in categories()
    ]


def _sections(
    latest: list[tuple[str, list[Article]]],
    shown: set[str],
    sources: dict[int, Source],
    moment: datetime,
    lang: str,
) -> list[tuple[str, str, list[ArticleCard]]]:
    """``(slug, name, cards)`` of every category with articles: one article per story,
    none of a story or article in ``shown`` (the top stories above, earlier sections),
    which grows by what each section shows."""
    names = dict(categories())
    sections = []
    for slug, articles in latest:
        kept: list[Article] = []
        for a in articles:
            if len(kept) < _SECTION_ITEMS and not _seen(a, shown):
                kept.append(a)
                shown.update(_keys(a))
        if kept:
            cards = [card(a, sources, moment, lang) for a in kept]
            sections.append((slug, names.get(slug, slug), cards))
    return sections


def _keys(article: Article) -> set[str]:
    """What marks an article as shown: its id, and its story's (story ids and article ids
    are both 32 hex digits of different hashes, so one set holds both)."""
    return {article.id} | ({article.story_id} if article.story_id else set())


def _seen(article: Article, shown: set[str]) -> bool:
    return bool(_keys(article) & shown)


def _just_in(articles: list[Article], shown: set[str]) -> list[Article]:
    """The newest of ``articles`` that nothing above showed, one per story."""
    picked: list[Article] = []
    for a in articles:
        if len(picked) < _JUST_IN and not _seen(a, shown):
            picked.append(a)
            shown.update(_keys(a))
    return picked


def _top_stories(repo: Repository, moment: datetime) -> list[tuple[Story, list[Article]]]:
    """The top stories with their original articles (two queries)."""
    candidates = repo.stories.recent_stories(
        since=moment - WINDOW, min_outlets=MIN_OUTLETS, limit=_CANDIDATES
    )
    top = top_stories(candidates, moment)
    members = repo.stories.story_card_articles([s.id for s in top])  # one query for them all
    return [(s, members[s.id]) for s in top]


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
    languages = slow_list(request, "languages", moment, repo.stories.article_languages)
    if language is not None and language not in {code for code, _ in languages}:
        raise HTTPException(status_code=404, detail=_("No articles in that language."))
    page = article_page(
        partial(repo.articles.latest_articles, language=language, bodies=False),  # cards: no HTML
        page_size,
        before=before,
        after=after,
        path=f"/{lang}/",
        params={"language": language or ""},
    )
    first_page = page.first_href is None and language is None
    top = _top_stories(repo, moment) if first_page else []
    latest = (
        slow_list(request, "sections", moment, lambda: _category_latest(repo)) if first_page else []
    )
    # Only the outlets the page's cards name are read, not every source.
    sources = repo.sources.sources_by_ids(
        [a.source_id for a in page.items]
        + [a.source_id for _story, members in top for a in members]
        + [a.source_id for _slug, articles in latest for a in articles]
    )
    stories = [story_card(s, members, sources, moment, lang) for s, members in top]
    shown: set[str] = {s.story.id for s in stories}
    shown.update(a.article.id for s in stories for a in s.headlines)
    sections = _sections(latest, shown, sources, moment, lang)
    source_count, failing_sources = repo.sources.source_tally()
    # The first page is a front page: the newest articles the blocks above left out, and
    # a link to all of them; without blocks (no stories, no categories yet) the list itself.
    front = bool(stories or sections)
    newest = page.items[0] if first_page and page.items else None
    if not front:
        read_marks(request, [a.id for a in page.items])  # the cards' marks in one query
    return templates(request).TemplateResponse(
        request,
        "home.html",
        {
            "lang": lang,
            "stories": stories,
            "sections": sections,
            "trending": slow_list(
                request,
                "trending",
                moment,
                lambda: rising_tags(repo.stories, moment, limit=_TRENDING),
            )
            if first_page
            else [],
            "languages": [(code, language_name(code, lang), n) for code, n in languages],
            "language": language,
            "alternates": alternates(lang, "", _("Latest news")),
            "categories": categories(),
            "front": front,
            "just_in": [card(a, sources, moment, lang) for a in _just_in(page.items, shown)]
            if front
            else [],
            "cards": [] if front else [card(a, sources, moment, lang) for a in page.items],
            "pager": None if front else page,
            "since": encode_cursor(newest) if newest else None,
            "source_count": source_count,
            "failing_sources": failing_sources,
        },
    )


def _drop_stale_home(request: Request, lang: str) -> None:
    """Forget this process's kept home page once it is past its freshness, so that the
    notice's click renders the page anew rather than serving that stale copy while it is
    renewed; a fresh one stays, so readers' polls cost one rendering per freshness period."""
    cache = getattr(request.app.state, "page_cache", None)
    if not isinstance(cache, PageCache):
        return
    key = f"/{lang}/"
    kept = cache.get(key)
    if kept is not None and cache.clock() - kept.stored >= cache.seconds:
        cache.drop(key)


@router.get("/{lang}/new-articles", response_class=JSONResponse)
def new_articles(request: Request, lang: str, since: str) -> JSONResponse:
    """How many articles (copies left out) are newer than the one ``since`` points at
    (a token from the home page's ``data-since``), with the notice's words; never kept by
    a cache, since it changes with every article stored."""
    check_language(lang)
    cursor = decode_cursor(since)
    if cursor is None:
        raise HTTPException(status_code=422, detail=_("That is not a valid position."))
    found = len(repository(request).articles.latest_articles(limit=_NEW_CAP + 1, after=cursor))
    if found:
        _drop_stale_home(request, lang)
    if found > _NEW_CAP:
        label = _("More than %(num)d new articles") % {"num": _NEW_CAP}
    else:
        label = ngettext("%(num)d new article", "%(num)d new articles", found) % {"num": found}
    return JSONResponse(
        {"count": min(found, _NEW_CAP), "more": found > _NEW_CAP, "label": label},
        headers={"Cache-Control": "no-store"},
    )
