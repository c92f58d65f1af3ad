"""The article page: the republished story with everything around it."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tidings.errors import NotFound
from tidings.models import Article, ArticleState, DisplayPolicy
from tidings.pipeline.related_reading import related_for
from tidings.store import Repository
from tidings.web.accounts.sessions import read_marks, record_reading
from tidings.web.ai.ai_views import ai_cache, translation_ready
from tidings.web.ai.panel import article_ai
from tidings.web.http_cache import stamp
from tidings.web.i18n import gettext as _
from tidings.web.presentation.labels import category_name, guess_label, label_for
from tidings.web.presentation.presenters import (
    card,
    excerpt,
    language_name,
    outlet_name,
    time_view,
    translation_original,
)
from tidings.web.routing.params import hex_id_or_404
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    templates,
)
from tidings.web.seo.jsonld import article_jsonld, script_json

router = APIRouter()


_EXCERPT_PARAGRAPHS = 2
_MINUTE = timedelta(minutes=1)


def _other_outlets(repo: Repository, article: Article) -> int:
    """How many outlets besides this article's own cover its story."""
    if article.story_id is None:
        return 0
    return repo.stories.other_outlets_in_story(article.story_id, article.source_id)


@router.api_route(
    "/{lang}/article/{article_id}", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def article_page(request: Request, lang: str, article_id: str) -> Response:
    """One article: header, label, body or excerpt, share link, related articles."""
    check_language(lang)
    hex_id_or_404(article_id, _("No such article."))
    repo = repository(request)
    try:
        article = repo.articles.get_article(article_id)
    except NotFound as exc:
        # A second copy merged into its original keeps working as a link.
        original = repo.articles.resolve_article_id(article_id)
        if original is not None and original != article_id:
            return RedirectResponse(f"/{lang}/article/{original}", status_code=301)
        raise HTTPException(status_code=404, detail=_("No such article.")) from exc
    moment = now(request)
    config = settings(request)
    source_article = None
    if article.duplicate_of:
        try:
            source_article = repo.articles.get_article(article.duplicate_of)
        except NotFound:
            source_article = None
    root = source_article.id if source_article else article.id
    related = related_for(
        repo, article, root, limit=config.related_limit, stories=config.stories, now=moment
    )
    copies = [c for c in repo.articles.copies_of(root) if c.id != article.id]
    also = ([source_article] if source_article else []) + copies
    # The few outlets this page names, in one query, not every source (a per-view cost
    # that grows with the source list).
    sources = repo.sources.sources_by_ids([a.source_id for a in (article, *related, *also)])
    source = sources.get(article.source_id)
    if source is None:
        raise HTTPException(status_code=404, detail=_("No such article."))
    other_outlets = _other_outlets(repo, article)
    page_url = f"{config.public_url}/{lang}/article/{article.id}"
    has_body = article.state is not ArticleState.FAILED and bool(article.html)
    full = has_body and source.display_policy is DisplayPolicy.FULL
    excerpt_paragraphs: list[str] = []
    if not full:
        if article.text:
            excerpt_paragraphs = article.text.split("\n\n")[:_EXCERPT_PARAGRAPHS]
        elif article.summary:
            excerpt_paragraphs = [article.summary]
    ai = None
    if config.ai:
        ai = article_ai(
            article,
            config,
            ai_cache(request),
            lang=lang,
            now=moment,
            full=full,
            translate=translation_ready(request, article.language, lang),
        )
    label = label_for(article.article_type)
    modified = None
    if article.modified and article.published and article.modified - article.published > _MINUTE:
        modified = time_view(article.modified, moment, lang)
    record_reading(request, article.id)  # signed-in readers only
    read_marks(request, [a.id for a in related])  # the cards' marks in one query
    response = templates(request).TemplateResponse(
        request,
        "article.html",
        {
            "lang": lang,
            "article": article,
            "source": source,
            "outlet": outlet_name(source),
            "published": time_view(article.published or article.discovered_at, moment, lang),
            "modified": modified,
            "label": label,
            "guessed_label": None if label else guess_label(article.url),
            "tags": repo.stories.tags_of(article.id),
            "category": (article.category, category_name(article.category))
            if category_name(article.category)
            else None,
            "language_name": language_name(article.language, lang) if article.language else None,
            "full": full,
            "translated_from": translation_original(article),
            "pending": article.state in (ArticleState.DISCOVERED, ArticleState.FAILED),
            "excerpt_paragraphs": excerpt_paragraphs,
            "description": excerpt(article, 300),
            "page_url": page_url,
            "jsonld": script_json(article_jsonld(article, source, page_url, config.site_name)),
            "related": [card(a, sources, moment, lang) for a in related],
            "original": source_article,
            "also": [(a, outlet_name(sources.get(a.source_id))) for a in also],
            "story_id": article.story_id if other_outlets else None,
            "other_outlets": other_outlets,
            "ai": ai,
            "body_html": ai.body_html if ai and ai.body_html else article.html,
        },
    )
    changed = article.published or article.sort_time
    if article.modified and (changed is None or article.modified > changed):
        changed = article.modified
    return stamp(response, changed)
