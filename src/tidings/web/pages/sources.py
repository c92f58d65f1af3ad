"""Sources: who Tidings follows, and how each feed is doing."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.accounts.models import Role
from tidings.models import Source
from tidings.web.accounts.sessions import current_user, read_marks
from tidings.web.feeds.feed_formats import alternates
from tidings.web.http_cache import newest_change, stamp
from tidings.web.i18n import gettext as _
from tidings.web.presentation.paging import article_page, sliced_page
from tidings.web.presentation.presenters import card, language_name, outlet_name, time_view
from tidings.web.routing.params import id_or_404
from tidings.web.routing.view_context import check_language, now, repository, settings, templates

router = APIRouter()

SOURCES_PAGE = 100  # sources listed on one page of /sources


def _operator(request: Request) -> bool:
    """Whether the page may show how feeds are polled (format, next check, WebSub): to an
    admin, the one who runs the sources; readers see who an outlet is and how it is doing.
    Signed-in pages are never kept by the page cache, so no reader sees an admin's copy."""
    user = current_user(request)
    return user is not None and user.has_role(Role.ADMIN)


def _health(source: Source, request: Request, lang: str) -> dict[str, Any]:
    moment = now(request)
    return {
        "source": source,
        "name": outlet_name(source),
        "checked": time_view(source.last_checked_at, moment, lang),
        "success": time_view(source.last_success_at, moment, lang),
        "error_at": time_view(source.last_error_at, moment, lang),
        "next_check": time_view(source.next_check_at, moment, lang) if source.enabled else None,
    }


@router.api_route("/{lang}/sources", methods=["GET", "HEAD"], response_class=HTMLResponse)
def sources_page(request: Request, lang: str) -> HTMLResponse:
    """Every source with its health: status, last success and error, next check, rate;
    a page of ``SOURCES_PAGE`` at a time, from the source numbered ``from``."""
    check_language(lang)
    start = request.query_params.get("from")
    page = sliced_page(
        repository(request).sources.list_sources(now=now(request)),
        SOURCES_PAGE,
        lambda s: str(s.id),
        start=start,
        path=f"/{lang}/sources",
    )
    rows = [_health(s, request, lang) for s in page.items]
    return templates(request).TemplateResponse(
        request,
        "sources.html",
        {
            "lang": lang,
            "rows": rows,
            "nav": "sources",
            "pager": page,
            "pager_kind": "sources",
            "operator": _operator(request),
        },
    )


@router.api_route(
    "/{lang}/source/{source_id}", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def source_page(
    request: Request,
    lang: str,
    source_id: str,
    before: str | None = None,
    after: str | None = None,
) -> HTMLResponse:
    """One source: who it is, its feed and health, and its latest articles, paged."""
    check_language(lang)
    repo = repository(request)
    wanted = id_or_404(source_id, _("No such source."))
    try:
        source = next(s for s in repo.sources.list_sources(now=now(request)) if s.id == wanted)
    except StopIteration:
        raise HTTPException(status_code=404, detail=_("No such source.")) from None
    page = article_page(
        partial(repo.articles.latest_articles, source_id=source.id),
        settings(request).page_size,
        before=before,
        after=after,
        path=f"/{lang}/source/{source.id}",
    )
    sources = {source.id: source}
    read_marks(request, [a.id for a in page.items])  # the cards' marks in one query
    response = templates(request).TemplateResponse(
        request,
        "source.html",
        {
            "lang": lang,
            "nav": "sources",
            "operator": _operator(request),
            "row": _health(source, request, lang),
            "cards": [card(a, sources, now(request), lang) for a in page.items],
            "pager": page,
            "language": language_name(source.language, lang) if source.language else None,
            "alternates": alternates(lang, f"/source/{source.id}", outlet_name(source)),
        },
    )
    return stamp(response, newest_change(page.items))  # its health line changes too: no 304
