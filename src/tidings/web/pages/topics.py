"""Article lists by topic: the latest news from every source ("Latest"), "Latest news with
#X", a category's latest; each cursor-paged, each with its feeds."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tidings.web.accounts.sessions import read_marks
from tidings.web.feeds.feed_formats import alternates
from tidings.web.http_cache import newest_change, not_modified, stamp
from tidings.web.i18n import gettext as _
from tidings.web.presentation.labels import category_name
from tidings.web.presentation.paging import ArticleFetch, article_page
from tidings.web.presentation.presenters import card
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()

_FEED_ITEMS = 50


def tag_display(request: Request, slug: str) -> str:
    """The hashtag's display for ``slug``; 404 when no article has it."""
    if not slug or len(slug) > 120 or not slug.isascii() or not slug.replace("-", "").isalnum():
        raise HTTPException(status_code=404, detail=_("No such hashtag."))
    display = repository(request).stories.tag_display(slug)
    if display is None:
        raise HTTPException(status_code=404, detail=_("No such hashtag."))
    return display


def _list_page(
    request: Request,
    lang: str,
    *,
    heading: str,
    path: str,
    fetch: ArticleFetch,
    before: str | None,
    after: str | None,
    extra: dict[str, object],
) -> Response:
    page = article_page(fetch, settings(request).page_size, before=before, after=after, path=path)
    changed = newest_change(page.items)
    unchanged = not_modified(request, changed)
    if unchanged is not None:
        return unchanged
    sources = sources_by_id(request)
    moment = now(request)
    read_marks(request, [a.id for a in page.items])  # the cards' marks in one query
    response = templates(request).TemplateResponse(
        request,
        "topic.html",
        {
            "lang": lang,
            "heading": heading,
            "path": path,
            "cards": [card(a, sources, moment, lang) for a in page.items],
            "pager": page,
            **extra,
        },
    )
    return stamp(response, changed)


@router.api_route("/{lang}/latest", methods=["GET", "HEAD"], response_class=HTMLResponse)
def latest_page(
    request: Request, lang: str, before: str | None = None, after: str | None = None
) -> Response:
    """Every original article from every source, newest first (copies left out)."""
    check_language(lang)
    heading = _("Latest news")
    return _list_page(
        request,
        lang,
        heading=heading,
        path=f"/{lang}/latest",
        fetch=repository(request).articles.latest_articles,
        before=before,
        after=after,
        extra={
            "kind": "latest",
            "display": heading,
            "alternates": alternates(lang, "/latest", heading),
        },
    )


@router.api_route("/{lang}/hashtag/{slug}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def hashtag_page(
    request: Request, lang: str, slug: str, before: str | None = None, after: str | None = None
) -> Response:
    """Every original article with this hashtag, newest first."""
    check_language(lang)
    display = tag_display(request, slug)
    return _list_page(
        request,
        lang,
        heading=_("Latest news with %(hashtag)s") % {"hashtag": f"#{display.replace(' ', '')}"},
        path=f"/{lang}/hashtag/{slug}",
        fetch=partial(repository(request).articles.latest_articles, tag=slug),
        before=before,
        after=after,
        extra={
            "kind": "hashtag",
            "slug": slug,
            "display": display,
            "alternates": alternates(lang, f"/hashtag/{slug}", f"#{display.replace(' ', '')}"),
        },
    )


@router.api_route("/{lang}/category/{slug}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def category_page(
    request: Request, lang: str, slug: str, before: str | None = None, after: str | None = None
) -> Response:
    """The latest originals in one category of the taxonomy."""
    check_language(lang)
    name = category_name(slug)
    if name is None:
        raise HTTPException(status_code=404, detail=_("No such category."))
    return _list_page(
        request,
        lang,
        heading=name,
        path=f"/{lang}/category/{slug}",
        fetch=partial(repository(request).articles.latest_articles, category=slug),
        before=before,
        after=after,
        extra={
            "kind": "category",
            "display": name,
            "alternates": alternates(lang, f"/category/{slug}", name),
        },
    )
