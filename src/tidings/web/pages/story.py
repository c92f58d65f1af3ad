"""The story page: one event as every outlet covered it ("Full coverage")."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.pipeline.story_titles import story_title
from tidings.web.ai.ai_views import ai_cache
from tidings.web.ai.story_brief import StoryArticle, story_brief
from tidings.web.feeds.feed_formats import alternates
from tidings.web.i18n import gettext as _
from tidings.web.i18n import ngettext
from tidings.web.pages.coverage import arrange_coverage
from tidings.web.presentation.paging import sliced_page
from tidings.web.presentation.presenters import time_view
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    story_or_404,
    templates,
)
from tidings.web.seo.jsonld import script_json, story_jsonld

router = APIRouter()

# A story with more original articles than this lists them a page at a time (newest page
# first); counts, type mix, brief and structured data still cover all of them.
STORY_PAGE = 100


@router.api_route("/{lang}/story/{story_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def story_page(request: Request, lang: str, story_id: str) -> HTMLResponse:
    """A story: its articles by outlet, a timeline, the mix of types, headlines compared."""
    check_language(lang)
    story = story_or_404(request, story_id)
    repo = repository(request)
    moment = now(request)
    sources = sources_by_id(request)
    stored = repo.stories.story_articles(story.id)
    coverage = arrange_coverage(stored, sources, moment, lang)
    if not coverage.items:
        raise HTTPException(status_code=404, detail=_("No such story."))
    page = sliced_page(
        coverage.items[::-1],
        STORY_PAGE,
        lambda item: item.article.id,
        start=request.query_params.get("from"),
        path=f"/{lang}/story/{story.id}",
    )
    shown = coverage
    if page.previous_href or page.next_href:
        page_articles = [
            a for item in page.items for a in (item.article, *(c.article for c in item.copies))
        ]
        shown = replace(
            arrange_coverage(page_articles, sources, moment, lang), type_mix=coverage.type_mix
        )
    first, last = coverage.items[0].article, coverage.items[-1].article
    config = settings(request)
    page_url = f"{config.public_url}/{lang}/story/{story.id}"
    title, title_language = story_title(story, stored, lang)
    listed = [
        (f"{config.public_url}/{lang}/article/{item.article.id}", item.article.title)
        for item in coverage.items
    ]
    brief = None
    if config.ai and coverage.outlet_count >= 2:
        members = [StoryArticle(item.article, item.outlet) for item in coverage.items]
        brief = story_brief(story.id, members, config, ai_cache(request), lang=lang, now=moment)
    return templates(request).TemplateResponse(
        request,
        "story.html",
        {
            "lang": lang,
            "story": story,
            "title": title,
            "title_language": title_language if title_language != lang else None,
            "coverage": shown,
            "total": coverage,
            "pager": page,
            "first_seen": time_view(story.first_seen or first.sort_time, moment, lang),
            "updated": time_view(story.last_updated or last.sort_time, moment, lang),
            "page_url": page_url,
            "alternates": alternates(lang, f"/story/{story.id}", title),
            "description": _("%(story)s: %(articles)s from %(outlets)s.")
            % {
                "story": title,
                "articles": ngettext("%(num)d article", "%(num)d articles", coverage.article_count)
                % {"num": coverage.article_count},
                "outlets": ngettext("%(num)d outlet", "%(num)d outlets", coverage.outlet_count)
                % {"num": coverage.outlet_count},
            },
            "jsonld": script_json(story_jsonld(title, page_url, listed)),
            "brief": brief,
        },
    )
