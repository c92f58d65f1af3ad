"""Hashtag and category pages: "Latest news with #X", a category's latest, their RSS."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tidings.enrich.categories import CATEGORY_NAMES
from tidings.models import Article
from tidings.web.feeds_out import alternates
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

_FEED_ITEMS = 50


def tag_display(request: Request, slug: str) -> str:
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
    display = tag_display(request, slug)
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
        extra={
            "kind": "hashtag",
            "display": display,
            "alternates": alternates(lang, f"/hashtag/{slug}", f"#{display.replace(' ', '')}"),
        },
    )


@router.api_route("/{lang}/category/{slug}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def category_page(request: Request, lang: str, slug: str, before: str | None = None) -> Response:
    """The latest originals in one category of the taxonomy."""
    check_language(lang)
    name = CATEGORY_NAMES.get(slug)
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
        extra={
            "kind": "category",
            "display": name,
            "alternates": alternates(lang, f"/category/{slug}", name),
        },
    )
