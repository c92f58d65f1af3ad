"""Hashtag and category pages: "Latest news with #X", a category's latest, their RSS."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tidings.enrich.categories import TAXONOMY
from tidings.models import Article
from tidings.web.feeds_out import RSS_TYPE, rss_for_articles
from tidings.web.presenters import card, decode_cursor, encode_cursor
from tidings.web.views.common import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()

_CATEGORIES = {c.slug: c.name for c in TAXONOMY}
_FEED_ITEMS = 50


def _tag(request: Request, slug: str) -> str:
    """The hashtag's display for ``slug``; 404 when no article has it."""
    if not slug or len(slug) > 120 or not slug.isascii() or not slug.replace("-", "").isalnum():
        raise HTTPException(status_code=404, detail="No such hashtag.")
    display = repository(request).tag_display(slug)
    if display is None:
        raise HTTPException(status_code=404, detail="No such hashtag.")
    return display


def _list_page(
    request: Request,
    lang: str,
    *,
    heading: str,
    path: str,
    found: list[Article],
    cursor_given: bool,
    extra: dict[str, object],
) -> HTMLResponse:
    page_size = settings(request).page_size
    articles, more = found[:page_size], len(found) > page_size
    sources = sources_by_id(request)
    moment = now(request)
    return templates(request).TemplateResponse(
        request,
        "topic.html",
        {
            "lang": lang,
            "heading": heading,
            "path": path,
            "cards": [card(a, sources, moment, lang) for a in articles],
            "next_cursor": encode_cursor(articles[-1]) if more and articles else None,
            "paged": cursor_given,
            **extra,
        },
    )


@router.api_route("/{lang}/hashtag/{slug}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def hashtag_page(request: Request, lang: str, slug: str, before: str | None = None) -> Response:
    """Every original article with this hashtag, newest first."""
    check_language(lang)
    display = _tag(request, slug)
    cursor = decode_cursor(before)
    found = repository(request).latest_articles(
        limit=settings(request).page_size + 1, before=cursor, tag=slug
    )
    return _list_page(
        request,
        lang,
        heading=f"Latest news with #{display.replace(' ', '')}",
        path=f"/{lang}/hashtag/{slug}",
        found=found,
        cursor_given=cursor is not None,
        extra={"kind": "hashtag", "display": display, "feed": f"/{lang}/hashtag/{slug}/feed.xml"},
    )


@router.api_route("/{lang}/hashtag/{slug}/feed.xml", methods=["GET", "HEAD"])
def hashtag_feed(request: Request, lang: str, slug: str) -> Response:
    """The hashtag page as RSS 2.0."""
    check_language(lang)
    tag = "#" + _tag(request, slug).replace(" ", "")
    found = repository(request).latest_articles(limit=_FEED_ITEMS, tag=slug)
    return _feed(request, lang, f"/hashtag/{slug}", tag, f"Latest news with {tag}", found)


def _feed(
    request: Request, lang: str, path: str, name: str, description: str, found: list[Article]
) -> Response:
    config = settings(request)
    body = rss_for_articles(
        title=f"{name} · {config.site_name}",
        page_url=f"{config.public_url}/{lang}{path}",
        description=description,
        articles=found,
        sources=sources_by_id(request),
        base_url=config.public_url,
        lang=lang,
    )
    return Response(body, media_type=RSS_TYPE)


@router.api_route("/{lang}/category/{slug}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def category_page(request: Request, lang: str, slug: str, before: str | None = None) -> Response:
    """The latest originals in one category of the taxonomy."""
    check_language(lang)
    name = _CATEGORIES.get(slug)
    if name is None:
        raise HTTPException(status_code=404, detail="No such category.")
    cursor = decode_cursor(before)
    found = repository(request).latest_articles(
        limit=settings(request).page_size + 1, before=cursor, category=slug
    )
    return _list_page(
        request,
        lang,
        heading=name,
        path=f"/{lang}/category/{slug}",
        found=found,
        cursor_given=cursor is not None,
        extra={"kind": "category", "display": name, "feed": f"/{lang}/category/{slug}/feed.xml"},
    )


@router.api_route("/{lang}/category/{slug}/feed.xml", methods=["GET", "HEAD"])
def category_feed(request: Request, lang: str, slug: str) -> Response:
    """The category page as RSS 2.0."""
    check_language(lang)
    name = _CATEGORIES.get(slug)
    if name is None:
        raise HTTPException(status_code=404, detail="No such category.")
    found = repository(request).latest_articles(limit=_FEED_ITEMS, category=slug)
    return _feed(request, lang, f"/category/{slug}", name, f"The latest {name} news", found)
