"""Home: the latest articles, newest first, with cursor pagination."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

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


@router.api_route("/{lang}/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def home(request: Request, lang: str, before: str | None = None) -> HTMLResponse:
    """Latest articles from every source."""
    check_language(lang)
    page_size = settings(request).page_size
    cursor = decode_cursor(before)
    found = repository(request).latest_articles(limit=page_size + 1, before=cursor)
    articles, more = found[:page_size], len(found) > page_size
    sources = sources_by_id(request)
    moment = now(request)
    return templates(request).TemplateResponse(
        request,
        "home.html",
        {
            "lang": lang,
            "cards": [card(a, sources, moment, lang) for a in articles],
            "next_cursor": encode_cursor(articles[-1]) if more and articles else None,
            "paged": cursor is not None,
            "source_count": len(sources),
            "failing_sources": sum(1 for s in sources.values() if s.last_error),
        },
    )
