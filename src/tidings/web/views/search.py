"""The search page: words over titles and bodies, with filters and marked snippets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.enrich.categories import TAXONOMY
from tidings.store.search import SearchQuery, query_words
from tidings.web.labels import all_labels
from tidings.web.presenters import card, language_name
from tidings.web.views.common import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()

MAX_PAGE = 50  # deeper than this, a better query helps more than another page


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=422, detail=f"{name} is not a date (YYYY-MM-DD).") from None


@router.api_route("/{lang}/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_page(
    request: Request,
    lang: str,
    q: str = "",
    source: str = "",
    category: str | None = None,
    language: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: int = 1,
) -> HTMLResponse:
    """Articles with every word of ``q`` in their title or body, best first, filtered by
    outlet, category, language, article type and dates."""
    check_language(lang)
    if not 1 <= page <= MAX_PAGE:
        raise HTTPException(status_code=404, detail="No such page of results.")
    first, last = _day(since, "From"), _day(until, "To")
    if source and not source.isdigit():
        raise HTTPException(status_code=422, detail="Outlet must be a source number.")
    repo = repository(request)
    sources = sources_by_id(request)
    page_size = settings(request).page_size
    query = SearchQuery(
        text=q,
        source_id=int(source) if source else None,
        category=category or None,
        language=language or None,
        article_type=type or None,
        since=datetime.combine(first, time(), UTC) if first else None,
        until=datetime.combine(last, time(), UTC) + timedelta(days=1) if last else None,
        limit=page_size + 1,
        offset=(page - 1) * page_size,
    )
    hits = repo.search(query) if query_words(q) else []
    moment = now(request)
    shown = hits[:page_size]
    kept = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def page_href(number: int) -> str:
        return f"/{lang}/search?{urlencode({**kept, 'page': number})}"

    return templates(request).TemplateResponse(
        request,
        "search.html",
        {
            "lang": lang,
            "nav": "search",
            "q": q,
            "asked": bool(query_words(q)),
            "results": [(card(h.article, sources, moment, lang), h.snippet) for h in shown],
            "page": page,
            "next_href": page_href(page + 1) if len(hits) > page_size and page < MAX_PAGE else None,
            "previous_href": page_href(page - 1) if page > 1 else None,
            "query": query,
            "since": since or "",
            "until": until or "",
            "sources": sorted(
                ((s.id, s.title or s.feed_url) for s in sources.values()), key=lambda s: s[1]
            ),
            "categories": [(c.slug, c.name) for c in TAXONOMY],
            "languages": [
                (code, language_name(code, lang)) for code, _ in repo.article_languages()
            ],
            "types": [(label.schema_type, label.name) for label in all_labels()],
        },
    )
