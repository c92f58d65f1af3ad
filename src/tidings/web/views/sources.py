"""Sources: who Tidings follows, and how each feed is doing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tidings.web.presenters import outlet_name, time_view
from tidings.web.views.common import check_language, now, repository, templates

router = APIRouter()


@router.api_route("/{lang}/sources", methods=["GET", "HEAD"], response_class=HTMLResponse)
def sources_page(request: Request, lang: str) -> HTMLResponse:
    """Every source with its last check, article count and last error."""
    check_language(lang)
    moment = now(request)
    rows = [
        {
            "source": s,
            "name": outlet_name(s),
            "checked": time_view(s.last_checked_at, moment, lang),
            "error_at": time_view(s.last_error_at, moment, lang),
        }
        for s in repository(request).list_sources()
    ]
    return templates(request).TemplateResponse(
        request, "sources.html", {"lang": lang, "rows": rows}
    )
